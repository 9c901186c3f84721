"""Invitations: the operator invites experts (each notified); the expert accepts, or declines with a reason (the
operator hears of it); once a round has invitations the engine assigns only the experts who accepted, and a
manual pick of one who declined is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.accounts.models import Role
from hardtech.notifications.models import Notification
from hardtech.review import pool, services
from hardtech.review.models import Assignment, InvitationState
from support.round_helpers import items, make_round, panel


@pytest.fixture
def setup(users, university, enterprise):
    experts = panel(4)
    round_ = make_round(users[Role.OPERATOR], items(university, enterprise, 2), k=2)
    return users[Role.OPERATOR], round_, experts


def test_invited_experts_are_notified_and_only_accepted_ones_assigned(setup):
    operator, round_, experts = setup
    invitations = pool.invite(operator, round_, experts[:3])
    assert pool.invite(operator, round_, experts[:3]) == []  # again is harmless
    assert set(Notification.objects.filter(kind="review.invited").values_list("recipient", flat=True)) == {
        e.user_id for e in experts[:3]
    }
    first, second, third = invitations
    pool.respond(experts[0].user, first, accept=True)
    pool.respond(experts[1].user, second, accept=True)
    pool.respond(experts[2].user, third, accept=False, reason="出差在外")
    answered = Notification.objects.filter(kind="review.invitation_answered", recipient=operator)
    assert answered.count() == 3 and any("已谢绝" in n.title and n.body == "出差在外" for n in answered)

    services.run_assignment(operator, round_)

    assigned = set(Assignment.objects.values_list("expert_id", flat=True))
    assert assigned == {experts[0].pk, experts[1].pk}  # not the decliner, not the uninvited fourth
    item = round_.items.first()
    with pytest.raises(ValidationError, match="已谢绝本轮的评审邀请"):
        services.assign_manually(operator, item, experts[2])


def test_pending_invitations_leave_the_round_uncovered(setup):
    operator, round_, experts = setup
    pool.invite(operator, round_, experts)
    with pytest.raises(ValidationError, match="无法完成分配"):
        services.run_assignment(operator, round_)


def test_decline_needs_a_reason_and_only_the_invitee_answers(setup):
    operator, round_, experts = setup
    [invitation] = pool.invite(operator, round_, experts[:1])
    with pytest.raises(ValidationError, match="谢绝邀请请说明理由"):
        pool.respond(experts[0].user, invitation, accept=False, reason="  ")
    with pytest.raises(PermissionDenied):
        pool.respond(experts[1].user, invitation, accept=True)
    with pytest.raises(PermissionDenied):
        pool.invite(experts[0].user, round_, experts[1:2])
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.PENDING
