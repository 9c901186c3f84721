"""Anonymity rules, per role, on the results page, the API and the Excel export: 管委会 always sees who gave
which score; the chair sees names only in a 实名 round; a reviewer sees the others' scores of an item — without
names — only once their own is submitted."""

import json
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hardtech.accounts.models import Role
from hardtech.core.workflow import run
from hardtech.review import services
from hardtech.review.models import Anonymity, Assignment
from hardtech.review.workflow import ROUND
from support.round_helpers import call, items, make_round, panel

NAMES = ("评审专家1", "评审专家2", "评审专家3")  # the panel's names: any of them seen is a name shown


def _scorers() -> set[str]:
    return set(Assignment.objects.filter(score__submitted=True).values_list("expert__name", flat=True))


@pytest.fixture
def scored(users, university, enterprise):
    """A round with a chair (an expert who does not review) where every reviewer but one has submitted."""
    operator = users[Role.OPERATOR]
    panel(3)
    round_ = make_round(operator, items(university, enterprise, 2), k=2)
    round_.chair = users[Role.EXPERT]
    round_.save(update_fields=["chair"])
    services.run_assignment(operator, round_)
    round_.refresh_from_db()
    run(ROUND, "start_scoring", operator, round_)
    keys = [str(c.pk) for c in round_.criteria.all()]
    *done, waiting = Assignment.objects.select_related("expert__user").order_by("id")
    for n, a in enumerate(done):
        services.accept_pledge(a.expert.user, round_)
        services.save_score(a.expert.user, a, dict.fromkeys(keys, 4 + n), "yes", submit=True)
    services.accept_pledge(waiting.expert.user, round_)
    return round_, waiting


def _seen(client, user, round_) -> str:
    """Everything the user reads of the results: the page, the API and the export, as one text."""
    client.force_login(user)
    page = client.get(reverse("review:results", args=[round_.pk])).content.decode()
    api = json.dumps(call(client, "get", f"rounds/{round_.pk}/results", user).data, ensure_ascii=False)
    api += json.dumps(call(client, "get", f"rounds/{round_.pk}/scores", user).data, ensure_ascii=False)
    book = load_workbook(BytesIO(client.get(reverse("review:results_xlsx", args=[round_.pk])).content))
    cells = " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
    return page + api + cells


def test_operator_always_sees_names(client, users, scored):
    round_, _ = scored
    seen = _seen(client, users[Role.OPERATOR], round_)
    assert all(name in seen for name in _scorers()) and "匿名专家" not in seen


def test_chair_of_an_anonymous_round_sees_scores_without_names(client, users, scored):
    round_, _ = scored
    seen = _seen(client, users[Role.EXPERT], round_)
    assert "匿名专家1" in seen and not any(name in seen for name in NAMES)
    mine = client.get(reverse("review:my_reviews")).content.decode()
    assert reverse("review:results", args=[round_.pk]) in mine  # the chair finds the round under 我的评审


def test_chair_of_a_named_round_sees_names(client, users, scored):
    round_, _ = scored
    round_.anonymity = Anonymity.NAMED
    round_.save(update_fields=["anonymity"])
    seen = _seen(client, users[Role.EXPERT], round_)
    assert all(name in seen for name in _scorers())


def test_reviewer_sees_others_scores_only_after_submitting_and_without_names(client, users, scored):
    round_, waiting = scored
    me = waiting.expert.user
    client.force_login(me)
    assert client.get(reverse("review:results", args=[round_.pk])).status_code == 403
    before = call(client, "get", f"rounds/{round_.pk}/scores", me).data
    assert before == []
    page = client.get(reverse("review:score", args=[waiting.pk])).content.decode()
    assert 'id="peer-scores"' not in page

    keys = [str(c.pk) for c in round_.criteria.all()]
    services.save_score(me, waiting, dict.fromkeys(keys, 9), "strong", submit=True)

    after = call(client, "get", f"rounds/{round_.pk}/scores", me).data
    peers = [s for s in after if s["assignment"] != waiting.pk]
    assert peers and all(s["item"] == waiting.item_id for s in peers)
    assert {s["expert_name"][:4] for s in peers} == {"匿名专家"}
    page = client.get(reverse("review:score", args=[waiting.pk])).content.decode()
    assert 'id="peer-scores"' in page and "匿名专家" in page
    others = {a.expert.name for a in Assignment.objects.exclude(expert=waiting.expert)}
    assert not any(name in page for name in others)
