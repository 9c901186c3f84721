"""Every input is capped and a request's work bounded: long search texts are refused (API) or cut (web),
searches read a bounded number of terms, text and list fields have limits, a policy evaluation takes bounded
lists. Before: a 10,000-character q took seconds in the engine, 1,000 words were a 500 (SQLite expression
tree too large), and 20,000 posted events made a 5 MB answer."""

import pytest
from django.db.models import Q

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement
from hardtech.core.search import MAX_QUERY_CHARS, MAX_QUERY_TERMS, query_terms, substring_q
from hardtech.matching import ranking, services

LISTS = ["achievements", "demands", "experts", "organisations"]


def _conditions(q: Q) -> int:
    return sum(_conditions(child) if isinstance(child, Q) else 1 for child in q.children)


@pytest.mark.parametrize("path", LISTS)
def test_a_search_text_longer_than_the_cap_is_refused(api, path, achievement):
    response = api.get(path, q="半导体" * 400)
    assert response.status_code == 422
    [item] = response.data["detail"]
    assert item["loc"] == ["query", "q"] and item["msg"] == f"最多 {MAX_QUERY_CHARS} 个字符"


@pytest.mark.parametrize("path", LISTS)
def test_a_thousand_words_are_refused_not_a_server_error(api, path, achievement):
    assert api.get(path, q=" ".join(["激光"] * 1000)).status_code == 422


def test_a_search_at_the_cap_still_works(api, achievement):
    q = ("激光器 " * 100)[:MAX_QUERY_CHARS]
    response = api.get("achievements", q=q)
    assert response.status_code == 200 and [i["id"] for i in response.data["items"]] == [achievement.pk]


def test_substring_search_reads_a_bounded_number_of_terms():
    words = " ".join(f"词{i}" for i in range(1000))
    assert len(query_terms(words)) == MAX_QUERY_TERMS
    assert _conditions(substring_q(words)) == MAX_QUERY_TERMS
    assert query_terms("半导体 半導體 半导体") == ["半导体"]  # repeats are one term


def test_the_engine_gets_a_bounded_query(monkeypatch, achievement):
    services.rebuild()
    seen = []
    real = services.search_ids
    monkeypatch.setattr(services, "search_ids", lambda kind, q, **kw: seen.append(q) or real(kind, q, **kw))
    ranking.ranked(Achievement.objects.all(), "激光器" * 5000)
    [query] = seen
    assert len(query) == MAX_QUERY_CHARS


def test_match_search_caps_its_text_and_filters(api, achievement):
    services.rebuild()
    assert api.get("match/search", kind="achievements", q="激" * (MAX_QUERY_CHARS + 1)).status_code == 422
    assert api.get("match/search", kind="achievements", q="激光", region="陕" * 21).status_code == 422
    assert api.get("match/search", kind="achievements", q="激光").status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("summary", "长" * 20_001),
        ("title", "长" * 301),
        ("keywords", [f"词{i}" for i in range(51)]),
        ("keywords", ["长" * 101]),
        ("patents", ["CN" + "1" * 50]),
        ("organisations", list(range(1, 52))),
    ],
)
def test_text_and_list_fields_are_capped(api, keys, university, field, value):
    body = {"title": "上限测试", "field": "new_materials", "summary": "用于测试", field: value}
    response = api.call("post", "achievements", keys[Role.INSTITUTION], body)
    assert response.status_code == 422, response.data
    assert response.data["detail"][0]["loc"][:3] == ["body", "payload", field]
    assert not Achievement.objects.filter(title="上限测试").exists()


def test_region_filters_are_capped(api):
    assert api.get("organisations", region="陕" * 41).status_code == 422


def _profile(events: int) -> dict:
    event = {"type": "key_lab", "level": "provincial", "date": "2024-06-30"}
    return {"kind": "university", "registered_in_zone": True, "events": [event] * events}


def test_policy_evaluation_takes_bounded_lists(api):
    response = api.call("post", "policy/evaluate", body={"year": 2025, "profile": _profile(20_000)})
    assert response.status_code == 422
    [item] = response.data["detail"]
    assert item["loc"] == ["body", "payload", "profile", "events"] and item["msg"] == "最多 200 项"
    assert (
        api.call("post", "policy/evaluate", body={"year": 2025, "profile": _profile(200)}).status_code == 200
    )


def test_a_profile_record_holds_short_values_only(api):
    profile = _profile(1)
    profile["events"][0]["type"] = "长" * 1000
    response = api.call("post", "policy/evaluate", body={"year": 2025, "profile": profile})
    assert response.status_code == 422
    assert "string_too_long" in {item["type"] for item in response.data["detail"]}


def test_the_web_search_box_searches_the_start_of_a_long_text(client, achievement, zone_battery):
    # Before: a text over the box's 100 characters was dropped, and the page listed everything.
    response = client.get("/achievements/", {"q": "锂离子电池" + " " * 150 + "激光器"})
    assert response.status_code == 200
    shown = {a.pk for a in response.context["page"].object_list}
    assert shown == {zone_battery.pk}


@pytest.fixture
def zone_battery(university) -> Achievement:
    battery = Achievement.objects.create(
        title="锂离子电池硅碳负极材料",
        field="new_energy",
        summary="高容量硅碳负极，循环寿命长。",
        status="published",
    )
    battery.organisations.add(university)
    return battery
