"""Library pages: full-text search (Simplified and Traditional input), filters, sorting, pagination."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [str(obj) for obj in response.context["page"].object_list]


def make_achievement(title: str, org: Organisation, **fields) -> Achievement:
    fields = {"field": "new_materials", "summary": "简介", "status": "published", **fields}
    item = Achievement.objects.create(title=title, **fields)
    item.organisations.add(org)
    return item


@pytest.mark.parametrize(
    "query", ["半导体激光器", "半導體激光器", "激光器 封装", "雷射 封裝", "封裝", "热阻低"]
)
def test_achievement_search_simplified_and_traditional(client, achievement, university, query):
    make_achievement("锂离子电池正极材料", university)
    assert titles(client.get(reverse("achievement_list"), {"q": query})) == [achievement.title]


def test_search_terms_are_anded(client, achievement):
    assert titles(client.get(reverse("achievement_list"), {"q": "激光器 电池"})) == []


def test_demand_search_traditional(client, demand):
    assert titles(client.get(reverse("demand_list"), {"q": "散熱 熱阻"})) == [demand.title]


def test_expert_and_organisation_search_traditional(client, expert, university, enterprise):
    assert titles(client.get(reverse("expert_list"), {"q": "雷射"})) == [str(expert)]
    assert titles(client.get(reverse("organisation_list"), {"q": "西安測試大學"})) == [university.name]


def test_achievement_filters(client, achievement, university, other_university):
    other_university.province = "四川省"
    other_university.save()
    make_achievement(
        "新型储能材料",
        other_university,
        field="new_energy",
        maturity="lab_trial",
        transfer_modes=["assignment", "equity"],
        tech_level="domestic_leading",
    )
    url = reverse("achievement_list")
    assert titles(client.get(url, {"field": "new_energy"})) == ["新型储能材料"]
    assert titles(client.get(url, {"maturity": "pilot"})) == [achievement.title]
    assert titles(client.get(url, {"mode": "equity"})) == ["新型储能材料"]
    assert titles(client.get(url, {"mode": "ordinary_license"})) == [achievement.title]
    assert titles(client.get(url, {"tech_level": "domestic_leading"})) == ["新型储能材料"]
    assert titles(client.get(url, {"region": "四川省"})) == ["新型储能材料"]
    assert titles(client.get(url, {"org": university.pk})) == [achievement.title]
    assert titles(client.get(url, {"field": "new_energy", "maturity": "pilot"})) == []


def test_invalid_filter_value_is_ignored(client, achievement):
    response = client.get(reverse("achievement_list"), {"field": "no-such-field", "page": "abc"})
    assert response.status_code == 200 and titles(response) == [achievement.title]


def test_demand_filters(client, demand, other_enterprise):
    Demand.objects.create(
        title="装备数字化改造",
        field="advanced_manufacturing",
        enterprise=other_enterprise,
        problem="产线改造",
        cooperation_modes=["tech_service"],
        province="四川省",
        status="published",
    )
    url = reverse("demand_list")
    assert titles(client.get(url, {"mode": "tech_service"})) == ["装备数字化改造"]
    assert titles(client.get(url, {"field": "electronic_information"})) == [demand.title]
    assert titles(client.get(url, {"region": "四川省"})) == ["装备数字化改造"]
    assert titles(client.get(url, {"org": other_enterprise.pk})) == ["装备数字化改造"]


def test_expert_and_organisation_filters(client, expert, university, enterprise):
    Expert.objects.create(name="赵研究员", fields=["new_materials"])
    assert titles(client.get(reverse("expert_list"), {"field": "electronic_information"})) == [str(expert)]
    assert titles(client.get(reverse("expert_list"), {"org": university.pk})) == [str(expert)]
    assert titles(client.get(reverse("organisation_list"), {"kind": "enterprise"})) == [enterprise.name]


def test_status_filter_only_for_those_who_see_other_statuses(client_for, users, achievement, university):
    make_achievement("待审的成果", university, status="pending")
    url = reverse("achievement_list")
    operator = client_for(Role.OPERATOR).get(url, {"status": "pending"})
    assert operator.context["show_status"] and titles(operator) == ["待审的成果"]
    public = client_for("anonymous").get(url, {"status": "pending"})
    assert not public.context["show_status"] and titles(public) == []
    assert 'name="status"' not in public.content.decode()


def test_sorting(client, university):
    make_achievement("乙成果", university, price_min=Decimal("50"), price_max=Decimal("80"))
    make_achievement("甲成果", university, price_min=Decimal("10"), price_max=Decimal("20"))
    make_achievement("丙成果", university)
    url = reverse("achievement_list")
    assert titles(client.get(url))[0] == "丙成果"  # newest first
    assert titles(client.get(url, {"sort": "price_asc"})) == ["甲成果", "乙成果", "丙成果"]
    assert titles(client.get(url, {"sort": "price_desc"})) == ["乙成果", "甲成果", "丙成果"]
    assert titles(client.get(url, {"sort": "title"})) == sorted(["甲成果", "乙成果", "丙成果"])


def test_pagination_keeps_filters(client, university):
    for i in range(45):
        make_achievement(f"批量成果{i:02d}", university, field="new_energy")
    make_achievement("别的领域", university)
    url = reverse("achievement_list")
    first = client.get(url, {"field": "new_energy"})
    assert len(titles(first)) == 20 and first.context["page"].paginator.num_pages == 3
    html = first.content.decode()
    assert "field=new_energy&amp;page=2" in html
    last = client.get(url, {"field": "new_energy", "page": 3})
    assert len(titles(last)) == 5 and "别的领域" not in titles(last)
    assert len(titles(client.get(url, {"page": 999}))) == 6  # out of range: the last page


def test_library_query_count_does_not_grow_with_the_page(client, university, django_assert_max_num_queries):
    for i in range(20):
        make_achievement(f"成果{i}", university)
    # session, count, page, prefetch of organisations, region choices: a constant handful
    with django_assert_max_num_queries(8):
        client.get(reverse("achievement_list"))
