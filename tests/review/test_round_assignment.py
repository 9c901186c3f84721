"""The engine gives every item its reviewers without a conflict of interest, notifies them, and moves the round
to 分配专家; an infeasible round is refused naming the items that cannot be covered."""

import pytest
from django.core.exceptions import ValidationError

from hardtech.notifications.models import Notification
from hardtech.review import services
from hardtech.review.models import Assignment
from support.round_helpers import items, make_round, panel, reviewer


def test_every_item_gets_k_reviewers_none_in_conflict(users, university, enterprise):
    insider = reviewer("校内专家", "insider", university)  # same university as the achievements
    experts = panel(3)
    records = items(university, enterprise, 4)
    round_ = make_round(users["operator"], records, k=2)

    created = services.run_assignment(users["operator"], round_)

    assert len(created) == 8
    for item in round_.items.all():
        assert item.assignments.count() == 2
    achievements = {i.pk for i in round_.items.all() if i.content_type.model == "achievement"}
    assert not Assignment.objects.filter(expert=insider, item__in=achievements).exists()
    assert max(Assignment.objects.filter(expert=e).count() for e in experts) <= round_.max_load
    round_.refresh_from_db()
    assert round_.state == "assigning"
    assert Notification.objects.filter(kind="review.assigned").count() == len({a.expert_id for a in created})


def test_running_again_keeps_the_standing_assignments(users, university, enterprise):
    panel(3)
    round_ = make_round(users["operator"], items(university, enterprise, 2), k=2)
    first = set(Assignment.objects.values_list("pk", flat=True)) | {
        a.pk for a in services.run_assignment(users["operator"], round_)
    }
    assert services.run_assignment(users["operator"], round_) == []
    assert set(Assignment.objects.values_list("pk", flat=True)) == first


def test_infeasible_round_names_the_item(users, university, enterprise):
    reviewer("校内专家", "insider", university)
    panel(1)
    records = items(university, enterprise, 1)  # one achievement of the university: one allowed expert
    round_ = make_round(users["operator"], records, k=2)

    with pytest.raises(ValidationError) as caught:
        services.run_assignment(users["operator"], round_)

    message = str(caught.value)
    assert f"“{records[0].title}”只有 1 位无利益冲突的可选专家，需要 2 位" in message
    assert not Assignment.objects.exists()
    round_.refresh_from_db()
    assert round_.state == "draft"


def test_capacity_short_is_explained(users, university, enterprise):
    panel(2)
    round_ = make_round(users["operator"], items(university, enterprise, 3), k=2, max_load=2)
    with pytest.raises(ValidationError, match="提高每位专家最多评审数（现为 2）"):
        services.run_assignment(users["operator"], round_)
