"""An expert who declares a conflict on an assigned item is withdrawn from it, the declaration enters the
registry, and the engine picks a replacement while every other assignment stays as it was."""

import pytest
from django.core.exceptions import PermissionDenied

from hardtech.notifications.models import Notification
from hardtech.review import services
from hardtech.review.conflicts import conflicts_for
from hardtech.review.models import Assignment, AssignmentSource, DeclaredConflict
from support.round_helpers import items, make_round, panel


def test_declared_conflict_is_replaced_and_others_kept(users, university, enterprise):
    panel(4)
    round_ = make_round(users["operator"], items(university, enterprise, 2), k=2)
    services.run_assignment(users["operator"], round_)
    before = set(Assignment.objects.values_list("pk", flat=True))
    target = Assignment.objects.first()
    expert = target.expert

    replacements = services.declare_conflict(expert.user, target, "曾与该团队合作发表论文")

    target.refresh_from_db()
    assert target.declined and target.replaced_by == replacements[0]
    assert len(replacements) == 1
    new = replacements[0]
    assert new.item == target.item and new.expert != expert and new.source == AssignmentSource.REPLACEMENT
    assert set(Assignment.objects.filter(declined=False).values_list("pk", flat=True)) == before - {
        target.pk
    } | {new.pk}
    assert DeclaredConflict.objects.filter(expert=expert, object_id=target.item.object_id).exists()
    assert conflicts_for(expert, target.item.item)  # the registry now bars the pair
    assert Notification.objects.filter(kind="review.assigned", recipient=new.expert.user).exists()


def test_only_the_assigned_expert_declares(users, university, enterprise):
    panel(3)
    round_ = make_round(users["operator"], items(university, enterprise, 1), k=2)
    services.run_assignment(users["operator"], round_)
    target = Assignment.objects.first()
    with pytest.raises(PermissionDenied):
        services.declare_conflict(users["expert"], target, "理由")


def test_the_declaration_stands_when_nobody_can_replace(users, university, enterprise):
    panel(2)
    round_ = make_round(users["operator"], items(university, enterprise, 1), k=2)
    services.run_assignment(users["operator"], round_)
    target = Assignment.objects.first()

    assert services.declare_conflict(target.expert.user, target, "亲属在申报单位任职") == []

    target.refresh_from_db()
    assert target.declined and target.replaced_by is None
    assert Assignment.objects.filter(declined=False).count() == 1
    assert DeclaredConflict.objects.filter(expert=target.expert).exists()
