"""A deal's thread (项目留言): one per deal, its participants are the deal's people (team and parties) as they
stand now; only they (and the operator) read and write it, on the deal page, the thread page and the API."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from hardtech.accounts.models import ApiToken, Role, User
from hardtech.deals import services as deal_services
from hardtech.deals.models import TeamRole
from hardtech.deals.people import people
from hardtech.messaging import permissions, services
from hardtech.messaging.models import Participant, Thread
from hardtech.notifications.models import Notification


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def outsider(other_enterprise) -> User:
    return User.objects.create_user(
        "outsider", password="pass-1234", role=Role.ENTERPRISE, organisation=other_enterprise
    )


@pytest.fixture
def specialist(db) -> User:
    return User.objects.create_user("specialist", password="pass-1234", role=Role.MANAGER)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def participants(thread: Thread) -> set[str]:
    return set(Participant.objects.filter(thread=thread).values_list("user__username", flat=True))


def test_the_deals_people_take_part_and_are_told(deal, users):
    enterprise, manager, institution = users[Role.ENTERPRISE], users[Role.MANAGER], users[Role.INSTITUTION]
    thread = services.start_thread(enterprise, deal, "请确认下周三的技术交流会时间。")
    assert thread.record == deal and thread.subject == f"关于“{deal.title}”"
    assert (
        participants(thread)
        == {u.username for u in people(deal)}
        == {
            "enterprise",
            "manager",
            "institution",
        }
    )
    told = Notification.objects.filter(kind="message.received").values_list("recipient__username", flat=True)
    assert set(told) == {"manager", "institution"}
    # One thread per deal: a second "start" writes into it.
    again = services.start_thread(institution, deal, "周三上午可以。")
    assert again == thread and thread.messages.count() == 2
    services.post_message(manager, thread, "我来安排会议室。")
    assert Thread.objects.count() == 1


def test_outsiders_neither_read_nor_write_nor_join(deal, users, outsider):
    thread = services.start_thread(users[Role.MANAGER], deal, "内部讨论：报价区间")
    for user in (outsider, users[Role.EXPERT], users[Role.REGISTRAR]):
        assert not permissions.can_view_thread(user, thread)
        assert not permissions.can_join(user, thread) and not permissions.can_start_thread(user, deal)
        with pytest.raises(PermissionDenied):
            services.post_message(user, thread, "我也想看看")
        with pytest.raises(PermissionDenied):
            services.start_thread(user, deal, "我也想看看")
    # The operator sees every deal and may write; another manager, not on the team, may not even join.
    assert permissions.can_post(users[Role.OPERATOR], thread)
    other_manager = User.objects.create_user("m2", password="pass-1234", role=Role.MANAGER)
    assert not permissions.can_view_thread(other_manager, thread) and not permissions.can_join(
        other_manager, thread
    )


def test_participants_follow_the_team(deal, users, specialist):
    manager = users[Role.MANAGER]
    thread = services.start_thread(manager, deal, "开始对接")
    assert not permissions.can_view_thread(specialist, thread)
    membership = deal_services.add_member(manager, deal, specialist, TeamRole.objects.get(code="ip"))
    assert permissions.can_view_thread(specialist, thread)
    services.post_message(manager, thread, "知识产权专员已加入")
    assert "specialist" in participants(thread)
    deal_services.remove_member(manager, membership)
    specialist = User.objects.get(pk=specialist.pk)  # as the next request reads it (grants are read once)
    assert not permissions.can_view_thread(specialist, thread)
    with pytest.raises(PermissionDenied):
        services.post_message(specialist, thread, "还能看到吗？")
    services.post_message(manager, thread, "专员已调整")
    assert "specialist" not in participants(thread)


def test_deal_page_shows_the_thread_and_posts_back_to_it(deal, users, outsider):
    enterprise = signed_in(users[Role.ENTERPRISE])
    page = enterprise.get(f"/deals/{deal.pk}/").content.decode()
    assert 'id="messages"' in page and "还没有留言" in page and "发送留言" in page
    response = enterprise.post(
        f"/messages/new/deal/{deal.pk}/",
        {"body": "样品已寄出，请查收。", "next": f"/deals/{deal.pk}/#messages"},
    )
    assert response.status_code == 302 and response["Location"] == f"/deals/{deal.pk}/#messages"
    thread = Thread.objects.get()
    manager = signed_in(users[Role.MANAGER])
    page = manager.get(f"/deals/{deal.pk}/").content.decode()
    assert "样品已寄出，请查收。" in page and f"/messages/{thread.pk}/" in page
    response = manager.post(
        f"/messages/{thread.pk}/", {"body": "收到，周五前反馈。", "next": f"/deals/{deal.pk}/#messages"}
    )
    assert response.status_code == 302 and response["Location"].startswith(f"/deals/{deal.pk}/")
    assert "收到，周五前反馈。" in enterprise.get(f"/messages/{thread.pk}/").content.decode()
    # The thread is in the parties' message lists, and nowhere for anyone else.
    assert deal.title in enterprise.get("/messages/").content.decode()
    other = signed_in(outsider)
    assert other.get(f"/messages/{thread.pk}/").status_code == 404
    assert other.post(f"/messages/{thread.pk}/", {"body": "hi"}).status_code == 404
    assert other.get(f"/messages/new/deal/{deal.pk}/").status_code == 404
    assert deal.title not in other.get("/messages/").content.decode()


def test_api_starts_and_reads_the_deals_thread(deal, users, outsider, client):
    def call(user, method, path, body=None):
        headers = {"Authorization": f"Bearer {ApiToken.issue(user)[1]}"}
        if method == "get":
            return client.get(f"/api/threads{path}", headers=headers)
        return client.post(
            f"/api/threads{path}", json.dumps(body), content_type="application/json", headers=headers
        )

    body = {"record_kind": "deal", "record_id": deal.pk, "body": "合同草案已上传"}
    response = call(users[Role.MANAGER], "post", "", body)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["record"] == {"kind": "deal", "id": deal.pk, "title": deal.title, "url": f"/deals/{deal.pk}/"}
    assert call(outsider, "post", "", body).status_code == 404
    assert call(outsider, "get", f"/{data['id']}").status_code == 404
    assert call(users[Role.INSTITUTION], "get", f"/{data['id']}").status_code == 200
    reply = call(users[Role.INSTITUTION], "post", f"/{data['id']}/messages", {"body": "已阅"})
    assert reply.status_code == 201
    assert call(outsider, "post", f"/{data['id']}/join").status_code == 404
