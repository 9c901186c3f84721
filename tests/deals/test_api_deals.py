"""/api/deals: each role lists only the deals it may see; a manager opens a deal (and leads it), the operator
names the lead; the team edits title, summary and amount with the version it read (a stale one is a 409); a
deal the caller may not see is a 404, money is a Decimal string."""

import pytest

from hardtech.accounts.models import Role, User
from hardtech.deals import services
from support.api_calls import api_of

call = api_of("/api/deals")


@pytest.fixture
def other_manager(db):
    return User.objects.create_user("manager2", password="pass-1234", role=Role.MANAGER)


@pytest.mark.parametrize(
    ("role", "count"),
    [
        (Role.OPERATOR, 1),
        (Role.MANAGER, 1),  # the lead
        (Role.INSTITUTION, 1),  # the seller's
        (Role.ENTERPRISE, 1),  # the buyer's
        (Role.EXPERT, 0),
        (Role.REGISTRAR, 0),
    ],
)
def test_list_shows_only_visible_deals(client, users, deal, role, count):
    response = call(client, "get", "", users[role])
    assert response.status_code == 200
    assert response.data["count"] == count
    assert [d["id"] for d in response.data["items"]] == [deal.pk] * count


def test_list_refuses_anonymous_and_hides_from_other_managers(client, deal, other_manager):
    assert call(client, "get", "").status_code == 401
    assert call(client, "get", "", other_manager).data["count"] == 0


def test_list_filters(client, users, deal, university, enterprise, other_enterprise):
    operator = users[Role.OPERATOR]
    manager = users[Role.MANAGER]

    def ids(**query):
        return [d["id"] for d in call(client, "get", "", operator, **query).data["items"]]

    assert ids(stage="introduced") == [deal.pk] and ids(stage="negotiating") == []
    assert ids(lead=manager.pk) == [deal.pk] and ids(lead=operator.pk) == []
    assert ids(source="manual") == [deal.pk] and ids(source="match") == []
    assert ids(buyer=enterprise.pk) == [deal.pk] and ids(buyer=other_enterprise.pk) == []
    assert ids(seller=university.pk) == [deal.pk] and ids(seller=enterprise.pk) == []
    assert ids(q="激光器 封装") == [deal.pk] and ids(q=deal.code) == [deal.pk] and ids(q="无关") == []
    assert ids(stage="bogus") == []
    assert ids(q=" ".join(["激光"] * 60)) == [deal.pk]  # read up to a dozen words, never a server error
    assert call(client, "get", "", operator, q="激光" * 101).status_code == 422


def test_session_reads_but_never_writes(client, users, deal):
    client.force_login(users[Role.ENTERPRISE])
    assert client.get(f"/api/deals/{deal.pk}").status_code == 200
    response = client.patch(f"/api/deals/{deal.pk}", data='{"title": "x"}', content_type="application/json")
    assert response.status_code == 401


def test_manager_opens_and_leads_a_deal(client, users, achievement, demand, university, enterprise):
    body = {
        "title": "散热模组联合开发",
        "summary": "双方联合开发低热阻封装。",
        "source": "match",
        "achievements": [achievement.pk],
        "demands": [demand.pk],
        "amount": "120.5",
    }
    response = call(client, "post", "", users[Role.MANAGER], body)
    assert response.status_code == 201, response.data
    data = response.data
    assert data["code"].startswith("JY") and data["stage"] == "introduced" and data["stage_label"] == "对接"
    assert data["lead"]["id"] == users[Role.MANAGER].pk
    assert data["amount"] == "120.50"  # Decimal as a string, never a float
    assert [s["id"] for s in data["sellers"]] == [university.pk]
    assert [b["id"] for b in data["buyers"]] == [enterprise.pk]
    assert response["ETag"] == 'W/"1"'
    steps = {s["name"]: s["note_required"] for s in data["steps"]}
    assert steps == {"to_negotiating": False, "skip_to_negotiating": True, "end": True}


def test_operator_names_the_lead_a_manager_may_not(client, users, achievement, demand, other_manager):
    body = {"title": "由管委会指派", "achievements": [achievement.pk], "demands": [demand.pk]}
    named = call(client, "post", "", users[Role.OPERATOR], {**body, "lead": other_manager.pk})
    assert named.status_code == 201 and named.data["lead"]["id"] == other_manager.pk
    refused = call(client, "post", "", users[Role.MANAGER], {**body, "lead": other_manager.pk})
    assert refused.status_code == 403 and refused.data["detail"] == "只有管委会可以指定牵头技术经理人"
    operator_lead = call(client, "post", "", users[Role.OPERATOR], body)  # the operator cannot lead
    assert operator_lead.status_code == 422
    assert operator_lead.data["detail"][0]["loc"] == ["body", "payload", "lead"]


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.INSTITUTION, Role.EXPERT, Role.REGISTRAR])
def test_only_managers_and_the_operator_open_deals(client, users, achievement, demand, role):
    body = {"title": "试图创建", "achievements": [achievement.pk], "demands": [demand.pk]}
    response = call(client, "post", "", users[role], body)
    assert response.status_code == 403 and "技术经理人" in response.data["detail"]


def test_open_refuses_bad_input_in_chinese(client, users, achievement, demand):
    manager = users[Role.MANAGER]
    no_buyer = call(client, "post", "", manager, {"title": "缺需求方", "achievements": [achievement.pk]})
    assert no_buyer.status_code == 422
    assert no_buyer.data["detail"][0]["loc"] == ["body", "payload", "demands"]
    assert "需求" in no_buyer.data["detail"][0]["msg"]
    missing = call(
        client, "post", "", manager, {"title": "x", "achievements": [999999], "demands": [demand.pk]}
    )
    assert missing.status_code == 422 and "不存在" in missing.data["detail"][0]["msg"]
    negative = call(
        client,
        "post",
        "",
        manager,
        {"title": "x", "achievements": [achievement.pk], "demands": [demand.pk], "amount": "-1"},
    )
    assert negative.status_code == 422


def test_detail_is_404_for_those_who_may_not_see(client, users, deal, other_manager):
    for user in (users[Role.EXPERT], users[Role.REGISTRAR], other_manager):
        response = call(client, "get", f"/{deal.pk}", user)
        assert response.status_code == 404 and response.data == {"detail": "未找到"}
    assert call(client, "get", "/999999", users[Role.OPERATOR]).status_code == 404
    party = call(client, "get", f"/{deal.pk}", users[Role.ENTERPRISE])
    assert party.status_code == 200 and party.data["steps"] == []  # a party sees, but takes no step


def test_patch_with_version_and_stale_conflict(client, users, deal):
    manager = users[Role.MANAGER]
    first = call(client, "patch", f"/{deal.pk}", manager, {"title": "改后的名称", "amount": 80, "version": 1})
    assert first.status_code == 200, first.data
    assert (
        first.data["title"] == "改后的名称" and first.data["amount"] == "80.00" and first.data["version"] == 2
    )
    assert first["ETag"] == 'W/"2"'
    stale = call(client, "patch", f"/{deal.pk}", manager, {"summary": "基于旧版本", "version": 1})
    assert stale.status_code == 409 and "已被他人修改" in stale.data["detail"]
    by_header = call(client, "patch", f"/{deal.pk}", manager, {"summary": "x"}, headers={"If-Match": 'W/"1"'})
    assert by_header.status_code == 409
    fresh = call(
        client, "patch", f"/{deal.pk}", manager, {"summary": "新简介"}, headers={"If-Match": 'W/"2"'}
    )
    assert fresh.status_code == 200 and fresh.data["summary"] == "新简介" and fresh.data["version"] == 3
    deal.refresh_from_db()
    assert deal.summary == "新简介"


def test_patch_refusals(client, users, deal, other_manager):
    assert call(client, "patch", f"/{deal.pk}", users[Role.ENTERPRISE], {"title": "x"}).status_code == 403
    assert call(client, "patch", f"/{deal.pk}", other_manager, {"title": "x"}).status_code == 404
    assert call(client, "patch", f"/{deal.pk}", None, {"title": "x"}).status_code == 401
    blank = call(client, "patch", f"/{deal.pk}", users[Role.MANAGER], {"title": ""})
    assert blank.status_code == 422
    unknown = call(client, "patch", f"/{deal.pk}", users[Role.MANAGER], {"stage": "closed"})
    assert unknown.status_code == 200 and unknown.data["stage"] == "introduced"  # only /move moves it
    services.move(users[Role.MANAGER], deal, "end", "双方放弃", {"reason": "price"})
    ended = call(client, "patch", f"/{deal.pk}", users[Role.MANAGER], {"title": "终止后修改"})
    assert ended.status_code == 403 and ended.data["detail"] == "无权修改该项目"


def test_list_pages_newest_first(client, users, deal, achievement, demand):
    manager = users[Role.MANAGER]
    later = [
        services.open_deal(manager, title=f"第{n}个项目", achievements=[achievement], demands=[demand])
        for n in (2, 3)
    ]
    first = call(client, "get", "", manager, limit=2)
    assert first.data["count"] == 3 and first.data["limit"] == 2
    assert [d["id"] for d in first.data["items"]] == [later[1].pk, later[0].pk]
    rest = call(client, "get", "", manager, limit=2, offset=2)
    assert [d["id"] for d in rest.data["items"]] == [deal.pk]
    assert call(client, "get", "", manager, limit=101).status_code == 422
