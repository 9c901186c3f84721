"""专家评审与审定: sending checked applications with reviewed articles to a review round (hardtech.review), the
round's results for one application, the operator's decision per item (核定金额 with a reason, never above the
engine's amount for the article nor beyond the annual cap) and the conclusion of an application (已审定, or
不予支持 when no article is supported).

Refusals: PermissionDenied (only the operator decides), WrongState (the application is past deciding),
ValidationError in Chinese naming what is wrong; every write is one transaction.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hardtech.catalogue.models import Organisation
from hardtech.core.workflow import WrongState, run
from hardtech.grants import assessment, ledger, permissions
from hardtech.grants.choices import ApplicationStatus, Decision, Mode, Route
from hardtech.grants.models import Application, ApplicationItem, Call
from hardtech.grants.workflow import APPLICATION
from hardtech.review import services as review
from hardtech.review.models import Anonymity, Round, RoundItem, RoundState
from hardtech.review.services import CriterionSpec

DECIDING = (ApplicationStatus.CHECKED, ApplicationStatus.IN_REVIEW)
ALL_REJECTED = "各条款均不予支持"


def _require_operator(user, what: str) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied(f"只有管委会可以{what}")


def needs_review(application: Application) -> list[ApplicationItem]:
    """The items of the application whose article pays only after expert review and are not decided yet."""
    return [i for i in application.items.all() if i.mode == Mode.REVIEWED and i.decision == Decision.PENDING]


def reviewable(call: Call) -> list[Application]:
    """The call's checked applications with a reviewed article still to decide (what a round may take)."""
    apps = (
        call.applications.filter(status=ApplicationStatus.CHECKED, route=Route.APPLICATION)
        .select_related("applicant")
        .prefetch_related("items")
        .order_by("number", "pk")
    )
    return [a for a in apps if needs_review(a)]


# 专家评审 ----------------------------------------------------------------------------------------------------


def send_to_review(
    user,
    call: Call,
    applications: Iterable[Application],
    *,
    title: str,
    reviewers_per_item: int = 3,
    max_load: int = 5,
    deadline: datetime | None = None,
    criteria: Sequence[CriterionSpec] = (),
    anonymity: str = Anonymity.ANONYMOUS,
) -> Round:
    """A review round over the given applications (each of the call, 形式审查通过, with a reviewed article to
    decide); each application then is 专家评审中. The round is run in the review app (assignment without
    conflicts, rubric scores, calibrated ranking)."""
    _require_operator(user, "提交专家评审")
    chosen = list(applications)
    if not chosen:
        raise ValidationError({"applications": "请选择要提交专家评审的申报"})
    wrong = [
        str(a)
        for a in chosen
        if a.call_id != call.pk or a.status != ApplicationStatus.CHECKED or not needs_review(a)
    ]
    if wrong:
        raise ValidationError(
            {
                "applications": "以下申报不是本通知下形式审查通过、含待评审条款的申报，不能提交评审："
                + "、".join(wrong)
            }
        )
    with transaction.atomic():
        round_ = review.create_round(
            user,
            title=title,
            reviewers_per_item=reviewers_per_item,
            max_load=max_load,
            deadline=deadline,
            anonymity=anonymity,
            description=f"{call.title}：评审后兑现条款的专家评审",
            items=chosen,
            criteria=criteria,
        )
        for application in chosen:
            run(APPLICATION, "send_to_review", user, application)
    return round_


def _rounds(application_ids) -> list[Round]:
    ct = ContentType.objects.get_for_model(Application)
    ids = RoundItem.objects.filter(content_type=ct, object_id__in=application_ids).values_list("round_id")
    return list(Round.objects.filter(pk__in=ids).order_by("-created_at", "-pk"))


def rounds_of(application: Application) -> list[Round]:
    """The review rounds the application was put in, newest first."""
    return _rounds([application.pk])


def call_rounds(call: Call) -> list[Round]:
    """The review rounds of the call's applications, newest first."""
    return _rounds(call.applications.values_list("pk", flat=True))


@dataclass
class Comment:
    reviewer: str  # a name in a 实名 round, 匿名专家 N otherwise
    total: float
    recommendation: str
    text: str


@dataclass
class ReviewSummary:
    round: Round
    closed: bool
    rank: int | None = None  # calibrated, among the round's scored items
    ranked: int = 0
    raw_mean: float | None = None
    reviewers: int = 0
    submitted: int = 0
    note: str = ""
    comments: list[Comment] = field(default_factory=list)


def review_summary(application: Application) -> ReviewSummary | None:
    """The latest round's results for the application (None when it was never sent to review): calibrated rank,
    mean of the reviewers' weighted totals, and each submitted review's comment — reviewers named only in a
    实名 round."""
    found = rounds_of(application)
    if not found:
        return None
    round_ = found[0]
    ct = ContentType.objects.get_for_model(Application)
    item = RoundItem.objects.get(round=round_, content_type=ct, object_id=application.pk)
    names = round_.anonymity == Anonymity.NAMED
    results = review.results(round_, names=names)
    mine = next(r for r in results.items if r.item.pk == item.pk)
    labels = review.reviewer_labels(round_, names)
    criteria = list(round_.criteria.all())
    active = item.assignments.filter(declined=False).select_related("score")
    comments = [
        Comment(
            labels[a.expert_id],
            round(review.weighted_total(a.score.values, criteria), 2),
            a.score.get_recommendation_display(),
            a.score.comment,
        )
        for a in active.order_by("expert_id")
        if hasattr(a, "score") and a.score.submitted
    ]
    return ReviewSummary(
        round=round_,
        closed=round_.state == RoundState.CLOSED,
        rank=mine.rank,
        ranked=sum(1 for r in results.items if r.rank is not None),
        raw_mean=mine.raw_mean,
        reviewers=active.count(),
        submitted=len(comments),
        note=results.note,
        comments=comments,
    )


# 审定 --------------------------------------------------------------------------------------------------------


def _check_deciding(application: Application) -> None:
    if application.route != Route.APPLICATION:
        raise ValidationError("免申即享兑现按拨付审批办理，不在此审定")
    if application.status not in DECIDING:
        raise WrongState(f"“{application.get_status_display()}”状态的申报不能审定")


def _check_reviewed(item: ApplicationItem) -> None:
    if item.mode != Mode.REVIEWED:
        return
    found = rounds_of(item.application)
    if not found:
        raise ValidationError(f"第{item.article}条须经专家评审后审定，该申报尚未提交专家评审")
    if found[0].state != RoundState.CLOSED:
        raise ValidationError(
            f"第{item.article}条须经专家评审后审定，评审轮次“{found[0]}”尚未结束（{found[0].get_state_display()}）"
        )


def _amount(value) -> Decimal:
    if value in (None, ""):
        raise ValidationError({"amount": "请填写核定金额（万元）"})
    return ledger.positive_amount(value, "核定金额")


def decide(
    user, item: ApplicationItem, *, approve: bool, amount: Decimal | None = None, reason: str
) -> ApplicationItem:
    """审定 one item: 拟支持 with an approved amount, or 不予支持 — with a reason either way. The applicant's data
    is re-assessed first, so the amount is checked against the engine's amount on current data (a difference
    shows on the page as 测算变化) and against the annual cap across every article, call and offer of the year."""
    _require_operator(user, "审定支持金额")
    application = item.application
    _check_deciding(application)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写审定理由"})
    if len(reason) > 500:
        raise ValidationError({"reason": "审定理由不能超过 500 字"})
    _check_reviewed(item)
    value = _amount(amount) if approve else None
    # The engine's figures move with the applicant's data; they are brought up to date whatever is decided
    # (a refused amount then shows against the new figure).
    assessment.reassess(application)
    with transaction.atomic():
        # Every decision of one applicant counts against its annual cap: serialised on its row, as the ledger is.
        Organisation.objects.select_for_update().filter(pk=application.applicant_id).first()
        application = Application.objects.select_for_update().get(pk=application.pk)
        _check_deciding(application)
        item = ApplicationItem.objects.select_related("application__call", "application__applicant").get(
            pk=item.pk
        )
        if value is not None:
            ledger.check_amount(item, value)
        item.decision = Decision.APPROVED if approve else Decision.REJECTED
        item.approved_amount = value
        item.decision_reason = reason
        item.decided_by = user
        item.decided_at = timezone.now()
        item.save(
            update_fields=["decision", "approved_amount", "decision_reason", "decided_by", "decided_at"]
        )
    return item


def conclude(user, application: Application) -> Application:
    """审定完成: 已审定（待公示） when every item is decided and at least one is supported; otherwise 不予支持
    (各条款均不予支持). The applicant is told by the workflow."""
    _require_operator(user, "完成审定")
    _check_deciding(application)
    with transaction.atomic():
        items = list(ApplicationItem.objects.select_for_update().filter(application=application))
        if not items:
            raise ValidationError("该申报没有申报条款")
        pending = [f"第{i.article}条" for i in items if i.decision == Decision.PENDING]
        if pending:
            raise ValidationError(f"还有条款未审定：{'、'.join(pending)}")
        if any(i.decision == Decision.APPROVED for i in items):
            return run(APPLICATION, "decide", user, application)
        return run(APPLICATION, "reject", user, application, ALL_REJECTED)


def remaining_cap(item: ApplicationItem) -> Decimal | None:
    """What the annual cap (第五条) still leaves for this item: the cap less the applicant's other counted
    support of the policy year, plus this item's exempt part (None when the policy has no cap)."""
    call = item.application.call
    cap = ledger.annual_cap(call.policy)
    if cap is None:
        return None
    others = ledger.committed(
        item.application.applicant_id, call.policy, call.year, replacing=item, amount=Decimal("0.00")
    )
    return max(Decimal("0.00"), cap - others) + item.exempt
