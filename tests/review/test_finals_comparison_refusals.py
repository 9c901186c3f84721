"""A comparison is taken only from a judge the finals name, only between two different finalists with the winner
one of them, and never on an item the judge is in conflict with (the conflict registry decides; the judge's
list of pairs leaves that item out)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.review import finals
from hardtech.review.conflicts import services as conflict_services
from hardtech.review.models import Comparison
from support.finals_helpers import scored_round

QUALITY = [3, 8, 5, 7, 4, 6]


@pytest.fixture
def opened(users, university, enterprise):
    round_, judges = scored_round(users["operator"], university, enterprise, QUALITY)
    f = finals.open_finals(users["operator"], round_, size=3, judges=judges[:3])
    return f, judges, [x.item for x in f.finalists.all()]


def test_an_expert_not_judging_the_finals_is_refused(users, opened):
    f, judges, (a, b, _) = opened
    for outsider in (judges[3].user, users["operator"]):
        with pytest.raises(PermissionDenied, match="不是本轮决赛的评委"):
            finals.compare(outsider, f, a, b, a)
    assert not Comparison.objects.exists()


def test_a_conflicted_item_is_refused_and_left_out_of_the_pairs(opened):
    f, judges, (a, b, c) = opened
    judge = judges[0]
    conflict_services.declare(judge.user, judge, b.item, "曾指导该项目负责人")
    with pytest.raises(PermissionDenied, match="利益冲突"):
        finals.compare(judge.user, f, a, b, a)
    assert [(x, y) for x, y, _ in finals.pairs_for(judge.user, f)] == [
        tuple(sorted((a, c), key=lambda i: i.pk))
    ]
    finals.compare(judges[1].user, f, a, b, b)  # another judge is free to compare it
    assert Comparison.objects.get().judge == judges[1]


def test_bad_pairs_are_refused(opened):
    f, judges, (a, b, _) = opened
    others = f.round.items.exclude(pk__in=f.finalists.values("item"))
    user = judges[0].user
    with pytest.raises(ValidationError, match="两个不同"):
        finals.compare(user, f, a, a, a)
    with pytest.raises(ValidationError, match="不是本轮的决赛项目"):
        finals.compare(user, f, a, others[0], a)
    with pytest.raises(ValidationError, match="胜者"):
        finals.compare(user, f, a, b, others[0])


def test_a_second_choice_on_a_pair_replaces_the_first(opened):
    f, judges, (a, b, _) = opened
    finals.compare(judges[0].user, f, a, b, a)
    finals.compare(judges[0].user, f, b, a, b)
    assert Comparison.objects.get().winner == b
