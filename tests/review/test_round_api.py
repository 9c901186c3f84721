"""/api/review/rounds: the operator lists rounds, assigns and reads the calibrated results; an expert sees only
their own rounds, assignments and scores, saves a draft and submits; refusals are JSON (403, 404, 422)."""

import json

import pytest

from hardtech.accounts.models import Role
from hardtech.core.workflow import run
from hardtech.review import services
from hardtech.review.models import Assignment
from hardtech.review.workflow import ROUND
from support.round_helpers import call, items, make_round, panel


@pytest.fixture
def round_(users, university, enterprise):
    panel(3)
    return make_round(users[Role.OPERATOR], items(university, enterprise, 2), k=2)


def test_operator_assigns_and_reads_results(client, users, round_):
    operator = users[Role.OPERATOR]
    assert call(client, "get", "rounds", operator).data["count"] == 1
    assigned = call(client, "post", f"rounds/{round_.pk}/assign", operator)
    assert assigned.status_code == 200 and len(assigned.data["created"]) == 4
    detail = call(client, "get", f"rounds/{round_.pk}", operator).data
    assert detail["state"] == "assigning" and len(detail["assignments"]) == 4 and len(detail["criteria"]) == 3
    results = call(client, "get", f"rounds/{round_.pk}/results", operator)
    assert results.status_code == 200 and not results.data["calibrated"]


def test_expert_sees_only_their_own_and_scores(client, users, round_):
    services.run_assignment(users[Role.OPERATOR], round_)
    round_.refresh_from_db()
    run(ROUND, "start_scoring", users[Role.OPERATOR], round_)
    mine = Assignment.objects.select_related("expert__user").first()
    expert = mine.expert.user
    detail = call(client, "get", f"rounds/{round_.pk}", expert).data
    assert {a["expert"] for a in detail["assignments"]} == {mine.expert_id}
    assert call(client, "get", f"rounds/{round_.pk}/results", expert).status_code == 403
    assert call(client, "post", f"rounds/{round_.pk}/assign", expert).status_code == 403
    assert call(client, "post", f"rounds/{round_.pk}/pledge", users[Role.OPERATOR]).status_code == 403

    keys = [str(c["id"]) for c in detail["criteria"]]
    body = {"assignment": mine.pk, "values": {keys[0]: 7}}
    assert call(client, "put", f"rounds/{round_.pk}/scores", expert, body).status_code == 403  # no pledge yet
    assert call(client, "post", f"rounds/{round_.pk}/pledge", expert).status_code == 200
    draft = call(client, "put", f"rounds/{round_.pk}/scores", expert, body)
    assert draft.status_code == 200 and draft.data["values"] == {keys[0]: 7} and not draft.data["submitted"]
    bad = call(client, "put", f"rounds/{round_.pk}/scores", expert, {**body, "values": {keys[0]: 99}})
    assert bad.status_code == 422 and "1–10" in json.dumps(bad.data, ensure_ascii=False)
    final = {"assignment": mine.pk, "values": dict.fromkeys(keys, 8), "recommendation": "yes", "submit": True}
    assert call(client, "put", f"rounds/{round_.pk}/scores", expert, final).data["submitted"]
    scores = call(client, "get", f"rounds/{round_.pk}/scores", expert).data
    assert [s["assignment"] for s in scores] == [mine.pk]


def test_outsiders_get_404(client, users, round_):
    services.run_assignment(users[Role.OPERATOR], round_)
    for role in (Role.MANAGER, Role.ENTERPRISE, Role.EXPERT):
        assert call(client, "get", f"rounds/{round_.pk}", users[role]).status_code == 404
        assert call(client, "get", "rounds", users[role]).data["count"] == 0


def test_infeasible_assignment_is_a_422_naming_the_item(client, users, university, enterprise):
    panel(1)
    records = items(university, enterprise, 1)
    round_ = make_round(users[Role.OPERATOR], records, k=2)
    response = call(client, "post", f"rounds/{round_.pk}/assign", users[Role.OPERATOR])
    assert response.status_code == 422 and records[0].title in json.dumps(response.data, ensure_ascii=False)
