"""The finals pages: the operator opens the finals from a form; a judge picks the better of each pair with radio
choices (a bad choice is answered on the page); the chair's results show the rank before the finals."""

import pytest
from django.urls import reverse

from hardtech.review.models import Comparison, Finals
from support.finals_helpers import scored_round

QUALITY = [3, 8, 5, 7, 4, 6]


@pytest.fixture
def scored(users, university, enterprise):
    return scored_round(users["operator"], university, enterprise, QUALITY)


def test_open_compare_and_see_the_effect(client, users, scored):
    round_, judges = scored
    page = reverse("review:finals", args=[round_.pk])
    client.force_login(users["operator"])
    assert client.post(page, {"size": "1"}).status_code == 200 and not Finals.objects.exists()
    assert client.post(page, {"size": "3", "judges": [judges[0].pk]}).status_code == 302
    opened = Finals.objects.get()
    assert list(opened.judges.all()) == [judges[0]]
    a, b, _ = (f.item for f in opened.finalists.all())
    client.force_login(judges[1].user)
    assert client.get(page).status_code == 403
    client.force_login(judges[0].user)
    shown = client.get(page).content.decode()
    assert shown.count('type="radio"') == 6 and "<script>" not in shown and "style=" not in shown
    compare = reverse("review:finals_compare", args=[round_.pk])
    bad = client.post(compare, {"first": a.pk, "second": a.pk, "winner": a.pk}, follow=True)
    assert "请比较两个不同的决赛项目" in bad.content.decode()
    missing = client.post(compare, {"first": a.pk, "second": b.pk}, follow=True)
    assert "请在两个项目中选择较优的一项" in missing.content.decode()
    client.post(compare, {"first": a.pk, "second": b.pk, "winner": b.pk})
    assert Comparison.objects.get().winner == b
    client.force_login(users["operator"])
    results = client.get(reverse("review:results", args=[round_.pk])).content.decode()
    assert "决赛前排名" in results
