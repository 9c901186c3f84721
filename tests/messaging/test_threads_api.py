"""/api/threads: the same threads as the pages — listing mine, starting one about a record, reading one,
posting, joining — with the same permissions."""

import json

import pytest

from hardtech.accounts.models import ApiToken, Role
from hardtech.messaging.models import Participant, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(client):
    def send(method: str, path: str, user, body=None):
        headers = {"Authorization": f"Bearer {ApiToken.issue(user)[1]}"}
        if method == "get":
            response = client.get(f"/api/threads{path}", headers=headers)
        else:
            data = "" if body is None else json.dumps(body)
            response = client.post(
                f"/api/threads{path}", data, content_type="application/json", headers=headers
            )
        response.data = response.json() if response.content else None
        return response

    return send


def test_start_read_reply_and_list(call, asker, owner, achievement):
    body = {"record_kind": "achievement", "record_id": achievement.pk, "body": "能否提供样品？"}
    response = call("post", "", asker, body)
    assert response.status_code == 201, response.data
    started = response.data
    assert started["record"] == {
        "kind": "achievement",
        "id": achievement.pk,
        "title": achievement.title,
        "url": f"/achievements/{achievement.pk}/",
    }
    assert {p["user_id"]: p["reason"] for p in started["participants"]} == {
        asker.pk: "opener",
        owner.pk: "party",
    }
    assert set(started["participants"][0]) == {
        "user_id", "name", "organisation", "role", "reason", "last_read_at"
    }  # fmt: skip
    [mine] = call("get", "", owner).data["items"]
    assert mine["id"] == started["id"] and mine["unread"] == 1
    reply = call("post", f"/{started['id']}/messages", owner, {"body": "可以，寄送地址？"})
    assert reply.status_code == 201 and reply.data["body"] == "可以，寄送地址？"
    assert reply.data["receipt"] == "未读"
    detail = call("get", f"/{started['id']}", asker).data
    assert [m["body"] for m in detail["messages"]] == ["能否提供样品？", "可以，寄送地址？"]
    assert call("get", "", asker).data["items"][0]["unread"] == 0


def test_refusals(call, users, asker, owner, achievement, thread):
    own = {"record_kind": "achievement", "record_id": achievement.pk, "body": "自言自语"}
    assert call("post", "", owner, own).status_code == 403
    missing = {"record_kind": "demand", "record_id": 999_999, "body": "你好"}
    assert call("post", "", asker, missing).status_code == 404
    empty = {"record_kind": "achievement", "record_id": achievement.pk, "body": " "}
    response = call("post", "", asker, empty)
    assert response.status_code == 422 and response.data["detail"][0]["msg"] == "请填写留言内容"
    assert call("post", "/999999/messages", asker, {"body": "你好"}).status_code == 404
    assert call("get", f"/{2**70}", asker).status_code == 422
    assert Thread.objects.count() == 1


def test_brokers_join_others_cannot(call, users, thread):
    assert call("post", f"/{thread.pk}/join", users[Role.EXPERT]).status_code == 404
    response = call("post", f"/{thread.pk}/join", users[Role.MANAGER])
    assert response.status_code == 200 and "能否提供样品测试？" in [
        m["body"] for m in response.data["messages"]
    ]
    assert Participant.objects.filter(thread=thread, user=users[Role.MANAGER]).exists()
    assert call("post", f"/{thread.pk}/join", users[Role.MANAGER]).status_code == 200  # already in: no-op
