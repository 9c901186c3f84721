"""/api/grants/calls: 申报通知 — the list and detail (public for published and ended calls; drafts for the
operator), and the operator's writes: open a call, change it, publish it, end it.

Every write goes through hardtech.grants.calls. A call the caller may not see is a 404; a write by anyone but the
operator a 403; a changed version a 409; bad input a 422. Reads take the session, a token or nobody; writes a
token.
"""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from hardtech.catalogue.api.common import etag, expected_version
from hardtech.catalogue.services import Conflict
from hardtech.core.api.auth import optional_auth, token_auth
from hardtech.core.api.common import caller, paginate, refusals
from hardtech.core.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    Id,
    Page,
    PageParams,
    choice,
    text,
    version_field,
)
from hardtech.core.workflow import WrongState
from hardtech.grants import calls
from hardtech.grants.calls import Countdown, visible_calls
from hardtech.grants.choices import CallStatus, Mode
from hardtech.grants.models import Call
from hardtech.policies.views.running import policy_named

router = Router(tags=["政策兑现"])

CENT = Decimal("0.01")
READ = READ_ERRORS
WRITE = WRITE_ERRORS
ARTICLES = Field(
    None,
    description='开放的条款及兑现方式，如 {"6": "instant", "8": "reviewed", "11": "no_application"}',
    json_schema_extra={"additionalProperties": {"enum": list(Mode.values)}},
)


# --- shapes -----------------------------------------------------------------------------------------------------


class CallRequirementOut(Schema):
    id: int
    name: str
    description: str
    required: bool
    types: list[str] = Field(description="允许的文件类型：pdf、png、jpeg")
    max_mb: int
    template_url: str | None = Field(description="模板下载地址（无模板时为 null）")


class CallArticleOut(Schema):
    article: str = Field(description="条款编号，如 6")
    title: str
    mode: str
    mode_label: str
    guidance: str
    documents: list[CallRequirementOut]


class CallOut(Schema):
    id: int
    policy: str
    year: int
    title: str
    status: str
    status_label: str
    opens_at: datetime
    deadline: datetime
    accepting: bool = Field(description="受理中：已发布、已开始受理且未过截止时间")
    countdown: str = Field(description="距截止时间的说明，如“距截止还有 3 天”")
    version: int


class CallPage(Page):
    items: list[CallOut]


class CallDetail(CallOut):
    policy_title: str
    description: str
    review_by: date | None
    notice_from: date | None
    notice_days: int
    published_at: datetime | None
    annual_cap: Decimal | None = Field(description="单个申请主体年度支持上限（万元）")
    articles: list[CallArticleOut]


class CallFilters(Schema):
    status: str | None = choice(CallStatus, "状态", None)
    year: int | None = Field(None, ge=2000, le=2100, description="申报年度")


class CallCreate(Schema):
    policy: str = Field(max_length=50, description="政策文件名，如 sample")
    year: int = Field(ge=2000, le=2100)
    title: str = Field(max_length=200)
    description: str = Field("", max_length=20000, description="通知正文")
    opens_at: datetime
    deadline: datetime
    review_by: date | None = None
    notice_from: date | None = None
    notice_days: int = Field(7, ge=1, le=60)
    articles: dict[str, str] = ARTICLES


class CallPatch(Schema):
    policy: str | None = Field(None, max_length=50, description="仅草稿可改")
    year: int | None = Field(None, ge=2000, le=2100, description="仅草稿可改")
    title: str | None = Field(None, max_length=200)
    description: str | None = text(20000, "通知正文")
    opens_at: datetime | None = None
    deadline: datetime | None = None
    review_by: date | None = None
    notice_from: date | None = None
    notice_days: int | None = Field(None, ge=1, le=60)
    articles: dict[str, str] | None = ARTICLES
    version: int | None = version_field()


# --- lookups ----------------------------------------------------------------------------------------------------


def _call(request: HttpRequest, call_id: int) -> Call:
    call = visible_calls(caller(request)).filter(pk=call_id).first()
    if call is None:
        raise Http404
    return call


def _out(c: Call) -> dict:
    return {
        "id": c.pk,
        "policy": c.policy,
        "year": c.year,
        "title": c.title,
        "status": c.status,
        "status_label": c.get_status_display(),
        "opens_at": c.opens_at,
        "deadline": c.deadline,
        "accepting": c.accepting(),
        "countdown": Countdown.of(c).label,
        "version": c.version,
    }


def _detail(request: HttpRequest, response: HttpResponse, call: Call) -> dict:
    c = Call.objects.get(pk=call.pk)
    etag(response, c)
    policy = policy_named(c.policy)
    return {
        **_out(c),
        "policy_title": policy.title,
        "description": c.description,
        "review_by": c.review_by,
        "notice_from": c.notice_from,
        "notice_days": c.notice_days,
        "published_at": c.published_at,
        "annual_cap": policy.annual_cap.amount.quantize(CENT) if policy.annual_cap else None,
        "articles": [
            {
                "article": a.article,
                "title": a.title,
                "mode": a.mode,
                "mode_label": a.get_mode_display(),
                "guidance": a.guidance,
                "documents": [
                    {
                        "id": d.pk,
                        "name": d.name,
                        "description": d.description,
                        "required": d.required,
                        "types": d.types,
                        "max_mb": d.max_mb,
                        "template_url": request.build_absolute_uri(reverse("grants:template", args=[d.pk]))
                        if d.template
                        else None,
                    }
                    for d in a.documents.all()
                ],
            }
            for a in c.articles.prefetch_related("documents")
        ],
    }


# --- reads ------------------------------------------------------------------------------------------------------


@router.get("/calls", auth=optional_auth, response={200: CallPage, 401: ErrorOut}, summary="申报通知列表")
def list_calls(request: HttpRequest, filters: Query[CallFilters], page: Query[PageParams]) -> dict:
    """Published and ended calls for everyone, drafts too for the operator; the newest year first."""
    qs = visible_calls(caller(request))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.year:
        qs = qs.filter(year=filters.year)
    result = paginate(qs, page)
    return {**result, "items": [_out(c) for c in result["items"]]}


@router.get(
    "/calls/{call_id}", auth=optional_auth, response={200: CallDetail, **READ}, summary="申报通知详情"
)
def get_call(request: HttpRequest, response: HttpResponse, call_id: Id) -> dict:
    """The call with its open articles, how each pays and the documents each needs."""
    return _detail(request, response, _call(request, call_id))


# --- writes (the operator) --------------------------------------------------------------------------------------


@router.post("/calls", auth=token_auth, response={201: CallDetail, **WRITE}, summary="创建申报通知（草稿）")
def create_call(request: HttpRequest, response: HttpResponse, payload: CallCreate) -> Status:
    """A draft call; `articles` must be paying articles of the policy, the year within the policy's years."""
    data = payload.dict()
    with refusals():
        call = calls.create_call(caller(request), **{**data, "articles": data["articles"] or {}})
    return Status(201, _detail(request, response, call))


@router.patch(
    "/calls/{call_id}", auth=token_auth, response={200: CallDetail, **WRITE}, summary="修改申报通知"
)
def patch_call(request: HttpRequest, response: HttpResponse, call_id: Id, payload: CallPatch) -> dict:
    """Only the sent fields change. A published call keeps its policy, year and the articles already applied
    for; a stale `version` (or If-Match) is a 409."""
    call = _call(request, call_id)
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, data)
    with refusals(WrongState, Conflict):
        saved = calls.update_call(caller(request), call, version=version, **data)
    return _detail(request, response, saved)


@router.post(
    "/calls/{call_id}/publish", auth=token_auth, response={200: CallDetail, **WRITE}, summary="发布申报通知"
)
def publish_call(request: HttpRequest, response: HttpResponse, call_id: Id) -> dict:
    call = _call(request, call_id)
    with refusals(WrongState):
        saved = calls.publish_call(caller(request), call)
    return _detail(request, response, saved)


@router.post(
    "/calls/{call_id}/close", auth=token_auth, response={200: CallDetail, **WRITE}, summary="结束申报通知"
)
def close_call(request: HttpRequest, response: HttpResponse, call_id: Id) -> dict:
    """Only after the deadline; the applications already in continue."""
    call = _call(request, call_id)
    with refusals(WrongState):
        saved = calls.close_call(caller(request), call)
    return _detail(request, response, saved)
