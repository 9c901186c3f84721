"""/api/grants/applications: 申报 — the applications the caller may see, one in detail (the bank account only
for the applicant and the operator), and the writes: start, save, bank account, documents (multipart), the
承诺书, submit, withdraw, and the operator's formal check (pass / return / reject).

Every write goes through hardtech.grants.applications. An application the caller may not see is a 404; a visible
one the caller may not touch a 403; a wrong state or a stale version a 409; bad input a 422. Reads take the
session or a token, writes a token.
"""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from hardtech.catalogue.api.common import etag, expected_version
from hardtech.catalogue.models import Organisation
from hardtech.catalogue.services import Conflict
from hardtech.core.api.auth import token_auth
from hardtech.core.api.common import caller, paginate, refusals
from hardtech.core.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    Id,
    Page,
    PageParams,
    choice,
    version_field,
)
from hardtech.core.workflow import WrongState
from hardtech.grants import applications as services
from hardtech.grants import permissions
from hardtech.grants.choices import LIVE_STATUSES, ApplicationStatus, Route
from hardtech.grants.models import Application, ApplicationDocument, Call, RequiredDocument

router = Router(tags=["政策兑现"])

READ = READ_ERRORS
WRITE = WRITE_ERRORS


# --- shapes -----------------------------------------------------------------------------------------------------


class ApplicationItemOut(Schema):
    id: int
    article: str = Field(description="条款编号，如 6")
    title: str
    mode: str
    mode_label: str
    requested: Decimal = Field(description="申报金额（万元，提交时的测算金额）")
    computed: Decimal = Field(description="测算金额（万元，按最近一次测算；核定金额不得超过）")
    change: Decimal = Field(description="测算变化：测算金额 − 申报金额")
    computed_at: datetime | None
    explanation: str
    missing: list[str] = Field(description="缺少的数据")
    decision: str
    decision_label: str
    approved_amount: Decimal | None


class ApplicationDocumentOut(Schema):
    id: int
    requirement: int | None = Field(description="材料要求 id")
    name: str
    content_type: str
    size: int
    uploaded_at: datetime
    url: str


class ApplicationBankOut(Schema):
    account_name: str
    bank_name: str
    bank_code: str
    account_number: str
    confirmed_at: datetime | None


class ApplicationOut(Schema):
    id: int
    call: int
    call_title: str
    year: int
    applicant: int
    applicant_name: str
    route: str
    number: str | None = Field(description="受理编号（首次提交时生成）")
    status: str
    status_label: str
    submitted_at: datetime | None
    version: int


class ApplicationPage(Page):
    items: list[ApplicationOut]


class ApplicationDetail(ApplicationOut):
    summary: str
    contact_name: str
    contact_phone: str | None = Field(description="仅申报主体与管委会可见")
    note: str = Field(description="最近一次审查意见或说明")
    correction_deadline: datetime | None
    pledged_at: datetime | None
    checked_at: datetime | None
    bank: ApplicationBankOut | None = Field(description="收款账户：仅申报主体与管委会可见；其他人为 null")
    items: list[ApplicationItemOut]
    documents: list[ApplicationDocumentOut]
    missing: dict[str, list[str]] = Field(description="提交前尚缺的内容（仅可修改时），按表单部分分组")
    closes_at: datetime | None = Field(description="可修改、提交的截止时间（退回补正时为补正截止时间）")


class ApplicationFilters(Schema):
    call: int | None = Field(None, ge=1, description="申报通知 id")
    status: str | None = choice(ApplicationStatus, "状态", None)


class ApplicationCreate(Schema):
    call: Id = Field(description="申报通知 id")
    applicant: Id | None = Field(None, description="申报主体 id（用户只属于一个申报主体时可省略）")


class ApplicationPatch(Schema):
    summary: str | None = Field(None, max_length=4000, description="项目简介（评审专家阅读）")
    contact_name: str | None = Field(None, max_length=50)
    contact_phone: str | None = Field(None, max_length=30, description="手机或带区号的固定电话")
    articles: list[str] | None = Field(None, max_length=30, description="申报的条款编号（免申即享条款除外）")
    version: int | None = version_field()


class BankIn(Schema):
    account_name: str = Field(max_length=200, description="收款户名：须与申报主体名称一致")
    bank_name: str = Field(max_length=100, description="开户银行（含支行）")
    bank_code: str = Field(max_length=20, description="开户行联行号：12 位数字")
    account_number: str = Field(max_length=40, description="收款账号：8–32 位数字，可含空格")


class ApplicationDocumentIn(Schema):
    requirement: Id = Field(description="材料要求 id（见申报通知详情 articles[].documents[].id）")


class NoteIn(Schema):
    note: str = Field("", max_length=500)


class CheckIn(Schema):
    action: str = Field(
        description="pass 通过 / return 退回补正 / reject 不予支持", pattern="^(pass|return|reject)$"
    )
    note: str = Field("", max_length=1500, description="审查意见；退回补正与不予支持必填")
    deadline: datetime | None = Field(None, description="补正截止时间（退回补正时必填，须晚于当前时间）")


# --- lookups and shapes -----------------------------------------------------------------------------------------


def _application(request: HttpRequest, application_id: int) -> Application:
    """The application if the caller may see it; invisible and missing look the same (404)."""
    app = Application.objects.select_related("call", "applicant").filter(pk=application_id).first()
    if app is None or not permissions.can_view(caller(request), app):
        raise Http404
    return app


def _out(a: Application) -> dict:
    return {
        "id": a.pk,
        "call": a.call_id,
        "call_title": a.call.title,
        "year": a.call.year,
        "applicant": a.applicant_id,
        "applicant_name": a.applicant.name,
        "route": a.route,
        "number": a.number,
        "status": a.status,
        "status_label": a.get_status_display(),
        "submitted_at": a.submitted_at,
        "version": a.version,
    }


def _detail(request: HttpRequest, response: HttpResponse, app: Application) -> dict:
    """The application as stored now, as the caller may see it; the ETag carries its version."""
    a = Application.objects.select_related("call", "applicant").get(pk=app.pk)
    etag(response, a)
    user = caller(request)
    private = permissions.can_see_bank(user, a)
    return {
        **_out(a),
        "summary": a.summary,
        "contact_name": a.contact_name,
        "contact_phone": a.contact_phone if private else None,
        "note": a.note,
        "correction_deadline": a.correction_deadline,
        "pledged_at": a.pledged_at,
        "checked_at": a.checked_at,
        "bank": {
            "account_name": a.bank_account_name,
            "bank_name": a.bank_name,
            "bank_code": a.bank_code,
            "account_number": a.bank_account_number,
            "confirmed_at": a.bank_confirmed_at,
        }
        if private
        else None,
        "items": [
            {
                "id": i.pk,
                "article": i.article,
                "title": i.title,
                "mode": i.mode,
                "mode_label": i.get_mode_display(),
                "requested": i.requested,
                "computed": i.computed,
                "change": i.change,
                "computed_at": i.computed_at,
                "explanation": i.explanation,
                "missing": i.missing,
                "decision": i.decision,
                "decision_label": i.get_decision_display(),
                "approved_amount": i.approved_amount,
            }
            for i in a.items.all()
        ],
        "documents": [_document_out(request, d) for d in a.documents.all()],
        "missing": services.missing_for_submit(a) if services.may_edit(user, a) else {},
        "closes_at": services.closes_at(a),
    }


def _document_out(request: HttpRequest, d: ApplicationDocument) -> dict:
    return {
        "id": d.pk,
        "requirement": d.requirement_id,
        "name": d.name,
        "content_type": d.content_type,
        "size": d.size,
        "uploaded_at": d.uploaded_at,
        "url": request.build_absolute_uri(reverse("grants:document", args=[d.pk])),
    }


def _stale():
    return refusals(WrongState, Conflict)


# --- reads ------------------------------------------------------------------------------------------------------


@router.get(
    "/applications", auth=token_auth, response={200: ApplicationPage, 401: ErrorOut}, summary="申报列表"
)
def list_applications(
    request: HttpRequest, filters: Query[ApplicationFilters], page: Query[PageParams]
) -> dict:
    """The applications the caller may see: its organisations' own, those it reviews, all for the operator
    (whose list leaves drafts out unless asked for by status)."""
    user = caller(request)
    qs = permissions.visible_applications(user).filter(route=Route.APPLICATION).order_by("-created_at", "-id")
    if filters.call:
        qs = qs.filter(call_id=filters.call)
    if filters.status:
        qs = qs.filter(status=filters.status)
    elif permissions.can_manage(user):
        qs = qs.exclude(status=ApplicationStatus.DRAFT)
    result = paginate(qs, page)
    return {**result, "items": [_out(a) for a in result["items"]]}


@router.get(
    "/applications/{application_id}",
    auth=token_auth,
    response={200: ApplicationDetail, **READ},
    summary="申报详情",
)
def get_application(request: HttpRequest, response: HttpResponse, application_id: Id) -> dict:
    return _detail(request, response, _application(request, application_id))


# --- the applicant's writes -------------------------------------------------------------------------------------


@router.post(
    "/applications",
    auth=token_auth,
    response={200: ApplicationDetail, 201: ApplicationDetail, **WRITE},
    summary="开始申报（或取回已有申报）",
)
def create_application(request: HttpRequest, response: HttpResponse, payload: ApplicationCreate) -> Status:
    """A draft pre-filled with the articles the engine pays the applicant (201); the applicant's live application
    to the call if it has one (200)."""
    user = caller(request)
    call = Call.objects.filter(pk=payload.call).first()
    if call is None:
        raise ValidationError({"call": [f"申报通知不存在：{payload.call}"]})
    choices = permissions.applicant_organisations(user)
    if payload.applicant is not None:
        organisation = Organisation.objects.filter(pk=payload.applicant).first()
        if organisation is None:
            raise ValidationError({"applicant": [f"申报主体不存在：{payload.applicant}"]})
    elif len(choices) == 1:
        organisation = choices[0]
    else:
        raise ValidationError({"applicant": ["请指定申报主体 id"] if choices else ["您不属于任何申报主体"]})
    existed = Application.objects.filter(
        call=call, applicant=organisation, route=Route.APPLICATION, status__in=LIVE_STATUSES
    ).exists()
    with _stale():
        app = services.start_application(user, call, organisation)
    return Status(200 if existed else 201, _detail(request, response, app))


@router.patch(
    "/applications/{application_id}",
    auth=token_auth,
    response={200: ApplicationDetail, **WRITE},
    summary="保存申报书",
)
def patch_application(
    request: HttpRequest, response: HttpResponse, application_id: Id, payload: ApplicationPatch
) -> dict:
    """Only the sent fields change (`articles` replaces the choice); a stale `version` (or If-Match) is a 409."""
    app = _application(request, application_id)
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, data)
    fields = {
        "summary": app.summary,
        "contact_name": app.contact_name,
        "contact_phone": app.contact_phone,
        "articles": list(app.items.values_list("article", flat=True)),
    }
    fields.update({k: v for k, v in data.items() if v is not None})
    with _stale():
        saved = services.save_application(caller(request), app, version=version, **fields)
    return _detail(request, response, saved)


@router.post(
    "/applications/{application_id}/bank",
    auth=token_auth,
    response={200: ApplicationDetail, **WRITE},
    summary="填写收款账户（草稿、退回补正）或更正收款账户（已确定的申报、已确认或已确定的免申即享兑现）",
)
def set_bank(request: HttpRequest, response: HttpResponse, application_id: Id, payload: BankIn) -> dict:
    app = _application(request, application_id)
    user = caller(request)
    with _stale():
        if app.status in services.BANK_CORRECTABLE:
            saved = services.change_bank_account(user, app, **payload.dict())
        else:
            saved = services.set_bank_account(user, app, **payload.dict())
    return _detail(request, response, saved)


@router.post(
    "/applications/{application_id}/documents",
    auth=token_auth,
    response={201: ApplicationDocumentOut, **WRITE},
    summary="上传申报材料",
)
def upload_document(
    request: HttpRequest, application_id: Id, payload: Form[ApplicationDocumentIn], file: File[UploadedFile]
) -> Status:
    """multipart/form-data: `requirement` and `file` — of a type the requirement allows (read from the bytes),
    within its size limit."""
    app = _application(request, application_id)
    requirement = RequiredDocument.objects.filter(pk=payload.requirement, article__call=app.call_id).first()
    if requirement is None:
        raise ValidationError({"requirement": [f"本申报通知没有这项材料要求：{payload.requirement}"]})
    with _stale():
        document = services.upload_document(caller(request), app, requirement, file)
    return Status(201, _document_out(request, document))


@router.delete(
    "/applications/{application_id}/documents/{document_id}",
    auth=token_auth,
    response={204: None, **WRITE},
    summary="删除申报材料",
)
def delete_document(request: HttpRequest, application_id: Id, document_id: Id) -> Status:
    app = _application(request, application_id)
    document = ApplicationDocument.objects.filter(pk=document_id, application=app).first()
    if document is None:
        raise Http404
    with _stale():
        services.remove_document(caller(request), document)
    return Status(204, None)


@router.post(
    "/applications/{application_id}/pledge",
    auth=token_auth,
    response={200: ApplicationDetail, **WRITE},
    summary="签署承诺书",
)
def pledge(request: HttpRequest, response: HttpResponse, application_id: Id) -> dict:
    app = _application(request, application_id)
    with _stale():
        saved = services.pledge(caller(request), app)
    return _detail(request, response, saved)


@router.post(
    "/applications/{application_id}/submit",
    auth=token_auth,
    response={200: ApplicationDetail, **WRITE},
    summary="提交申报",
)
def submit(request: HttpRequest, response: HttpResponse, application_id: Id) -> dict:
    """Before the deadline (a returned one before its correction deadline) and complete; a 422 lists every gap
    by part (articles, documents, bank, contact_name, contact_phone, pledge)."""
    app = _application(request, application_id)
    with _stale():
        saved = services.submit(caller(request), app)
    return _detail(request, response, saved)


@router.post(
    "/applications/{application_id}/withdraw",
    auth=token_auth,
    response={200: ApplicationDetail, **WRITE},
    summary="撤回申报",
)
def withdraw(
    request: HttpRequest, response: HttpResponse, application_id: Id, payload: NoteIn | None = None
) -> dict:
    app = _application(request, application_id)
    with _stale():
        saved = services.withdraw(caller(request), app, payload.note if payload else "")
    return _detail(request, response, saved)


# --- the operator's formal check ---------------------------------------------------------------------------------


@router.post(
    "/applications/{application_id}/check",
    auth=token_auth,
    response={200: ApplicationDetail, **WRITE},
    summary="形式审查（管委会）",
)
def check(request: HttpRequest, response: HttpResponse, application_id: Id, payload: CheckIn) -> dict:
    """pass (the items are re-evaluated first), return (note and a future deadline; the applicant is told) or
    reject (note)."""
    app = _application(request, application_id)
    user = caller(request)
    with _stale():
        if payload.action == "pass":
            saved = services.pass_check(user, app, payload.note)
        elif payload.action == "return":
            saved = services.return_for_correction(user, app, payload.note, payload.deadline)
        else:
            saved = services.reject(user, app, payload.note)
    return _detail(request, response, saved)
