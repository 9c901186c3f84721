"""The operator's manual pick is re-checked against the conflict registry: a conflicted pick is refused with
the reason; an allowed one replaces a standing reviewer."""

import pytest
from django.core.exceptions import ValidationError

from hardtech.review import services
from hardtech.review.models import Assignment, AssignmentSource
from support.round_helpers import items, make_round, panel, reviewer


def test_conflicted_pick_is_refused_with_the_reason(users, university, enterprise):
    insider = reviewer("校内专家", "insider", university)
    panel(2)
    round_ = make_round(users["operator"], items(university, enterprise, 1), k=2)
    item = round_.items.get()
    with pytest.raises(ValidationError) as caught:
        services.assign_manually(users["operator"], item, insider)
    message = str(caught.value)
    assert "不能指定校内专家评审" in message
    assert university.name in message  # the registry's explanation: the same university
    assert not Assignment.objects.filter(expert=insider).exists()


def test_allowed_pick_replaces_a_standing_reviewer(users, university, enterprise):
    panel(3)
    round_ = make_round(users["operator"], items(university, enterprise, 1), k=2)
    services.run_assignment(users["operator"], round_)
    item = round_.items.get()
    standing = list(item.assignments.all())
    spare = next(e for e in services.candidates() if e.pk not in {a.expert_id for a in standing})

    picked = services.assign_manually(users["operator"], item, spare, replacing=standing[0])

    assert picked.source == AssignmentSource.MANUAL
    assert set(item.assignments.values_list("expert_id", flat=True)) == {spare.pk, standing[1].expert_id}


def test_a_full_item_needs_a_reviewer_to_replace(users, university, enterprise):
    panel(3)
    round_ = make_round(users["operator"], items(university, enterprise, 1), k=2)
    services.run_assignment(users["operator"], round_)
    item = round_.items.get()
    spare = next(e for e in services.candidates() if not item.assignments.filter(expert=e).exists())
    with pytest.raises(ValidationError, match="已有 2 位评审专家，请选择要替换的专家"):
        services.assign_manually(users["operator"], item, spare)
