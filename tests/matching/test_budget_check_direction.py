"""The price check reads the same from either side: an achievement's price against a demand's budget, whether
the demand's page looks for achievements or the achievement's page looks for demands."""

import pytest
from django.urls import reverse

from hardtech.engines.match import Boosts, Document
from hardtech.engines.match.filters import agreements
from hardtech.matching import services

pytestmark = pytest.mark.django_db

DEMAND = Document(id="d", title="需求", kind="demand", price=600, maturity=3)
CHEAP = Document(id="a", title="成果", kind="achievement", price=300, maturity=4)
DEAR = Document(id="b", title="成果", kind="achievement", price=900, maturity=2)


@pytest.mark.parametrize("offer", [CHEAP, DEAR])
def test_either_side_reads_the_same(offer):
    assert agreements(offer, DEMAND, Boosts()) == agreements(DEMAND, offer, Boosts())


def test_price_within_budget_and_maturity_reached():
    parts, notes = agreements(CHEAP, DEMAND, Boosts())
    assert parts["price"] > 0 and parts["maturity"] > 0
    assert notes == ["成熟度达到试生产阶段", "报价300万元在预算600万元以内"]


def test_price_over_budget_and_maturity_short():
    parts, notes = agreements(DEAR, DEMAND, Boosts())
    assert parts["price"] < 0 and "maturity" not in parts
    assert notes == ["报价900万元超出预算600万元"]


def test_achievement_page_states_the_budget_check_right(client, achievement, demand):
    achievement.price_min = 300
    achievement.save()
    demand.budget_max = 600
    demand.save()
    services.rebuild()
    panel = client.get(reverse("achievement_detail", args=[achievement.pk])).content.decode()
    panel = panel.split('id="match-panel"')[1]
    assert f'href="/demands/{demand.pk}/"' in panel
    assert "报价300.00万元在预算600.00万元以内" in panel and "超出预算" not in panel
