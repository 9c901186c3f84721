"""Experts are never recommended to their own side: a demand's panel and /api/match/ leave out the experts of
the demanding enterprise's group (its parent company, the parent's other subsidiaries), however well they
match; an achievement's own organisations' experts are likewise excluded."""

import pytest
from django.urls import reverse

from hardtech.catalogue.models import Expert, Organisation
from hardtech.matching import services
from hardtech.matching.conflicts import excluded_experts

pytestmark = pytest.mark.django_db

BIO = "激光器散热模组热阻降低，封装与散热方案，半导体激光器研究。"


def laser_expert(name: str, organisation: Organisation) -> Expert:
    return Expert.objects.create(
        name=name, organisation=organisation, fields=["electronic_information"], keywords=["激光器"], bio=BIO
    )


@pytest.fixture
def people(enterprise, university) -> dict[str, Expert]:
    group = Organisation.objects.create(name="秦创测试集团", kind="enterprise")
    sister = Organisation.objects.create(name="秦创测试光电有限公司", kind="enterprise", parent=group)
    enterprise.parent = group
    enterprise.save()
    return {
        "own": laser_expert("周工", enterprise),
        "sister": laser_expert("吴工", sister),
        "outside": laser_expert("郑教授", university),
    }


def test_demand_panel_and_api_leave_out_the_enterprise_group(client, demand, achievement, people):
    services.rebuild()
    panel = (
        client.get(reverse("demand_detail", args=[demand.pk])).content.decode().split('id="match-panel"')[1]
    )
    api = client.get(f"/api/match/demands/{demand.pk}/experts").json()["items"]
    for expert in (people["own"], people["sister"]):
        assert f'href="/experts/{expert.pk}/"' not in panel
        assert expert.pk not in [item["id"] for item in api]
    assert f'href="/experts/{people["outside"].pk}/"' in panel
    assert api[0]["id"] == people["outside"].pk


def test_an_achievement_excludes_its_organisations_experts(achievement, expert, people):
    assert excluded_experts(achievement) == {expert.pk, people["outside"].pk}


def test_an_expert_asks_for_no_exclusion(expert, people):
    assert excluded_experts(expert) == set()  # an expert's page looks for demands, not for other experts
