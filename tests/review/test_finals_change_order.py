"""The finals' comparisons are folded into the calibrated ranking (Bradley–Terry with judge reliability): judges
who agree with the scores on the other pairs and (all but a contrarian) prefer the runner-up to the leader put
the runner-up first, and confirming the leader keeps it first; the results keep each item's rank on the scores
alone."""

from itertools import combinations

import pytest

from hardtech.review import finals, services
from support.finals_helpers import scored_round

QUALITY = [3, 7, 5, 7, 4, 6]  # items 1 and 3 lead, level on quality: the scores' calibration orders them


@pytest.mark.parametrize("reverse_top", [True, False])
def test_comparisons_reorder_the_finalists(users, university, enterprise, reverse_top):
    round_, judges = scored_round(users["operator"], university, enterprise, QUALITY, experts=6)
    items = list(round_.items.all())
    leader, runner_up = (r.item for r in services.results(round_).items[:2])
    assert {leader, runner_up} == {items[1], items[3]}
    opened = finals.open_finals(users["operator"], round_, size=4)
    better = dict(zip(items, QUALITY, strict=True))
    better[runner_up if reverse_top else leader] = 8  # what the finals judges see in the top pair
    contrarian = judges[-1]  # prefers the worse of every pair, so that no finalist wins or loses every time
    for judge in judges:
        pick = min if judge == contrarian else max
        for a, b in combinations([f.item for f in opened.finalists.all()], 2):
            finals.compare(judge.user, opened, a, b, pick(a, b, key=better.get))
    found = services.results(round_)
    before = {r.item: r.before_finals for r in found.items}
    assert before[leader] == 1 and before[runner_up] == 2
    if reverse_top:
        assert found.items[0].item == runner_up
    else:
        assert [r.item for r in found.items[:4]] == [leader, runner_up, items[5], items[2]]
    assert services.results(round_, finals=False).items[0].before_finals is None
