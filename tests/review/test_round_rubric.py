"""A rubric whose weights do not sum to 1, or a criterion whose scale runs backwards, fails to save."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.review import services
from hardtech.review.models import Criterion, Round
from hardtech.review.services import CriterionSpec
from support.round_helpers import RUBRIC, make_round


def test_weights_must_sum_to_one(users, achievement):
    round_ = make_round(users["operator"], [achievement])
    with pytest.raises(ValidationError) as caught:
        services.set_rubric(
            users["operator"],
            round_,
            [CriterionSpec("创新性", Decimal("0.5")), CriterionSpec("市场", Decimal("0.4"))],
        )
    assert "权重之和应为 1，现为 0.9" in str(caught.value)
    assert list(round_.criteria.values_list("name", flat=True)) == [c.name for c in RUBRIC]


def test_scale_must_run_upwards(users, achievement):
    round_ = make_round(users["operator"], [achievement])
    with pytest.raises(ValidationError, match="最高分应大于最低分"):
        services.set_rubric(users["operator"], round_, [CriterionSpec("创新性", Decimal(1), 5, 5)])


def test_a_round_created_with_a_bad_rubric_is_not_saved(users, achievement):
    with pytest.raises(ValidationError):
        services.create_round(
            users["operator"],
            title="轮次",
            items=[achievement],
            criteria=[CriterionSpec("创新性", Decimal("0.7"))],
        )
    assert not Criterion.objects.exists() and not Round.objects.exists()


def test_only_the_operator_creates_rounds(users, achievement):
    with pytest.raises(PermissionDenied):
        make_round(users["expert"], [achievement])
