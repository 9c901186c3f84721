"""/api/grants: 公示 and 异议 (public reads; anyone may object, rate-limited like every anonymous call and
stricter), and the operator's review, decisions, notices, resolutions and finalisation.

Every write goes through hardtech.grants.decisions or hardtech.grants.notices. An application the caller may not
see is a 404; a visible one the caller may not decide is a 403; a step from the wrong state is a 409; bad input
is a 422. Reads take the session or a token, writes a token (an objection may be anonymous). The public shapes
carry applicant, article and amount only — never contact or bank details.
"""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from hardtech.core.api.auth import optional_auth, token_auth
from hardtech.core.api.common import caller, forbid_unless, paginate, refusals
from hardtech.core.api.schemas import (
    MAX_ITEMS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    Id,
    Page,
    PageParams,
    choice,
    money,
)
from hardtech.core.api.throttling import anonymous_limits
from hardtech.core.workflow import WrongState
from hardtech.grants import decisions, notices, permissions
from hardtech.grants.choices import NoticeStatus
from hardtech.grants.models import Application, ApplicationItem, Call, Notice, Objection
from hardtech.review.models import Anonymity
from hardtech.review.services import CriterionSpec

router = Router(tags=["政策兑现"])

READ = READ_ERRORS
WRITE = WRITE_ERRORS


# --- shapes -------------------------------------------------------------------------------------------------


class EntryOut(Schema):
    id: int
    applicant: str = Field(description="申报主体")
    article: str = Field(description="条款编号")
    article_title: str
    amount: Decimal = Field(description="拟支持金额（万元）")


class NoticeOut(Schema):
    id: int
    call: int
    title: str
    starts_on: date
    ends_on: date = Field(description="公示最后一天（含）")
    days: int
    status: str = Field(description="open 公示中 / final 公示结束")
    status_label: str
    running: bool = Field(description="今天是否在公示期内（可提出异议）")


class NoticeFilters(Schema):
    status: str | None = choice(NoticeStatus, "open 公示中 / final 公示结束", None)


class NoticePage(Page):
    items: list[NoticeOut]


class ObjectionOut(Schema):
    """An objection as the operator sees it (with the objector's contact details)."""

    id: int
    entry: int | None
    name: str
    phone: str
    email: str
    content: str
    status: str = Field(description="open 待处理 / upheld 异议成立 / dismissed 异议不成立")
    resolution: str
    created_at: datetime


class NoticeDetail(NoticeOut):
    entries: list[EntryOut] = Field(description="名单（已撤出公示的条目不列出）")
    withdrawn: list[EntryOut] | None = Field(None, description="已撤出公示的条目（仅管委会）")
    objections: list[ObjectionOut] | None = Field(None, description="异议及联系方式（仅管委会）")


class ObjectionIn(Schema):
    entry: Id | None = Field(None, description="异议针对的名单条目 id；不填为整个名单")
    name: str = Field(max_length=50, description="异议人（姓名或单位）")
    phone: str = Field(max_length=30, description="联系电话：11 位手机号或带区号的固定电话")
    email: str = Field("", max_length=254)
    content: str = Field(max_length=4000, description="异议的事实和理由（不少于 10 个字）")


class ObjectionReceipt(Schema):
    id: int
    status: str
    created_at: datetime


class CriterionIn(Schema):
    name: str = Field(max_length=100)
    weight: Decimal = Field(description="权重；各指标之和须为 1")
    scale_min: int = Field(1, ge=-100, le=100)
    scale_max: int = Field(10, ge=-100, le=100)
    anchors: str = Field("", max_length=2000)


class SendToReviewIn(Schema):
    call: Id
    applications: list[Id] = Field(max_length=MAX_ITEMS)
    title: str = Field(max_length=200)
    reviewers_per_item: int = Field(3, ge=1, le=20)
    max_load: int = Field(5, ge=1, le=200)
    deadline: datetime | None = None
    anonymity: str = Field(Anonymity.ANONYMOUS, max_length=10, json_schema_extra={"enum": Anonymity.values})
    criteria: list[CriterionIn] = Field(max_length=20)


class ReviewOut(Schema):
    round: int
    title: str
    applications: list[int]


class DecisionIn(Schema):
    item: Id = Field(description="申报条目 id")
    approve: bool = Field(description="true 拟支持 / false 不予支持")
    amount: Decimal | None = money("核定金额（拟支持时必填）")
    reason: str = Field(max_length=500, description="审定理由")


class DecisionItemOut(Schema):
    id: int
    article: str
    title: str
    mode: str
    requested: Decimal
    computed: Decimal = Field(description="当前测算金额（核定上限）")
    decision: str
    approved_amount: Decimal | None
    decision_reason: str


class CommentOut(Schema):
    reviewer: str = Field(description="实名轮次为专家姓名，否则为“匿名专家 N”")
    total: float
    recommendation: str
    text: str


class ReviewSummaryOut(Schema):
    round: int
    closed: bool
    rank: int | None
    ranked: int
    raw_mean: float | None
    reviewers: int
    submitted: int
    comments: list[CommentOut]


class DecisionsOut(Schema):
    application: int
    status: str
    items: list[DecisionItemOut]
    review: ReviewSummaryOut | None


class ConcludeIn(Schema):
    application: Id


class ApplicationStatusOut(Schema):
    id: int
    status: str
    status_label: str


class NoticeIn(Schema):
    call: Id
    title: str = Field(max_length=200)
    starts_on: date
    days: int | None = Field(None, ge=1, le=notices.MAX_DAYS, description="不填为申报通知的公示天数")


class ResolveIn(Schema):
    upheld: bool = Field(description="true 异议成立 / false 异议不成立")
    reason: str = Field(max_length=2000, description="处理意见")


def _entry_out(e) -> dict:
    return {
        "id": e.pk,
        "applicant": e.applicant_name,
        "article": e.article,
        "article_title": e.article_title,
        "amount": e.amount,
    }


def _notice_out(n: Notice) -> dict:
    return {
        "id": n.pk,
        "call": n.call_id,
        "title": n.title,
        "starts_on": n.starts_on,
        "ends_on": n.ends_on,
        "days": n.days,
        "status": n.status,
        "status_label": n.get_status_display(),
        "running": n.running(notices.today()),
    }


def _objection_out(o: Objection) -> dict:
    return {
        "id": o.pk,
        "entry": o.entry_id,
        "name": o.name,
        "phone": o.phone,
        "email": o.email,
        "content": o.content,
        "status": o.status,
        "resolution": o.resolution,
        "created_at": o.created_at,
    }


def _application(request: HttpRequest, application_id: int) -> Application:
    """The application if the caller may see it (else 404), and the caller the operator (else 403)."""
    user = caller(request)
    application = Application.objects.select_related("call", "applicant").filter(pk=application_id).first()
    if application is None or not permissions.can_view(user, application):
        raise Http404
    forbid_unless(permissions.can_manage(user), "只有管委会可以审定")
    return application


def _operator(request: HttpRequest, what: str) -> None:
    forbid_unless(permissions.can_manage(caller(request)), f"只有管委会可以{what}")


# --- 公示（公开） --------------------------------------------------------------------------------------------


@router.get("/notices", auth=optional_auth, response={200: NoticePage, 401: ErrorOut}, summary="公示列表")
def list_notices(request: HttpRequest, page: Query[PageParams], filters: Query[NoticeFilters]) -> dict:
    queryset = Notice.objects.order_by("-status", "-starts_on", "-pk")  # open ones first
    if filters.status:
        if filters.status not in NoticeStatus.values:
            raise ValidationError({"status": f"状态应为 {' 或 '.join(NoticeStatus.values)}"})
        queryset = queryset.filter(status=filters.status)
    out = paginate(queryset, page)
    out["items"] = [_notice_out(n) for n in out["items"]]
    return out


@router.get(
    "/notices/{notice_id}", auth=optional_auth, response={200: NoticeDetail, **READ}, summary="公示详情"
)
def notice_detail(request: HttpRequest, notice_id: Id) -> dict:
    return _detail(caller(request), get_object_or_404(Notice, pk=notice_id))


def _detail(user, notice: Notice) -> dict:
    out = _notice_out(notice)
    out["entries"] = [_entry_out(e) for e in notice.entries.filter(withdrawn=False).order_by("pk")]
    if permissions.can_manage(user):
        out["withdrawn"] = [_entry_out(e) for e in notice.entries.filter(withdrawn=True).order_by("pk")]
        out["objections"] = [_objection_out(o) for o in notice.objections.all()]
    return out


@router.post(
    "/notices/{notice_id}/objections",
    auth=optional_auth,
    throttle=anonymous_limits(costly=True),
    response={201: ObjectionReceipt, **WRITE},
    summary="提出异议（任何人，公示期内）",
)
def lodge(request: HttpRequest, notice_id: Id, payload: ObjectionIn) -> Status:
    notice = get_object_or_404(Notice, pk=notice_id)
    entry = None
    if payload.entry is not None:
        entry = notice.entries.filter(pk=payload.entry, withdrawn=False).first()
        if entry is None:
            raise ValidationError({"entry": "异议对象不是本公示中的条目"})
    objection = notices.lodge_objection(
        caller(request),
        notice,
        entry=entry,
        name=payload.name,
        phone=payload.phone,
        email=payload.email,
        content=payload.content,
    )
    return Status(201, {"id": objection.pk, "status": objection.status, "created_at": objection.created_at})


# --- 管委会：评审、审定、公示、异议处理 -----------------------------------------------------------------------


@router.post(
    "/reviews", auth=token_auth, response={201: ReviewOut, **WRITE}, summary="提交专家评审（管委会）"
)
def send_to_review(request: HttpRequest, payload: SendToReviewIn) -> Status:
    _operator(request, "提交专家评审")
    call = get_object_or_404(Call, pk=payload.call)
    chosen = list(Application.objects.filter(pk__in=payload.applications))
    missing = sorted(set(payload.applications) - {a.pk for a in chosen})
    if missing:
        raise ValidationError({"applications": f"申报不存在：{'、'.join(map(str, missing))}"})
    with refusals(WrongState):
        round_ = decisions.send_to_review(
            caller(request),
            call,
            chosen,
            title=payload.title,
            reviewers_per_item=payload.reviewers_per_item,
            max_load=payload.max_load,
            deadline=payload.deadline,
            anonymity=payload.anonymity,
            criteria=[CriterionSpec(**c.model_dump()) for c in payload.criteria],
        )
    return Status(201, {"round": round_.pk, "title": round_.title, "applications": [a.pk for a in chosen]})


def _decisions_out(application: Application) -> dict:
    summary = decisions.review_summary(application)
    review = None
    if summary is not None:
        review = {
            "round": summary.round.pk,
            "closed": summary.closed,
            "rank": summary.rank,
            "ranked": summary.ranked,
            "raw_mean": summary.raw_mean,
            "reviewers": summary.reviewers,
            "submitted": summary.submitted,
            "comments": [vars(c) for c in summary.comments],
        }
    return {
        "application": application.pk,
        "status": application.status,
        "items": list(application.items.all()),
        "review": review,
    }


@router.get(
    "/applications/{application_id}/decisions",
    auth=token_auth,
    response={200: DecisionsOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="审定情况与评审结果（管委会）",
)
def get_decisions(request: HttpRequest, application_id: Id) -> dict:
    return _decisions_out(_application(request, application_id))


@router.post(
    "/decisions",
    auth=token_auth,
    response={200: DecisionItemOut, **WRITE},
    summary="审定一个申报条目（管委会）",
)
def decide(request: HttpRequest, payload: DecisionIn) -> ApplicationItem:
    item = get_object_or_404(ApplicationItem.objects.select_related("application"), pk=payload.item)
    _application(request, item.application_id)
    with refusals(WrongState):
        return decisions.decide(
            caller(request), item, approve=payload.approve, amount=payload.amount, reason=payload.reason
        )


@router.post(
    "/decisions/conclude",
    auth=token_auth,
    response={200: ApplicationStatusOut, **WRITE},
    summary="完成审定（管委会）",
)
def conclude(request: HttpRequest, payload: ConcludeIn) -> dict:
    application = _application(request, payload.application)
    with refusals(WrongState):
        done = decisions.conclude(caller(request), application)
    return {"id": done.pk, "status": done.status, "status_label": done.get_status_display()}


@router.post("/notices", auth=token_auth, response={201: NoticeDetail, **WRITE}, summary="发布公示（管委会）")
def publish(request: HttpRequest, payload: NoticeIn) -> Status:
    _operator(request, "发布公示")
    call = get_object_or_404(Call, pk=payload.call)
    with refusals(WrongState):
        notice = notices.publish_notice(
            caller(request), call, title=payload.title, starts_on=payload.starts_on, days=payload.days
        )
    return Status(201, _detail(caller(request), notice))


@router.post(
    "/objections/{objection_id}/resolve",
    auth=token_auth,
    response={200: ObjectionOut, **WRITE},
    summary="处理异议（管委会）",
)
def resolve(request: HttpRequest, objection_id: Id, payload: ResolveIn) -> dict:
    _operator(request, "处理公示异议")
    objection = get_object_or_404(Objection, pk=objection_id)
    with refusals(WrongState):
        done = notices.resolve_objection(
            caller(request), objection, upheld=payload.upheld, reason=payload.reason
        )
    return _objection_out(done)


@router.post(
    "/notices/{notice_id}/finalise",
    auth=token_auth,
    response={200: NoticeDetail, **WRITE},
    summary="确定公示结果（管委会）",
)
def finalise(request: HttpRequest, notice_id: Id) -> dict:
    _operator(request, "确定公示结果")
    notice = get_object_or_404(Notice, pk=notice_id)
    with refusals(WrongState):
        done = notices.finalise_notice(caller(request), notice)
    return _detail(caller(request), done)
