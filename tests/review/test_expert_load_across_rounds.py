"""An expert's assignments across concurrently open rounds stay within REVIEW_MAX_OPEN_ASSIGNMENTS; a closed
round no longer counts."""

import pytest
from django.core.exceptions import ValidationError

from hardtech.accounts.models import Role
from hardtech.review import services
from hardtech.review.models import Assignment, RoundState
from support.round_helpers import items, make_round, panel


def test_open_rounds_share_the_global_cap(users, university, enterprise, settings):
    settings.REVIEW_MAX_OPEN_ASSIGNMENTS = 2
    operator = users[Role.OPERATOR]
    [expert] = panel(1)
    first = make_round(operator, items(university, enterprise, 2), k=1, max_load=5)
    services.run_assignment(operator, first)
    assert Assignment.objects.filter(expert=expert).count() == 2

    second = make_round(operator, items(university, enterprise, 1), k=1, max_load=5)
    with pytest.raises(ValidationError, match="无法完成分配"):
        services.run_assignment(operator, second)
    with pytest.raises(ValidationError, match="全局上限 2"):
        services.assign_manually(operator, second.items.get(), expert)

    first.state = RoundState.CLOSED
    first.save(update_fields=["state"])
    [created] = services.run_assignment(operator, second)
    assert created.expert == expert
