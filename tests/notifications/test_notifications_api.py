"""/api/notifications: the caller's notifications (paginated, unread first, unread filter), marking read,
and the delivery preferences; nobody reaches another user's."""

import json

import pytest

from hardtech.accounts.models import ApiToken, Role
from hardtech.notifications import services
from hardtech.notifications.kinds import Delivery
from hardtech.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(client):
    def send(method: str, path: str, user=None, body=None, **query):
        headers = {"Authorization": f"Bearer {ApiToken.issue(user)[1]}"} if user else {}
        if method == "get":
            response = client.get(f"/api/notifications{path}", query, headers=headers)
        else:
            data = "" if body is None else json.dumps(body)
            response = getattr(client, method)(
                f"/api/notifications{path}", data, content_type="application/json", headers=headers
            )
        response.data = response.json() if response.content else None
        return response

    return send


def test_list_is_paginated_unread_first_and_filters_unread(call, enterprise_user, demand, returned):
    older = notify([enterprise_user], "listing.approved", demand, "较早")[0]
    newer = notify([enterprise_user], "match.found", demand, "较新")[0]
    services.mark_read(enterprise_user, newer)
    response = call("get", "", enterprise_user, limit=2)
    assert response.status_code == 200
    assert response.data["count"] == 3 and response.data["unread"] == 2
    assert [n["id"] for n in response.data["items"]] == [older.pk, returned.pk]
    first = response.data["items"][1]
    assert first["kind"] == "listing.returned" and first["body"] == "审核意见：请补充技术指标"
    assert first["record_type"] == "catalogue.demand" and first["record_id"] == demand.pk
    assert first["url"] == f"/demands/{demand.pk}/" and first["read_at"] is None
    read = call("get", "", enterprise_user, unread="false").data["items"]
    assert [n["id"] for n in read] == [newer.pk]


def test_mark_one_and_all_read(call, enterprise_user, demand, returned):
    other = notify([enterprise_user], "match.found", demand, "新匹配")[0]
    response = call("post", f"/{returned.pk}/read", enterprise_user)
    assert response.status_code == 200 and response.data["read_at"] is not None
    assert call("post", "/read-all", enterprise_user).data == {"marked": 1}
    other.refresh_from_db()
    assert other.is_read


def test_another_users_notification_is_not_found(call, users, returned):
    assert call("post", f"/{returned.pk}/read", users[Role.MANAGER]).status_code == 404
    assert call("get", "", users[Role.MANAGER]).data["count"] == 0
    assert call("post", f"/{2**70}/read", users[Role.MANAGER]).status_code == 422


def test_a_token_is_needed(call, client, enterprise_user, returned):
    assert call("get", "").status_code == 401
    # The web session reads, but never writes (no CSRF exposure through the API).
    client.force_login(enterprise_user)
    assert client.get("/api/notifications").status_code == 200
    assert client.post(f"/api/notifications/{returned.pk}/read").status_code == 401


def test_preferences_read_and_write(call, enterprise_user):
    response = call("get", "/preferences", enterprise_user)
    kinds = {k["kind"]: k for k in response.data["kinds"]}
    assert kinds["listing.returned"]["delivery"] == kinds["listing.returned"]["default"] == "email"
    assert response.data["email"] == ""
    body = {"email": "rd@qinchuang.example", "kinds": [{"kind": "match.found", "delivery": "inbox"}]}
    response = call("put", "/preferences", enterprise_user, body)
    assert response.status_code == 200 and response.data["email"] == "rd@qinchuang.example"
    assert {k["kind"]: k["delivery"] for k in response.data["kinds"]}["match.found"] == Delivery.INBOX


@pytest.mark.parametrize(
    "body",
    [
        {"kinds": [{"kind": "listing.vanished", "delivery": "inbox"}]},
        {"kinds": [{"kind": "match.found", "delivery": "fax"}]},
        {"email": "not-an-address"},
    ],
)
def test_preferences_refuse_unknown_kinds_deliveries_and_addresses(call, enterprise_user, body):
    response = call("put", "/preferences", enterprise_user, body)
    assert response.status_code == 422, response.data
    assert all(p.delivery == p.kind.default for p in services.preferences(enterprise_user))
