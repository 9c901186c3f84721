"""/api/deals: 技术转移项目 — the list and detail of the deals the caller may see, opening and editing a deal,
moving it through its stages, its checklist, team, activity log, documents, stage history and feedback; and the
technology contracts (/api/deals/contracts).

Every write goes through hardtech.deals.services; who may is hardtech.deals.permissions. A deal the caller may
not see is a 404 (missing and invisible look the same); a visible one the caller may not touch is a 403; a stale
version or a step from the wrong stage is a 409; bad input is a 422 in the documented shape. Reads take the
session or a token, writes a token.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from hardtech.accounts.models import User
from hardtech.catalogue import permissions as catalogue_permissions
from hardtech.catalogue.api.common import etag, expected_version
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.catalogue.permissions import is_operator
from hardtech.catalogue.services import Conflict
from hardtech.core.api.auth import token_auth
from hardtech.core.api.common import caller, check_references, forbid_unless, paginate
from hardtech.core.api.common import refusals as common_refusals
from hardtech.core.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, Id, PageParams, ValidationErrorOut
from hardtech.core.search import bounded_query
from hardtech.core.workflow import Note, WrongState, available
from hardtech.deals import contracts, permissions, services, workflow
from hardtech.deals.models import (
    Activity,
    ChecklistItem,
    Contract,
    Deal,
    DealMember,
    Document,
    DocumentVersion,
    StageVisit,
    TeamRole,
)
from hardtech.deals.schemas import (
    ActivityIn,
    ActivityOut,
    ChecklistItemIn,
    ChecklistItemOut,
    ChecklistItemPatch,
    ContractDetail,
    ContractFields,
    ContractFilters,
    ContractPage,
    ContractPatch,
    CorrectIn,
    DealCreate,
    DealDetail,
    DealDocumentOut,
    DealFeedbackIn,
    DealFeedbackOut,
    DealFilters,
    DealPage,
    DealPatch,
    LeadIn,
    MemberIn,
    MemberOut,
    MoveIn,
    RegisteredOut,
    RegisterIn,
    ReturnIn,
    TeamOut,
    TeamRoleOut,
    VisitOut,
)

router = Router(tags=["技术转移项目"])

READ = READ_ERRORS
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = WRITE_ERRORS


def refusals():
    """The services' refusals: 403 with the reason, 409 for a stale version or a wrong stage."""
    return common_refusals(WrongState, Conflict)


# --- lookups and shapes -------------------------------------------------------------------------------------


def _deal(request: HttpRequest, deal_id: int) -> Deal:
    """The deal if the caller may see it; invisible and missing look the same (404)."""
    deal = Deal.objects.select_related("lead", "landed_company").filter(pk=deal_id).first()
    if deal is None or not permissions.can_view(caller(request), deal):
        raise Http404
    return deal


def _user(u: User | None) -> dict | None:
    return None if u is None else {"id": u.pk, "name": str(u)}


def _deal_out(d: Deal) -> dict:
    return {
        "id": d.pk,
        "code": d.code,
        "title": d.title,
        "stage": d.stage,
        "stage_label": d.get_stage_display(),
        "source": d.source,
        "source_label": d.get_source_display(),
        "lead": _user(d.lead),
        "amount": d.amount,
        "stage_entered_at": d.stage_entered_at,
        "opened_at": d.opened_at,
        "closed_at": d.closed_at,
        "version": d.version,
    }


def _refs(queryset: QuerySet, attr: str = "name") -> list[dict]:
    return [{"id": o.pk, "name": getattr(o, attr)} for o in queryset.order_by("pk")]


def _detail(request: HttpRequest, response: HttpResponse, d: Deal) -> dict:
    """The deal as stored now, with the steps the caller may take; the ETag carries its version."""
    d = Deal.objects.select_related("lead", "landed_company").get(pk=d.pk)
    etag(response, d)
    company = d.landed_company
    return {
        **_deal_out(d),
        "summary": d.summary,
        "stage_note": d.stage_note,
        "end_reason": d.end_reason,
        "end_reason_label": d.get_end_reason_display() if d.end_reason else "",
        "landing": d.landing,
        "landing_label": d.get_landing_display() if d.landing else "",
        "landed_company": {"id": company.pk, "name": company.name} if company else None,
        "achievements": _refs(d.achievements.all(), "title"),
        "experts": _refs(d.experts.all()),
        "demands": _refs(d.demands.all(), "title"),
        "sellers": _refs(d.sellers.all()),
        "buyers": _refs(d.buyers.all()),
        "steps": [
            {"name": t.name, "label": t.label, "note_required": t.note is Note.REQUIRED}
            for t in available(workflow.DEAL, caller(request), d)
        ],
    }


# --- deals --------------------------------------------------------------------------------------------------


@router.get("", auth=token_auth, response={200: DealPage, 401: ErrorOut}, summary="技术转移项目列表")
def list_deals(request: HttpRequest, filters: Query[DealFilters], page: Query[PageParams]) -> dict:
    """Only the deals the caller may see: the operator all, the team and the parties their own."""
    qs = permissions.visible_deals(caller(request)).select_related("lead")
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.lead:
        qs = qs.filter(lead_id=filters.lead)
    if filters.source:
        qs = qs.filter(source=filters.source)
    if filters.buyer:
        qs = qs.filter(pk__in=Deal.buyers.through.objects.filter(organisation=filters.buyer).values("deal"))
    if filters.seller:
        qs = qs.filter(pk__in=Deal.sellers.through.objects.filter(organisation=filters.seller).values("deal"))
    for term in bounded_query(filters.q or "").split():  # at most MAX_QUERY_TERMS words
        qs = qs.filter(Q(title__icontains=term) | Q(code__icontains=term) | Q(summary__icontains=term))
    result = paginate(qs.order_by("-opened_at", "-id"), page)
    return {**result, "items": [_deal_out(d) for d in result["items"]]}


@router.get(
    "/team-roles", auth=token_auth, response={200: list[TeamRoleOut], 401: ErrorOut}, summary="团队角色"
)
def team_roles(request: HttpRequest) -> list[dict]:
    """The specialists' roles a deal team may have (知识产权、法务、财务 …), configured by the zone."""
    return [{"code": r.code, "label": r.label} for r in TeamRole.objects.all()]


# --- contracts: /api/deals/contracts ------------------------------------------------------------------------


def _contract_out(c: Contract) -> dict:
    return {
        "id": c.pk,
        "deal": c.deal_id,
        "project_name": c.project_name,
        "contract_type": c.contract_type,
        "contract_type_label": c.get_contract_type_display(),
        "buyer_name": c.buyer_name,
        "seller_name": c.seller_name,
        "signed_on": c.signed_on,
        "total_amount": c.total_amount,
        "technology_amount": c.technology_amount,
        "status": c.status,
        "status_label": c.get_status_display(),
        "registration_no": c.registration_no,
        "registered_at": c.registered_at,
        "version": c.version,
    }


def _contract(request: HttpRequest, contract_id: int) -> Contract:
    """The contract if the caller may see it; otherwise 404."""
    contract = Contract.objects.select_related("deal").filter(pk=contract_id).first()
    if contract is None or not permissions.can_view_contract(caller(request), contract):
        raise Http404
    return contract


def _contract_detail(response: HttpResponse, c: Contract) -> dict:
    c = Contract.objects.get(pk=c.pk)
    etag(response, c)
    return {
        **_contract_out(c),
        **{
            name: getattr(c, name)
            for name in (
                "buyer_credit_code",
                "buyer_kind",
                "buyer_region",
                "buyer_in_zone",
                "seller_credit_code",
                "seller_kind",
                "seller_region",
                "seller_in_zone",
                "valid_from",
                "valid_to",
                "paid_amount",
                "payment_method",
                "ip_type",
                "tech_field",
                "expected_investment",
                "expected_output",
                "registrar_note",
                "submitted_at",
                "imported",
            )
        },
        "buyer": c.buyer_id,
        "seller": c.seller_id,
        "costs": [
            {
                "kind": x.kind,
                "kind_label": x.get_kind_display(),
                "description": x.description,
                "amount": x.amount,
            }
            for x in c.costs.all()
        ],
        "revisions": c.revisions.count(),
    }


@router.get(
    "/contracts", auth=token_auth, response={200: ContractPage, 401: ErrorOut}, summary="技术合同列表"
)
def list_contracts(request: HttpRequest, filters: Query[ContractFilters], page: Query[PageParams]) -> dict:
    """The contracts the caller may see: the operator all, the registrar every one submitted, the team and the
    parties their deal's."""
    qs = permissions.visible_contracts(caller(request))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.type:
        qs = qs.filter(contract_type=filters.type)
    if filters.year:
        qs = qs.filter(signed_on__year=filters.year)
    result = paginate(qs.order_by("-signed_on", "-id"), page)
    return {**result, "items": [_contract_out(c) for c in result["items"]]}


@router.get(
    "/contracts/{contract_id}",
    auth=token_auth,
    response={200: ContractDetail, **READ},
    summary="技术合同详情",
)
def get_contract(request: HttpRequest, response: HttpResponse, contract_id: Id) -> dict:
    return _contract_detail(response, _contract(request, contract_id))


def _contract_fields(payload: ContractFields) -> tuple[dict, list[tuple] | None]:
    """The sent fields and, when sent, the cost lines as contracts.Cost tuples."""
    data = payload.dict(exclude_unset=True)
    costs = data.pop("costs", None)
    lines = None if costs is None else [(c["kind"], c.get("description", ""), c["amount"]) for c in costs]
    return data, lines


@router.patch(
    "/contracts/{contract_id}",
    auth=token_auth,
    response={200: ContractDetail, **WRITE},
    summary="修改技术合同登记信息",
)
def patch_contract(
    request: HttpRequest, response: HttpResponse, contract_id: Id, payload: ContractPatch
) -> dict:
    """The deal's team (or the operator) edits a draft or returned record; `costs`, when sent, replaces the
    cost lines and the 技术交易额 is derived (合同总额 − 非技术性费用). A stale `version` (or If-Match) is a 409."""
    contract = _contract(request, contract_id)
    data, costs = _contract_fields(payload)
    version = expected_version(request, data)
    with refusals():
        saved = contracts.save_contract(caller(request), contract, data, costs, version)
    return _contract_detail(response, saved)


@router.post(
    "/contracts/{contract_id}/submit",
    auth=token_auth,
    response={200: ContractDetail, **WRITE},
    summary="提交技术合同认定登记",
)
def submit_contract(request: HttpRequest, response: HttpResponse, contract_id: Id) -> dict:
    """The team hands the record to the registry (ticks the deal's contract checklist items)."""
    contract = _contract(request, contract_id)
    with refusals():
        saved = contracts.submit(caller(request), contract)
    return _contract_detail(response, saved)


@router.post(
    "/contracts/{contract_id}/return",
    auth=token_auth,
    response={200: ContractDetail, **WRITE},
    summary="退回补正",
)
def return_contract(request: HttpRequest, response: HttpResponse, contract_id: Id, payload: ReturnIn) -> dict:
    """The registrar (or the operator) sends a submitted record back to the team with what to correct."""
    contract = _contract(request, contract_id)
    with refusals():
        saved = contracts.return_for_correction(caller(request), contract, payload.note)
    return _contract_detail(response, saved)


@router.post(
    "/contracts/{contract_id}/register",
    auth=token_auth,
    response={200: RegisteredOut, **WRITE},
    summary="认定登记",
)
def register_contract(
    request: HttpRequest, response: HttpResponse, contract_id: Id, payload: RegisterIn
) -> dict:
    """The registrar (or the operator) registers a submitted record: may reclassify its type and confirm a
    技术交易额 (not above the total); the platform numbers it (16 digits) and stamps it, moves the deal from 签约
    to 登记 when its checklist is done, and writes the contract into both parties' 一企一档."""
    contract = _contract(request, contract_id)
    with refusals():
        saved = contracts.register(
            caller(request), contract, payload.contract_type, payload.technology_amount, payload.note
        )
    return {**_contract_detail(response, saved), "deal_outcome": getattr(saved, "deal_outcome", "")}


@router.post(
    "/contracts/{contract_id}/correct",
    auth=token_auth,
    response={200: ContractDetail, **WRITE},
    summary="更正已登记的技术合同",
)
def correct_contract(
    request: HttpRequest, response: HttpResponse, contract_id: Id, payload: CorrectIn
) -> dict:
    """The registrar corrects a registered record with a reason; the record as it stood is kept as a revision.
    A stale `version` (or If-Match) is a 409."""
    contract = _contract(request, contract_id)
    data, costs = _contract_fields(payload)
    reason = data.pop("reason")
    technology_amount = data.pop("technology_amount", None)
    version = expected_version(request, data)
    with refusals():
        saved = contracts.correct(
            caller(request), contract, data, costs, reason, technology_amount, version=version
        )
    return _contract_detail(response, saved)


def _linked(model: type, ids: list[int], field: str, user: User | None = None) -> list:
    """The referenced records; missing ones are a 422. With `user`, the records are listings (achievements,
    demands) and, as on the form, only the ones the user may see can be linked: the others are a 422 too."""
    check_references({field: (model, ids)})
    records = list(model.objects.filter(pk__in=ids))
    if user is not None:
        visible = set(
            catalogue_permissions.visible_listings(user, model.objects.filter(pk__in=ids)).values_list(
                "pk", flat=True
            )
        )
        hidden = sorted(
            r.pk for r in records if r.pk not in visible or not catalogue_permissions.can_view(user, r)
        )
        if hidden:
            raise ValidationError(
                {field: [f"无权查看以下{model._meta.verbose_name}，不能关联：{'、'.join(map(str, hidden))}"]}
            )
    return records


@router.post("", auth=token_auth, response={201: DealDetail, **ERRORS}, summary="创建技术转移项目")
def open_deal(request: HttpRequest, response: HttpResponse, payload: DealCreate):
    """A technology manager opens a deal and leads it; the operator opens one and names its lead. The sellers
    default to the achievements' and experts' organisations, the buyers to the demands' enterprises."""
    user = caller(request)
    forbid_unless(permissions.can_open(user), "只有技术经理人和管委会可以创建技术转移项目")
    lead = None
    if payload.lead is not None and payload.lead != user.pk:
        forbid_unless(is_operator(user), "只有管委会可以指定牵头技术经理人")
        lead = User.objects.filter(pk=payload.lead).first()
        if lead is None:
            raise ValidationError({"lead": ["用户不存在"]})
    with refusals():
        deal = services.open_deal(
            user,
            title=payload.title,
            summary=payload.summary,
            source=payload.source,
            achievements=_linked(Achievement, payload.achievements, "achievements", user),
            experts=_linked(Expert, payload.experts, "experts"),
            demands=_linked(Demand, payload.demands, "demands", user),
            sellers=_linked(Organisation, payload.sellers, "sellers"),
            buyers=_linked(Organisation, payload.buyers, "buyers"),
            amount=payload.amount,
            lead=lead,
        )
    return Status(201, _detail(request, response, deal))


@router.get("/{deal_id}", auth=token_auth, response={200: DealDetail, **READ}, summary="技术转移项目详情")
def get_deal(request: HttpRequest, response: HttpResponse, deal_id: Id) -> dict:
    """With the ETag of the deal's version (send it back as If-Match, or as `version`, when changing it)."""
    return _detail(request, response, _deal(request, deal_id))


@router.patch("/{deal_id}", auth=token_auth, response={200: DealDetail, **WRITE}, summary="修改技术转移项目")
def patch_deal(request: HttpRequest, response: HttpResponse, deal_id: Id, payload: DealPatch) -> dict:
    """The team (or the operator) changes the title, summary or amount of an open deal; a stale `version` (or
    If-Match) is a 409."""
    deal = _deal(request, deal_id)
    user = caller(request)
    forbid_unless(permissions.can_work(user, deal), "无权修改该项目")
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, data)
    with refusals():
        saved = services.update_deal(user, deal, data, version)
    return _detail(request, response, saved)


@router.post(
    "/{deal_id}/move", auth=token_auth, response={200: DealDetail, **WRITE}, summary="推进、越过清单或终止"
)
def move_deal(request: HttpRequest, response: HttpResponse, deal_id: Id, payload: MoveIn) -> dict:
    """Take a step of the deal's course (the detail's `steps` lists those the caller may take now):
    `to_<stage>` once the current stage's checklist is done; `skip_to_<stage>` by the lead or the operator
    with the reason as `note`; `end` with `note` and `reason`. 403 when the caller may not, 409 from the wrong
    stage, 422 for an unfinished checklist, a missing note, reason or landing."""
    deal = _deal(request, deal_id)
    data = {k: v for k, v in (("reason", payload.reason), ("landing", payload.landing)) if v}
    with refusals():
        saved = services.move(caller(request), deal, payload.transition, payload.note, data)
    return _detail(request, response, saved)


@router.post(
    "/{deal_id}/lead", auth=token_auth, response={200: DealDetail, **WRITE}, summary="更换牵头技术经理人"
)
def change_lead(request: HttpRequest, response: HttpResponse, deal_id: Id, payload: LeadIn) -> dict:
    deal = _deal(request, deal_id)
    user = caller(request)
    forbid_unless(permissions.can_lead(user, deal), "只有牵头技术经理人和管委会可以更换牵头人")
    new_lead = User.objects.filter(pk=payload.user).first()
    if new_lead is None:
        raise ValidationError({"user": ["用户不存在"]})
    with refusals():
        saved = services.change_lead(user, deal, new_lead)
    return _detail(request, response, saved)


@router.post(
    "/{deal_id}/contract",
    auth=token_auth,
    response={201: ContractDetail, **WRITE},
    summary="填写技术合同登记信息",
)
def draft_contract(request: HttpRequest, response: HttpResponse, deal_id: Id, payload: ContractFields):
    """The team (or the operator) starts the deal's contract record, prefilled from the deal (project name,
    buyer and seller with their credit codes, kinds and regions, field, amount); the fields sent take
    precedence. One record per deal."""
    deal = _deal(request, deal_id)
    user = caller(request)
    forbid_unless(permissions.can_work(user, deal), "只有项目团队和管委会可以填写技术合同登记信息")
    data, costs = _contract_fields(payload)
    with refusals():
        contract = contracts.draft_contract(user, deal, data, costs or ())
    return Status(201, _contract_detail(response, contract))


# --- checklist ----------------------------------------------------------------------------------------------


def _item_out(i: ChecklistItem) -> dict:
    return {
        "id": i.pk,
        "stage": i.stage,
        "stage_label": i.get_stage_display(),
        "code": i.code,
        "label": i.label,
        "required": i.required,
        "due_on": i.due_on,
        "done": i.done,
        "done_at": i.done_at,
        "done_by": _user(i.done_by),
        "note": i.note,
    }


@router.get(
    "/{deal_id}/checklist",
    auth=token_auth,
    response={200: list[ChecklistItemOut], **READ},
    summary="阶段清单",
)
def checklist(request: HttpRequest, deal_id: Id) -> list[dict]:
    """Every stage's items the deal has reached, in order."""
    deal = _deal(request, deal_id)
    return [_item_out(i) for i in deal.checklist.select_related("done_by").order_by("id")]


@router.post(
    "/{deal_id}/checklist",
    auth=token_auth,
    response={201: ChecklistItemOut, **ERRORS},
    summary="添加清单事项",
)
def add_item(request: HttpRequest, deal_id: Id, payload: ChecklistItemIn):
    """A task of the team's own in the deal's current stage."""
    deal = _deal(request, deal_id)
    user = caller(request)
    forbid_unless(permissions.can_work(user, deal), "无权更新该项目的清单")
    with refusals():
        item = services.add_item(user, deal, payload.label, payload.due_on, payload.required)
    return Status(201, _item_out(item))


@router.patch(
    "/{deal_id}/checklist/{item_id}",
    auth=token_auth,
    response={200: ChecklistItemOut, **ERRORS},
    summary="完成清单事项或修改截止日期",
)
def patch_item(request: HttpRequest, deal_id: Id, item_id: Id, payload: ChecklistItemPatch) -> dict:
    deal = _deal(request, deal_id)
    user = caller(request)
    item = get_object_or_404(ChecklistItem.objects.select_related("deal"), pk=item_id, deal=deal)
    forbid_unless(permissions.can_work(user, deal), "无权更新该项目的清单")
    data = payload.dict(exclude_unset=True)
    with refusals():
        if "due_on" in data:
            item = services.set_due(user, item, data["due_on"])
        if data.get("done") is not None:
            item = services.tick(user, item, data["done"], data.get("note") or "")
        elif data.get("note"):
            item = services.tick(user, item, item.done, data["note"])
    item = ChecklistItem.objects.select_related("done_by").get(pk=item.pk)
    return _item_out(item)


# --- team ---------------------------------------------------------------------------------------------------


def _member_out(m: DealMember) -> dict:
    return {
        "id": m.pk,
        "user": _user(m.user),
        "role": m.role.code,
        "role_label": m.role.label,
        "added_at": m.added_at,
    }


def _team_out(deal: Deal) -> dict:
    members = deal.members.select_related("user", "role")
    return {"lead": _user(deal.lead), "members": [_member_out(m) for m in members]}


@router.get("/{deal_id}/team", auth=token_auth, response={200: TeamOut, **READ}, summary="项目团队")
def get_team(request: HttpRequest, deal_id: Id) -> dict:
    return _team_out(_deal(request, deal_id))


@router.post("/{deal_id}/team", auth=token_auth, response={201: MemberOut, **ERRORS}, summary="添加团队成员")
def add_member(request: HttpRequest, deal_id: Id, payload: MemberIn):
    """The lead (or the operator) adds a technology manager as a specialist, with a role from /team-roles."""
    deal = _deal(request, deal_id)
    user = caller(request)
    forbid_unless(permissions.can_lead(user, deal), "只有牵头技术经理人和管委会可以调整项目团队")
    errors = {}
    member = User.objects.filter(pk=payload.user).first()
    if member is None:
        errors["user"] = ["用户不存在"]
    role = TeamRole.objects.filter(code=payload.role).first()
    if role is None:
        codes = "、".join(TeamRole.objects.values_list("code", flat=True))
        errors["role"] = [f"团队角色应为 {codes} 之一"]
    if errors:
        raise ValidationError(errors)
    with refusals():
        membership = services.add_member(user, deal, member, role)
    return Status(201, _member_out(membership))


@router.delete(
    "/{deal_id}/team/{member_id}", auth=token_auth, response={204: None, **ERRORS}, summary="移出团队成员"
)
def remove_member(request: HttpRequest, deal_id: Id, member_id: Id):
    deal = _deal(request, deal_id)
    membership = get_object_or_404(DealMember.objects.select_related("deal", "user"), pk=member_id, deal=deal)
    with refusals():
        services.remove_member(caller(request), membership)
    return Status(204, None)


# --- activity, documents, stages, feedback ------------------------------------------------------------------


def _activity_out(a: Activity) -> dict:
    return {
        "id": a.pk,
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "occurred_at": a.occurred_at,
        "summary": a.summary,
        "body": a.body,
        "author": _user(a.author),
        "created_at": a.created_at,
    }


@router.get(
    "/{deal_id}/activities", auth=token_auth, response={200: list[ActivityOut], **READ}, summary="活动记录"
)
def activities(request: HttpRequest, deal_id: Id) -> list[dict]:
    deal = _deal(request, deal_id)
    return [_activity_out(a) for a in deal.activities.select_related("author")]


@router.post(
    "/{deal_id}/activities", auth=token_auth, response={201: ActivityOut, **ERRORS}, summary="记录活动"
)
def log_activity(request: HttpRequest, deal_id: Id, payload: ActivityIn):
    deal = _deal(request, deal_id)
    user = caller(request)
    forbid_unless(permissions.can_work(user, deal), "只有项目团队可以记录活动")
    with refusals():
        activity = services.log_activity(
            user, deal, payload.kind, payload.summary, payload.body, payload.occurred_at
        )
    return Status(201, _activity_out(activity))


def _version_out(v: DocumentVersion) -> dict:
    return {
        "id": v.pk,
        "number": v.number,
        "name": v.name,
        "content_type": v.content_type,
        "size": v.size,
        "note": v.note,
        "uploaded_by": _user(v.uploaded_by),
        "uploaded_at": v.uploaded_at,
        "url": reverse("deals:document", args=[v.pk]),
    }


def _document_out(d: Document) -> dict:
    return {
        "id": d.pk,
        "title": d.title,
        "created_at": d.created_at,
        "versions": [_version_out(v) for v in d.versions.all()],
    }


@router.get(
    "/{deal_id}/documents", auth=token_auth, response={200: list[DealDocumentOut], **READ}, summary="项目文档"
)
def documents(request: HttpRequest, deal_id: Id) -> list[dict]:
    """Each document with its versions, the newest first; `url` is the version's download on the site (signed
    in, for those who see the deal)."""
    deal = _deal(request, deal_id)
    versions = DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
    found = deal.documents.prefetch_related(Prefetch("versions", queryset=versions))
    return [_document_out(d) for d in found]


class DealDocumentIn(Schema):
    title: str = Field(max_length=200, description="文档名称；与已有文档同名则上传为其新版本")
    note: str = Field("", max_length=500, description="版本说明")


@router.post(
    "/{deal_id}/documents", auth=token_auth, response={201: DealDocumentOut, **ERRORS}, summary="上传项目文档"
)
def upload_document(
    request: HttpRequest, deal_id: Id, payload: Form[DealDocumentIn], file: File[UploadedFile]
):
    """multipart/form-data: `title`, `note` and `file` (PDF, PNG or JPEG, typed by its bytes). A title the deal
    already has adds that document's next version."""
    deal = _deal(request, deal_id)
    user = caller(request)
    forbid_unless(permissions.can_contribute(user, deal), "无权向该项目上传文档")
    with refusals():
        version = services.upload_document(user, deal, payload.title, file, payload.note)
    return Status(201, _documents_one(version.document_id))


def _documents_one(pk: int) -> dict:
    versions = DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
    return _document_out(
        Document.objects.prefetch_related(Prefetch("versions", queryset=versions)).get(pk=pk)
    )


@router.get("/{deal_id}/stages", auth=token_auth, response={200: list[VisitOut], **READ}, summary="阶段记录")
def stages(request: HttpRequest, deal_id: Id) -> list[dict]:
    """Every stay in a stage: when entered and left, who moved the deal, the note and any checklist override."""
    deal = _deal(request, deal_id)
    visits = StageVisit.objects.filter(deal=deal).select_related("moved_by").order_by("entered_at", "id")
    return [
        {
            "stage": v.stage,
            "stage_label": v.get_stage_display(),
            "entered_at": v.entered_at,
            "left_at": v.left_at,
            "moved_by": _user(v.moved_by),
            "note": v.note,
            "override": v.override,
        }
        for v in visits
    ]


@router.post(
    "/{deal_id}/feedback", auth=token_auth, response={200: DealFeedbackOut, **ERRORS}, summary="评价服务"
)
def feedback(request: HttpRequest, deal_id: Id, payload: DealFeedbackIn) -> dict:
    """After the deal is closed, a user of the buyer or the seller rates the service (1–5); one rating per
    side, again replaces it."""
    deal = _deal(request, deal_id)
    with refusals():
        given = services.give_feedback(caller(request), deal, payload.rating, payload.comment)
    return {
        "id": given.pk,
        "side": given.side,
        "side_label": given.get_side_display(),
        "rating": given.rating,
        "comment": given.comment,
        "created_at": given.created_at,
    }
