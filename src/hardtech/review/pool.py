"""专家库's write path and its rules: an expert's review profile (availability, load per round), invitations to
a round (accepted or declined with a reason, the expert notified), and the load an expert may still take in a
round — the smallest of the round's cap, the expert's own cap, and what the global cap
(`REVIEW_MAX_OPEN_ASSIGNMENTS`) leaves after their assignments in other open rounds."""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from hardtech.catalogue.models import Expert
from hardtech.notifications.services import notify

from . import permissions
from .models import Assignment, Invitation, InvitationState, ReviewProfile, Round, RoundState
from .notifications import REVIEW_INVITATION_ANSWERED, REVIEW_INVITED


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def global_cap() -> int:
    return int(getattr(settings, "REVIEW_MAX_OPEN_ASSIGNMENTS", 20))


def profile_of(expert: Expert) -> ReviewProfile:
    """The expert's review profile as stored, or the default one (available, the round's cap) unsaved."""
    return ReviewProfile.objects.filter(expert=expert).first() or ReviewProfile(expert=expert)


def update_profile(
    user,
    expert: Expert,
    *,
    available: bool,
    availability_note: str = "",
    max_load_per_round: int | None = None,
) -> ReviewProfile:
    _require(permissions.can_edit_profile(user, expert), "只能修改自己的评审档案")
    with transaction.atomic():
        profile, _ = ReviewProfile.objects.select_for_update().get_or_create(expert=expert)
        profile.available = available
        profile.availability_note = availability_note.strip()
        profile.max_load_per_round = max_load_per_round
        profile.full_clean()
        profile.save()
    return profile


def pool(round_: Round) -> list[Expert]:
    """The experts the engine may assign in the round: with an account, available, and — once the round has
    invitations — only those who accepted."""
    experts = Expert.objects.filter(user__isnull=False).exclude(review_profile__available=False)
    if round_.invitations.exists():
        experts = experts.filter(
            review_invitations__round=round_, review_invitations__state=InvitationState.ACCEPTED
        )
    return list(experts.select_related("organisation", "user").order_by("pk"))


def limits(round_: Round, experts: Sequence[Expert]) -> dict[int, int]:
    """expert id → how many items they may hold in this round (their standing ones included)."""
    ids = [e.pk for e in experts]
    own = dict(
        ReviewProfile.objects.filter(expert_id__in=ids, max_load_per_round__isnull=False).values_list(
            "expert_id", "max_load_per_round"
        )
    )
    elsewhere = dict(
        Assignment.objects.filter(expert_id__in=ids, declined=False)
        .exclude(item__round=round_)
        .exclude(item__round__state=RoundState.CLOSED)
        .values("expert_id")
        .annotate(n=Count("id"))
        .values_list("expert_id", "n")
    )
    cap = global_cap()
    return {
        e: max(0, min(round_.max_load, own.get(e, round_.max_load), cap - elsewhere.get(e, 0))) for e in ids
    }


def load_refusal(round_: Round, expert: Expert) -> str:
    """Why the expert cannot take one more item in the round, or "" when they can."""
    here = Assignment.objects.filter(item__round=round_, expert=expert, declined=False).count()
    limit = limits(round_, [expert])[expert.pk]
    if here < limit:
        return ""
    own = profile_of(expert).max_load_per_round
    if here < min(round_.max_load, own or round_.max_load):
        return f"{expert.name}在其他进行中的评审轮次已有较多任务，达到全局上限 {global_cap()} 项"
    return f"{expert.name}在本轮已评审 {here} 项，达到上限 {limit}"


def invite(user, round_: Round, experts: Iterable[Expert]) -> list[Invitation]:
    """Invite experts to the round (again is harmless); each is notified and answers at 我的评审."""
    _require(permissions.can_manage(user, round_), "只有管委会可以邀请评审专家")
    if round_.state == RoundState.CLOSED:
        raise ValidationError("评审轮次已结束，不能再邀请专家")
    created = []
    with transaction.atomic():
        for expert in experts:
            if expert.user_id is None:
                raise ValidationError({"experts": f"专家{expert.name}还没有平台账号，无法邀请"})
            invitation, new = Invitation.objects.get_or_create(
                round=round_, expert=expert, defaults={"invited_by": user}
            )
            if new:
                created.append(invitation)
                notify(
                    [expert.user],
                    REVIEW_INVITED.code,
                    round_,
                    f"邀请您参加“{round_}”的评审",
                    "请在“我的评审”中接受或谢绝邀请；接受后才会被分配评审任务。",
                    reverse("review:my_reviews"),
                    actor=user,
                )
    return created


def respond(user, invitation: Invitation, *, accept: bool, reason: str = "") -> Invitation:
    """The invited expert accepts, or declines with a reason; an accepted invitation cannot be declined once
    the expert holds assignments in the round (declare a conflict on an item instead)."""
    _require(permissions.can_respond(user, invitation), "只能答复发给自己的评审邀请")
    reason = reason.strip()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("round", "expert").get(pk=invitation.pk)
        )
        round_ = invitation.round
        if round_.state == RoundState.CLOSED:
            raise ValidationError("评审轮次已结束，不能再答复邀请")
        if not accept:
            if not reason:
                raise ValidationError({"reason": "谢绝邀请请说明理由"})
            if Assignment.objects.filter(
                item__round=round_, expert=invitation.expert, declined=False
            ).exists():
                raise ValidationError("您已有本轮的评审任务，不能再谢绝；如有利益冲突请对该项申报回避")
        invitation.state = InvitationState.ACCEPTED if accept else InvitationState.DECLINED
        invitation.reason = "" if accept else reason[:500]
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["state", "reason", "responded_at"])
        if invitation.invited_by is not None:
            notify(
                [invitation.invited_by],
                REVIEW_INVITATION_ANSWERED.code,
                round_,
                f"{invitation.expert.name}{invitation.get_state_display()}“{round_}”的评审邀请",
                invitation.reason,
                reverse("review:round_detail", args=[round_.pk]),
                actor=user,
            )
    return invitation
