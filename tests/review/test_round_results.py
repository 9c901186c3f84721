"""The chair's results: the judging engine's calibrated ranking (estimate ± uncertainty, each judge's leniency)
beside the raw mean, disagreements flagged; the Excel export neutralises formulas in text cells."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hardtech.core.workflow import run
from hardtech.review import services
from hardtech.review.models import Assignment, Round
from hardtech.review.workflow import ROUND
from support.round_helpers import items, make_round, panel

QUALITY = [3, 8, 5, 6, 4, 7]  # the items' true quality, in creation order
LENIENT = 3  # the first expert adds this to every score


@pytest.fixture
def scored(users, university, enterprise) -> Round:
    experts = panel(4)
    records = items(university, enterprise, len(QUALITY))
    round_ = make_round(users["operator"], records, k=2, max_load=3)
    services.run_assignment(users["operator"], round_)
    round_.refresh_from_db()
    run(ROUND, "start_scoring", users["operator"], round_)
    order = {item.pk: n for n, item in enumerate(round_.items.all())}
    keys = [str(c.pk) for c in round_.criteria.all()]
    for a in Assignment.objects.select_related("expert__user", "item__round"):
        services.accept_pledge(a.expert.user, round_)
        bias = LENIENT if a.expert == experts[0] else 0
        value = min(10, QUALITY[order[a.item_id]] + bias)
        services.save_score(a.expert.user, a, dict.fromkeys(keys, value), "yes", submit=True)
    return round_


def test_calibrated_ranking_with_judges_and_raw_mean(scored):
    found = services.results(scored)
    assert found.calibrated
    assert all(r.rank is not None and r.se is not None and r.raw_mean is not None for r in found.items)
    truth = sorted(range(len(QUALITY)), key=lambda n: -QUALITY[n])
    first = min(r.item.pk for r in found.items)
    assert [r.item.pk - first for r in found.items] == truth
    assert sorted(found.items, key=lambda r: r.raw_rank) != found.items  # the lenient judge misleads the mean
    lenient = max(found.judges, key=lambda j: j["leniency"])
    assert lenient["name"] == "评审专家1"


def test_too_few_scores_say_why(users, achievement):
    round_ = make_round(users["operator"], [achievement])
    found = services.results(round_)
    assert not found.calibrated and "至少两个评审对象" in found.note


def test_export_is_a_workbook_with_neutral_cells(client, users, scored):
    item = scored.items.first()
    item.item.title = '=HYPERLINK("http://x")'
    item.item.save()
    client.force_login(users["operator"])
    response = client.get(reverse("review:results_xlsx", args=[scored.pk]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))["评审结果"]
    titles = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert '=HYPERLINK("http://x")' in titles
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[1].value.startswith("="))
    assert cell.data_type == "s"


def test_only_the_chair_sees_results(client, users, scored):
    client.force_login(Assignment.objects.first().expert.user)
    assert client.get(reverse("review:results", args=[scored.pk])).status_code == 403
    assert client.get(reverse("review:results_xlsx", args=[scored.pk])).status_code == 403
    client.force_login(users["operator"])
    page = client.get(reverse("review:results", args=[scored.pk]))
    assert page.status_code == 200 and "校准排名" in page.content.decode()
