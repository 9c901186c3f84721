"""/api/review/rounds/{id}/finals: the operator opens the finals and reads every comparison; a judge reads their
pairs and posts comparisons; bad input is answered in JSON (403, 404, 422)."""

import pytest

from support.finals_helpers import scored_round
from support.round_helpers import call

QUALITY = [3, 8, 5, 7, 4, 6]


@pytest.fixture
def scored(users, university, enterprise):
    return scored_round(users["operator"], university, enterprise, QUALITY)


def test_open_read_and_compare(client, users, scored):
    round_, judges = scored
    operator = users["operator"]
    assert call(client, "get", f"rounds/{round_.pk}/finals", operator).status_code == 404
    opened = call(client, "post", f"rounds/{round_.pk}/finals", operator, {"size": 3})
    assert opened.status_code == 200 and [f["seed"] for f in opened.data["finalists"]] == [1, 2, 3]
    a, b = (f["item"] for f in opened.data["finalists"][:2])
    judge = judges[0].user
    mine = call(client, "get", f"rounds/{round_.pk}/finals", judge).data
    assert len(mine["pairs"]) == 3 and all(p["winner"] is None for p in mine["pairs"])
    posted = call(
        client,
        "post",
        f"rounds/{round_.pk}/finals/comparisons",
        judge,
        {"first": a, "second": b, "winner": b},
    )
    assert posted.status_code == 200 and posted.data["winner"] == b
    seen = call(client, "get", f"rounds/{round_.pk}/finals", operator).data
    assert [c["winner"] for c in seen["comparisons"]] == [b] and seen["comparisons"][0][
        "judge"
    ] == "评审专家1"
    other = call(client, "get", f"rounds/{round_.pk}/finals", judges[1].user).data
    assert other["comparisons"] == []
    results = call(client, "get", f"rounds/{round_.pk}/results", operator).data
    assert all(r["before_finals"] is not None for r in results["items"])


def test_bad_input(client, users, scored):
    round_, judges = scored
    operator = users["operator"]
    path = f"rounds/{round_.pk}/finals"
    assert call(client, "post", path, operator, {"size": 1}).status_code == 422
    assert call(client, "post", path, operator, {"judges": [99999]}).status_code == 422
    assert call(client, "post", path, judges[0].user, {}).status_code == 403
    opened = call(client, "post", path, operator, {"size": 2}).data
    a, b = (f["item"] for f in opened["finalists"])
    outside = round_.items.exclude(pk__in=[a, b]).first().pk
    judge = judges[0].user
    compare = f"{path}/comparisons"
    assert call(client, "post", compare, judge, {"first": a, "second": a, "winner": a}).status_code == 422
    assert (
        call(client, "post", compare, judge, {"first": a, "second": b, "winner": outside}).status_code == 422
    )
    assert (
        call(client, "post", compare, judge, {"first": a, "second": outside, "winner": a}).status_code == 422
    )
    assert call(client, "post", compare, judge, {"first": a, "second": 99999, "winner": a}).status_code == 404
    assert call(client, "post", compare, judge, {"first": "x", "second": b, "winner": a}).status_code == 422
    assert call(client, "post", compare, operator, {"first": a, "second": b, "winner": a}).status_code == 403
