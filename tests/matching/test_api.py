"""/api/match/: the four directions, engine search, filters, visibility; engine-ranked `q` on the lists."""

import pytest

from hardtech.accounts.models import ApiToken, Role

pytestmark = pytest.mark.django_db


def get(client, path: str, key: str | None = None, **query):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.get(f"/api/{path}", query, headers=headers)


def test_demand_to_achievements_and_experts(client, built, demand, achievement, expert):
    data = get(client, f"match/demands/{demand.pk}/achievements").json()
    assert data["source"] == {"kind": "demands", "id": demand.pk, "title": demand.title}
    first = data["items"][0]
    assert first["id"] == achievement.pk and first["kind"] == "achievements" and first["rank"] == 1
    assert first["url"] == f"/achievements/{achievement.pk}/" and first["owner"]["name"] == "西安测试大学"
    assert "激光器" in first["explanation"]["terms"] and first["explanation"]["sentence"].startswith(
        "该成果与需求"
    )
    assert "技术领域一致（电子信息）" in first["explanation"]["agreements"]
    assert first["parts"]["field"] == pytest.approx(0.1) and "lexical" in first["parts"]
    assert first["score"] == pytest.approx(sum(first["parts"].values()), abs=1e-4)
    assert "contact_phone" not in str(data)
    experts = get(client, f"match/demands/{demand.pk}/experts").json()["items"]
    assert experts[0]["id"] == expert.pk and experts[0]["title"] == "王教授"


def test_achievement_and_expert_to_demands(client, built, demand, achievement, expert):
    for path in (f"match/achievements/{achievement.pk}/demands", f"match/experts/{expert.pk}/demands"):
        items = get(client, path).json()["items"]
        assert items[0]["id"] == demand.pk and items[0]["owner"]["name"] == "秦创测试科技有限公司"


def test_filters(client, built, demand, achievement):
    path = f"match/demands/{demand.pk}/achievements"
    assert [i["id"] for i in get(client, path, field="new_energy").json()["items"]] == [built["battery"].pk]
    assert achievement.pk not in [i["id"] for i in get(client, path, min_maturity=4).json()["items"]]
    assert len(get(client, path, top=1).json()["items"]) == 1
    assert get(client, path, field="no-such-field").status_code == 422


def test_unpublished_source_is_404_for_public_but_not_for_owner(client, built, users):
    draft = built["draft"]
    assert get(client, f"match/achievements/{draft.pk}/demands").status_code == 404
    key = ApiToken.issue(users[Role.INSTITUTION])[1]
    assert get(client, f"match/achievements/{draft.pk}/demands", key).status_code == 200


def test_no_index_is_503(client, zone, demand):
    assert get(client, f"match/demands/{demand.pk}/achievements").status_code == 503
    assert get(client, "match/search", kind="achievements", q="激光").status_code == 503


def test_search_endpoint_traditional(client, built, achievement):
    data = get(client, "match/search", kind="achievements", q="半導體雷射").json()
    assert data["source"] is None and data["items"][0]["id"] == achievement.pk
    assert data["items"][0]["explanation"]["terms"]
    assert get(client, "match/search", kind="nothing", q="x").status_code == 422


def test_list_q_ranked_by_engine(client, built, achievement, demand, expert):
    items = get(client, "achievements", q="半導體雷射 封裝").json()["items"]
    assert items[0]["title"] == achievement.title
    assert get(client, "demands", q="散熱").json()["items"][0]["title"] == demand.title
    assert get(client, "experts", q="光電子").json()["items"][0]["name"] == "王教授"


def test_list_q_keeps_relevance_before_ordering(client, built, achievement):
    # by title the battery would come first; relevance puts the laser achievement ahead
    items = get(client, "achievements", q="激光器封装 电池", ordering="title").json()["items"]
    assert [i["title"] for i in items][0] == achievement.title


def test_list_q_without_index_is_substring_search(client, zone, achievement):
    assert [i["title"] for i in get(client, "achievements", q="半導體激光器").json()["items"]] == [
        achievement.title
    ]
