"""Listing, detail, filters, pagination and full-text search, with visibility and contact hiding."""

import pytest

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation


def _titles(response) -> list[str]:
    return [item["title"] for item in response.data["items"]]


@pytest.fixture
def drafts(university, other_university, enterprise):
    """Unpublished listings next to the published fixtures: one draft achievement per university, one demand."""
    mine = Achievement.objects.create(title="校内草稿成果", field="new_materials", summary="未发布")
    mine.organisations.add(university)
    theirs = Achievement.objects.create(
        title="他校草稿成果", field="new_materials", summary="未发布", status="pending"
    )
    theirs.organisations.add(other_university)
    demand = Demand.objects.create(
        title="企业草稿需求", field="new_energy", enterprise=enterprise, problem="未发布"
    )
    return {"mine": mine, "theirs": theirs, "demand": demand}


def test_public_list_shows_published_only_and_hides_contacts(api, achievement, drafts):
    response = api.get("achievements")
    assert response.status_code == 200
    assert response.data["count"] == 1 and _titles(response) == [achievement.title]
    item = response.data["items"][0]
    assert item["contact_name"] is None and item["contact_phone"] is None and item["contact_email"] is None
    assert item["organisations"] == [
        {"id": item["organisations"][0]["id"], "name": "西安测试大学", "kind": "university"}
    ]
    assert item["maturity_label"] == "中试" and item["transfer_mode_labels"] == ["普通许可"]


def test_signed_in_callers_see_contacts(api, keys, achievement, expert):
    item = api.get(f"achievements/{achievement.pk}", keys[Role.ENTERPRISE]).data
    assert item["contact_name"] == "张老师" and item["contact_phone"] == "029-88880000"
    assert api.get(f"experts/{expert.pk}").data["contact_phone"] is None
    assert api.get(f"experts/{expert.pk}", keys[Role.EXPERT]).data["contact_phone"] == "13900000000"


def test_visibility_follows_the_role(api, keys, achievement, drafts):
    assert api.get("achievements", keys[Role.OPERATOR]).data["count"] == 3
    assert api.get("achievements", keys[Role.MANAGER]).data["count"] == 3
    own = api.get("achievements", keys[Role.INSTITUTION])
    assert sorted(_titles(own)) == sorted([achievement.title, "校内草稿成果"])
    assert api.get("achievements", keys[Role.ENTERPRISE]).data["count"] == 1
    assert _titles(api.get("demands", keys[Role.ENTERPRISE])) == ["企业草稿需求"]
    assert api.get("demands", keys[Role.INSTITUTION]).data["count"] == 0


def test_status_filter_within_what_the_caller_may_see(api, keys, achievement, drafts):
    pending = api.get("achievements", keys[Role.OPERATOR], status="pending")
    assert _titles(pending) == ["他校草稿成果"]
    assert api.get("achievements", keys[Role.INSTITUTION], status="pending").data["count"] == 0
    assert api.get("achievements", status="draft").data["count"] == 0


def test_invisible_detail_is_404(api, keys, drafts):
    path = f"achievements/{drafts['mine'].pk}"
    assert api.get(path).status_code == 404
    assert api.get(path, keys[Role.ENTERPRISE]).status_code == 404
    assert api.get(path, keys[Role.INSTITUTION]).status_code == 200
    assert api.get(f"demands/{drafts['demand'].pk}", keys[Role.ENTERPRISE]).status_code == 200
    assert api.get(f"demands/{drafts['demand'].pk}", keys[Role.INSTITUTION]).status_code == 404
    assert api.get("achievements/999999").status_code == 404


def test_search_in_simplified_and_traditional(api, achievement, demand):
    assert _titles(api.get("achievements", q="半导体激光器")) == [achievement.title]
    assert _titles(api.get("achievements", q="半導體激光器 封裝工藝")) == [achievement.title]
    assert _titles(api.get("demands", q="熱阻")) == [demand.title]


def test_search_terms_are_anded(api, achievement):
    assert api.get("achievements", q="激光器 封装").data["count"] == 1
    assert api.get("achievements", q="激光器 疫苗").data["count"] == 0


def test_achievement_filters(api, achievement, other_university):
    other = Achievement.objects.create(
        title="生物可降解支架",
        field="biomedicine",
        summary="支架",
        maturity="lab_trial",
        transfer_modes=["assignment", "equity"],
        status="published",
        price_min="50",
        price_max="80",
    )
    other.organisations.add(other_university)
    assert _titles(api.get("achievements", field="biomedicine")) == [other.title]
    assert _titles(api.get("achievements", maturity="pilot")) == [achievement.title]
    assert _titles(api.get("achievements", transfer_mode="equity")) == [other.title]
    assert _titles(api.get("achievements", transfer_mode="license")) == []  # codes match whole, not in part
    assert _titles(api.get("achievements", organisation=other_university.pk)) == [other.title]
    assert api.get("achievements", kind="university").data["count"] == 2
    assert api.get("achievements", kind="enterprise").data["count"] == 0
    assert api.get("achievements", region="西安").data["count"] == 2
    assert api.get("achievements", region="北京").data["count"] == 0
    assert api.get("achievements", ordering="-price_min").data["items"][0]["title"] == other.title
    assert api.get("achievements", ordering="sideways").status_code == 422


def test_demand_expert_and_organisation_filters(api, demand, expert, enterprise, other_enterprise):
    assert _titles(api.get("demands", cooperation_mode="joint_development")) == [demand.title]
    assert _titles(api.get("demands", cooperation_mode="assignment")) == []
    assert api.get("demands", enterprise=enterprise.pk).data["count"] == 1
    assert api.get("demands", enterprise=other_enterprise.pk).data["count"] == 0
    assert api.get("experts", field="electronic_information").data["count"] == 1
    assert api.get("experts", field="biomedicine").data["count"] == 0
    assert api.get("experts", q="光電子").data["items"][0]["name"] == "王教授"
    assert api.get("experts", kind="university", region="西安").data["count"] == 1
    orgs = api.get("organisations", kind="enterprise", ordering="name").data
    assert {o["name"] for o in orgs["items"]} == {"秦创测试科技有限公司", "丝路测试装备有限公司"}
    assert api.get("organisations", region="雁塔").data["items"][0]["credit_code"] == "91350100M000100Y43"
    assert api.get("organisations", q="秦創").data["count"] == 1


def test_pagination_with_total_count(api, university):
    for i in range(7):
        Organisation.objects.create(name=f"分页测试机构{i}", kind="service")
    first = api.get("organisations", kind="service", limit=3).data
    assert (first["count"], first["limit"], first["offset"], len(first["items"])) == (7, 3, 0, 3)
    last = api.get("organisations", kind="service", limit=3, offset=6).data
    assert [o["name"] for o in last["items"]] == ["分页测试机构6"] and last["count"] == 7
    names = [
        o["name"]
        for p in (0, 3, 6)
        for o in api.get("organisations", kind="service", limit=3, offset=p).data["items"]
    ]
    assert len(set(names)) == 7
    assert api.get("organisations", limit=0).status_code == 422
    assert api.get("organisations", limit=101).status_code == 422


def test_expert_and_organisation_detail(api, expert, university):
    data = api.get(f"experts/{expert.pk}").data
    assert data["organisation"]["name"] == university.name and data["field_labels"] == ["电子信息"]
    org = api.get(f"organisations/{university.pk}").data
    assert org["kind_label"] == "高校" and org["region"] == "陕西省 西安市"
    assert api.get("experts/999999").status_code == 404
    assert Expert.objects.count() == 1


def test_list_queries_do_not_grow_with_the_page(api, university, django_assert_max_num_queries):
    for i in range(12):
        item = Achievement.objects.create(
            title=f"批量成果{i}", field="new_materials", summary="x", status="published"
        )
        item.organisations.add(university)
    with django_assert_max_num_queries(3):  # count, page, organisations prefetch
        assert len(api.get("achievements", limit=12).data["items"]) == 12
