"""Opening the finals picks the top N of the calibrated ranking (default 6), with the round's experts as judges
unless the operator chooses some; only the operator opens them, once, after scoring has begun."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.review import finals, services
from support.finals_helpers import scored_round
from support.round_helpers import items, make_round, reviewer

QUALITY = [3, 8, 5, 7, 4, 6, 2, 9]


@pytest.fixture
def scored(users, university, enterprise):
    return scored_round(users["operator"], university, enterprise, QUALITY)


def test_default_opens_over_the_top_six_with_every_expert(users, scored):
    round_, judges = scored
    calibrated = [r.item for r in services.results(round_).items]
    opened = finals.open_finals(users["operator"], round_)
    assert [(f.seed, f.item) for f in opened.finalists.all()] == list(enumerate(calibrated[:6], 1))
    assert opened.size == 6
    assert set(opened.judges.all()) == set(judges)


def test_chosen_size_and_judges(users, scored):
    round_, judges = scored
    opened = finals.open_finals(users["operator"], round_, size=3, judges=judges[:2])
    listed = list(round_.items.all())
    assert [f.item for f in opened.finalists.all()] == [listed[7], listed[1], listed[3]]
    assert set(opened.judges.all()) == set(judges[:2])


def test_only_the_operator_opens_once(users, scored):
    round_, judges = scored
    with pytest.raises(PermissionDenied):
        finals.open_finals(judges[0].user, round_)
    finals.open_finals(users["operator"], round_)
    with pytest.raises(ValidationError, match="已开启决赛"):
        finals.open_finals(users["operator"], round_)


def test_judges_must_be_experts_of_the_round(users, scored):
    round_, _ = scored
    stranger = reviewer("局外专家", "outsider", None)
    with pytest.raises(ValidationError, match="局外专家"):
        finals.open_finals(users["operator"], round_, judges=[stranger])


def test_not_before_scoring(users, university, enterprise):
    round_ = make_round(users["operator"], items(university, enterprise, 2))
    with pytest.raises(ValidationError, match="评分开始后"):
        finals.open_finals(users["operator"], round_)
