"""Only participants read and write a thread; owners don't open threads with themselves; brokers (technology
managers, the operator) see a record's threads and may join; and no account's phone or e-mail shows."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hardtech.accounts.models import ApiToken, Role
from hardtech.catalogue.models import Achievement
from hardtech.messaging import permissions, services
from hardtech.messaging.models import Participant

pytestmark = pytest.mark.django_db

# Who may start a thread about the university's published achievement.
MAY_START = {
    Role.OPERATOR: True,
    Role.MANAGER: True,
    Role.INSTITUTION: False,  # it answers for the achievement
    Role.ENTERPRISE: True,
    Role.EXPERT: True,
}


@pytest.mark.parametrize("role", list(MAY_START))
def test_who_may_start_a_thread(users, achievement, role):
    assert permissions.can_start_thread(users[role], achievement) is MAY_START[role]


def test_nobody_starts_a_thread_about_a_record_they_may_not_see(signed_in, asker, university):
    draft = Achievement.objects.create(title="未发布成果", field="new_energy", summary="……", status="draft")
    draft.organisations.add(university)
    assert signed_in(asker).get(reverse("messaging:start", args=["achievement", draft.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.start_thread(asker, draft, "你好")


def test_the_owner_may_not_start_a_thread_with_itself(signed_in, owner, achievement):
    response = signed_in(owner).post(
        reverse("messaging:start", args=["achievement", achievement.pk]), {"body": "自言自语"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MANAGER, Role.EXPERT])
def test_non_participants_get_nothing(signed_in, client, users, thread, role):
    outsider = signed_in(users[role])
    url = reverse("messaging:thread", args=[thread.pk])
    response = outsider.get(url)
    if role in (Role.OPERATOR, Role.MANAGER):
        # Brokers are offered to join, without seeing a word of the thread.
        assert response.status_code == 200 and "加入对话" in response.content.decode()
        assert "能否提供样品测试" not in response.content.decode()
    else:
        assert response.status_code == 404
    assert outsider.post(url, {"body": "插一句"}).status_code in (200, 404)
    assert thread.messages.count() == 1
    assert client.get(url).status_code == 302  # anonymous: to the login page
    with pytest.raises(PermissionDenied):
        services.post_message(users[role], thread, "插一句")


def test_another_enterprise_cannot_join_or_read(signed_in, other_enterprise, thread):
    from hardtech.accounts.models import User

    stranger = User.objects.create_user("stranger", role=Role.ENTERPRISE, organisation=other_enterprise)
    client = signed_in(stranger)
    assert client.post(reverse("messaging:join", args=[thread.pk])).status_code == 404
    assert not Participant.objects.filter(user=stranger).exists()
    token = ApiToken.issue(stranger)[1]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/threads/{thread.pk}", headers=headers).status_code == 404
    response = client.post(
        f"/api/threads/{thread.pk}/messages",
        json.dumps({"body": "插一句"}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 404


def test_a_manager_sees_the_records_threads_and_joins_one(
    signed_in, users, asker, owner, achievement, thread
):
    manager = users[Role.MANAGER]
    client = signed_in(manager)
    page = client.get(reverse("achievement_detail", args=[achievement.pk])).content.decode()
    assert "样品测试" in page and reverse("messaging:join", args=[thread.pk]) in page
    assert (
        "样品测试"
        not in signed_in(users[Role.EXPERT])
        .get(reverse("achievement_detail", args=[achievement.pk]))
        .content.decode()
    )
    response = client.post(reverse("messaging:join", args=[thread.pk]))
    assert response.status_code == 302
    assert Participant.objects.get(thread=thread, user=manager).reason == Participant.Reason.JOINED
    thread_page = client.get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    assert "能否提供样品测试" in thread_page
    # The others see who joined, and are told of the manager's messages.
    assert (
        str(manager) in signed_in(asker).get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    )
    services.post_message(manager, thread, "我可以协助安排面谈。")
    assert asker.notifications.filter(kind="message.received").exists()
    assert owner.notifications.filter(kind="message.received").count() == 2


def test_no_phone_or_email_of_the_parties_in_the_thread(signed_in, asker, owner, thread):
    for user, phone, email in (
        (asker, "13812345678", "ceo@qinchuang.example"),
        (owner, "13987654321", "ttc@xa.example"),
    ):
        user.phone, user.email = phone, email
        user.save()
    services.post_message(owner, thread, "请看附件说明")
    for viewer in (asker, owner):
        html = signed_in(viewer).get(reverse("messaging:thread", args=[thread.pk])).content.decode()
        api = signed_in(viewer).get(f"/api/threads/{thread.pk}").content.decode()
        listing = signed_in(viewer).get("/api/threads").content.decode()
        for secret in ("13812345678", "ceo@qinchuang.example", "13987654321", "ttc@xa.example"):
            assert secret not in html and secret not in api and secret not in listing
