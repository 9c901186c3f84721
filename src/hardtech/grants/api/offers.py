"""/api/grants: 免申即享 offers (/offers: the caller's, the operator's all; confirm, decline, approve; make a call's
offers; lapse one: 不予兑现) and the reports (/reports/calls/{id}, /reports/applicants/{id}).

Every write goes through hardtech.grants.offers. An offer the caller may not see is a 404; a visible one the
caller may not act on a 403; a step from the wrong state a 409; bad input (a 收款账户 in the wrong form, past the
deadline, the annual cap) a 422. Reads take the session or a token, writes a token. Bank details are shown only to
the applicant and the operator. Money is Decimal (万元, two places).
"""

from datetime import datetime
from decimal import Decimal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from hardtech.catalogue.models import Organisation
from hardtech.core.api.auth import token_auth
from hardtech.core.api.common import caller, forbid_unless, paginate, refusals
from hardtech.core.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    Id,
    Page,
    PageParams,
    Ref,
)
from hardtech.core.workflow import WrongState
from hardtech.grants import offers, permissions, reports
from hardtech.grants.api.applications import BankIn
from hardtech.grants.choices import ApplicationStatus, Route
from hardtech.grants.models import Application, Call

router = Router(tags=["政策兑现"])

READ = {**READ_ERRORS, 403: ErrorOut}
WRITE = WRITE_ERRORS


# --- shapes -----------------------------------------------------------------------------------------------------


class OfferItemOut(Schema):
    article: str
    title: str
    computed: Decimal = Field(description="测算金额（万元）")
    exempt: Decimal = Field(description="不计入年度上限部分（万元）")
    explanation: str
    missing: list[str]
    decision: str
    approved_amount: Decimal | None = Field(description="核定金额（万元）")


class OfferBankOut(Schema):
    account_name: str
    bank_name: str
    bank_code: str
    account_number: str


class OfferOut(Schema):
    id: int
    call: Ref
    year: int
    applicant: Ref
    status: str
    status_label: str
    deadline: datetime = Field(description="确认截止时间（申报通知截止时间）")
    total: Decimal = Field(description="测算金额合计（万元）")
    items: list[OfferItemOut]
    confirmed_at: datetime | None
    bank: OfferBankOut | None = Field(description="收款账户：仅申报主体与管委会可见")


class OfferPage(Page):
    items: list[OfferOut]


class OfferFilters(Schema):
    call: int | None = Field(None, ge=1, description="申报通知 id")
    status: ApplicationStatus | None = None


class DeclineIn(Schema):
    note: str = Field("", max_length=500, description="放弃原因（选填）")


class OfferLapseIn(Schema):
    note: str = Field(..., min_length=1, max_length=500, description="不予兑现理由（必填，通知申报主体）")


class AssessmentChangeOut(Schema):
    article: str
    title: str
    before: Decimal
    after: Decimal


class ApprovedOut(Schema):
    offer: OfferOut
    changes: list[AssessmentChangeOut] = Field(description="重新测算的变化（测算变化）")


class MadeOut(Schema):
    made: int = Field(description="本次新发出的兑现确认数")
    offers: int = Field(description="本通知现有的免申即享兑现确认数（不含已放弃、已失效）")


class TotalsOut(Schema):
    requested: Decimal
    approved: Decimal
    paid: Decimal
    outstanding: Decimal
    receivable: Decimal


class StatusCount(Schema):
    status: str
    label: str
    count: int


class ApplicationRowOut(Schema):
    id: int
    applicant: Ref
    number: str | None
    route: str
    status: str
    totals: TotalsOut


class ArticleRowOut(Schema):
    article: str
    title: str
    mode: str
    applicants: int
    totals: TotalsOut
    offers_made: int | None
    offers_confirmed: int | None
    offers_declined: int | None
    offers_lapsed: int | None


class ApplicantRowOut(Schema):
    applicant: Ref
    totals: TotalsOut


class CallReportOut(Schema):
    call: Ref
    year: int
    by_status: list[StatusCount]
    totals: TotalsOut
    articles: list[ArticleRowOut]
    applicants: list[ApplicantRowOut]
    applications: list[ApplicationRowOut]


class AnnualCapOut(Schema):
    policy: str
    year: int
    counted: Decimal = Field(description="已计入年度上限（万元）")
    cap: Decimal | None
    left: Decimal | None


class HistoryRowOut(ApplicationRowOut):
    call: Ref
    year: int


class ApplicantReportOut(Schema):
    applicant: Ref
    caps: list[AnnualCapOut]
    totals: TotalsOut
    applications: list[HistoryRowOut]


# --- lookups ----------------------------------------------------------------------------------------------------


def _offer(request: HttpRequest, offer_id: int) -> Application:
    """The offer if the caller may see it; invisible, missing and not an offer look the same (404)."""
    application = (
        Application.objects.select_related("call", "applicant").filter(pk=offer_id, route=Route.OFFER).first()
    )
    if application is None or not permissions.can_view(caller(request), application):
        raise Http404
    return application


def _ref(obj, attr: str = "name") -> dict:
    return {"id": obj.pk, "name": getattr(obj, attr)}


def _offer_out(request: HttpRequest, a: Application) -> dict:
    items = list(a.items.all())
    bank = None
    if a.bank_ready and permissions.can_see_bank(caller(request), a):
        bank = {
            "account_name": a.bank_account_name,
            "bank_name": a.bank_name,
            "bank_code": a.bank_code,
            "account_number": a.bank_account_number,
        }
    return {
        "id": a.pk,
        "call": _ref(a.call, "title"),
        "year": a.call.year,
        "applicant": _ref(a.applicant),
        "status": a.status,
        "status_label": a.get_status_display(),
        "deadline": a.call.deadline,
        "total": sum((i.computed for i in items), Decimal("0.00")),
        "items": [
            {
                "article": i.article,
                "title": i.title,
                "computed": i.computed,
                "exempt": i.exempt,
                "explanation": i.explanation,
                "missing": i.missing,
                "decision": i.decision,
                "approved_amount": i.approved_amount,
            }
            for i in items
        ],
        "confirmed_at": a.submitted_at,
        "bank": bank,
    }


def _totals(t: reports.Totals) -> dict:
    return {
        "requested": t.requested,
        "approved": t.approved,
        "paid": t.paid,
        "outstanding": t.outstanding,
        "receivable": t.receivable,
    }


def _row(row: reports.ApplicationRow) -> dict:
    a = row.application
    return {
        "id": a.pk,
        "applicant": _ref(a.applicant),
        "number": a.number,
        "route": a.route,
        "status": a.status,
        "totals": _totals(row.totals),
        "call": _ref(a.call, "title"),
        "year": a.call.year,
    }


# --- offers -----------------------------------------------------------------------------------------------------


@router.get(
    "/offers", auth=token_auth, response={200: OfferPage, 401: ErrorOut}, summary="免申即享兑现确认列表"
)
def list_offers(request: HttpRequest, filters: Query[OfferFilters], page: Query[PageParams]) -> dict:
    """The caller's own offers (its organisations'); the operator's: all."""
    qs = permissions.visible_applications(caller(request)).filter(route=Route.OFFER)
    if filters.call:
        qs = qs.filter(call_id=filters.call)
    if filters.status:
        qs = qs.filter(status=filters.status)
    result = paginate(qs.prefetch_related("items").order_by("-created_at", "-id"), page)
    return {**result, "items": [_offer_out(request, a) for a in result["items"]]}


@router.get(
    "/offers/{offer_id}", auth=token_auth, response={200: OfferOut, **READ}, summary="免申即享兑现确认"
)
def get_offer(request: HttpRequest, offer_id: Id) -> dict:
    return _offer_out(request, _offer(request, offer_id))


@router.post(
    "/offers/{offer_id}/confirm", auth=token_auth, response={200: OfferOut, **WRITE}, summary="确认兑现"
)
def confirm_offer(request: HttpRequest, offer_id: Id, payload: BankIn) -> dict:
    """The applicant confirms before the call's deadline, with its 对公收款账户 (户名 = the applicant's name)."""
    offer = _offer(request, offer_id)
    with refusals(WrongState):
        saved = offers.confirm_offer(caller(request), offer, **payload.dict())
    return _offer_out(request, saved)


@router.post(
    "/offers/{offer_id}/decline", auth=token_auth, response={200: OfferOut, **WRITE}, summary="放弃兑现"
)
def decline_offer(request: HttpRequest, offer_id: Id, payload: DeclineIn) -> dict:
    offer = _offer(request, offer_id)
    with refusals(WrongState):
        saved = offers.decline_offer(caller(request), offer, payload.note)
    return _offer_out(request, saved)


@router.post(
    "/offers/{offer_id}/lapse", auth=token_auth, response={200: OfferOut, **WRITE}, summary="不予兑现（失效）"
)
def lapse_offer(request: HttpRequest, offer_id: Id, payload: OfferLapseIn) -> dict:
    """The operator ends an offer (待确认 or 已确认) that will not be paid, with the reason the applicant is told."""
    offer = _offer(request, offer_id)
    with refusals(WrongState):
        saved = offers.lapse_offer(caller(request), offer, payload.note)
    return _offer_out(request, saved)


@router.post(
    "/offers/{offer_id}/approve", auth=token_auth, response={200: ApprovedOut, **WRITE}, summary="拨付审批"
)
def approve_offer(request: HttpRequest, offer_id: Id) -> dict:
    """The operator approves a confirmed offer: re-evaluated now, each paying article posted to the ledger at the
    engine's amount; refused as a whole (422) beyond the annual cap."""
    offer = _offer(request, offer_id)
    with refusals(WrongState):
        changes = offers.approve_offer(caller(request), offer)
    return {
        "offer": _offer_out(
            request, Application.objects.select_related("call", "applicant").get(pk=offer.pk)
        ),
        "changes": [
            {"article": c.article, "title": c.title, "before": c.before, "after": c.after} for c in changes
        ],
    }


@router.post(
    "/calls/{call_id}/offers",
    auth=token_auth,
    response={200: MadeOut, **WRITE},
    summary="生成免申即享兑现名单",
)
def make_offers(request: HttpRequest, call_id: Id) -> dict:
    call = get_object_or_404(Call, pk=call_id)
    with refusals(WrongState):
        made = offers.make_offers(caller(request), call)
    return {
        "made": made,
        "offers": call.applications.filter(route=Route.OFFER)
        .exclude(status__in=(ApplicationStatus.DECLINED, ApplicationStatus.LAPSED))
        .count(),
    }


# --- reports ----------------------------------------------------------------------------------------------------


@router.get(
    "/reports/calls/{call_id}",
    auth=token_auth,
    response={200: CallReportOut, **READ},
    summary="申报通知兑现报表",
)
def call_report(request: HttpRequest, call_id: Id) -> dict:
    call = get_object_or_404(Call, pk=call_id)
    forbid_unless(permissions.can_manage(caller(request)), "兑现报表仅管委会可查看")
    report = reports.call_report(call)
    return {
        "call": _ref(call, "title"),
        "year": call.year,
        "by_status": [{"status": s, "label": label, "count": n} for s, label, n in report.by_status],
        "totals": _totals(report.totals),
        "articles": [
            {
                "article": a.article,
                "title": a.title,
                "mode": a.mode,
                "applicants": a.applicants,
                "totals": _totals(a.totals),
                "offers_made": a.offers_made if a.is_offer else None,
                "offers_confirmed": a.offers_confirmed if a.is_offer else None,
                "offers_declined": a.offers_declined if a.is_offer else None,
                "offers_lapsed": a.offers_lapsed if a.is_offer else None,
            }
            for a in report.articles
        ],
        "applicants": [{"applicant": _ref(o), "totals": _totals(t)} for o, t in report.applicants],
        "applications": [_row(r) for r in report.rows],
    }


@router.get(
    "/reports/applicants/{organisation_id}",
    auth=token_auth,
    response={200: ApplicantReportOut, **READ},
    summary="申报主体兑现记录",
)
def applicant_report(request: HttpRequest, organisation_id: Id) -> dict:
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    forbid_unless(
        reports.can_view_applicant(caller(request), organisation), "只有管委会或申报主体本身可以查看兑现记录"
    )
    report = reports.applicant_report(organisation)
    return {
        "applicant": _ref(organisation),
        "caps": [
            {"policy": c.policy, "year": c.year, "counted": c.counted, "cap": c.cap, "left": c.left}
            for c in report.caps
        ],
        "totals": _totals(report.totals),
        "applications": [_row(r) for r in report.rows],
    }
