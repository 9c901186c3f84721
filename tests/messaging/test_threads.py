"""Threads about a record: started from the record page, reaching the parties who answer for it, replied to on
the thread page, listed with unread counts; each new message notifies the other participants."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role, User
from hardtech.catalogue.models import Achievement
from hardtech.messaging import services
from hardtech.messaging.models import Message, Participant, Thread
from hardtech.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_enterprise_starts_a_thread_from_the_achievement_page(signed_in, asker, owner, achievement):
    client = signed_in(asker)
    page = client.get(reverse("achievement_detail", args=[achievement.pk])).content.decode()
    start = reverse("messaging:start", args=["achievement", achievement.pk])
    assert f'action="{start}"' in page and "联系对方" in page
    response = client.post(start, {"body": "请问能否提供样品测试？"})
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "messaging:thread", args=[thread.pk]
    )
    assert thread.record == achievement and thread.subject == f"关于“{achievement.title}”"
    assert {(p.user, p.reason) for p in thread.participants.all()} == {
        (asker, Participant.Reason.OPENER),
        (owner, Participant.Reason.PARTY),
    }
    [notification] = Notification.objects.all()
    assert notification.recipient == owner and notification.kind == "message.received"
    assert notification.record == thread and notification.url == reverse("messaging:thread", args=[thread.pk])
    assert notification.body == "请问能否提供样品测试？"


def test_the_owner_sees_the_thread_on_its_page_and_replies(signed_in, asker, owner, achievement, thread):
    client = signed_in(owner)
    page = client.get(reverse("achievement_detail", args=[achievement.pk])).content.decode()
    assert reverse("messaging:thread", args=[thread.pk]) in page
    assert reverse("messaging:start", args=["achievement", achievement.pk]) not in page  # not to itself
    response = client.post(reverse("messaging:thread", args=[thread.pk]), {"body": "可以，请留下地址。"})
    assert response.status_code == 302 and response["Location"].endswith("#latest")
    assert list(thread.messages.values_list("author", "body")) == [
        (asker.pk, "能否提供样品测试？"),
        (owner.pk, "可以，请留下地址。"),
    ]
    reply = Notification.objects.get(recipient=asker)
    assert reply.title == f"{owner} 在“样品测试”中留言" and reply.actor == owner


def test_my_threads_are_listed_with_their_unread_counts(signed_in, asker, owner, thread):
    services.post_message(owner, thread, "第一条回复")
    services.post_message(owner, thread, "第二条回复")
    html = signed_in(asker).get(reverse("messaging:threads")).content.decode()
    assert "样品测试" in html and '<span class="badge">2</span>' in html
    assert Thread.objects.of(asker).get().unread == 2
    assert Thread.objects.of(owner).get().unread == 0


def test_a_demand_thread_reaches_the_enterprise(users, demand, owner):
    enterprise_user = users[Role.ENTERPRISE]
    thread = services.start_thread(owner, demand, "我校有相关散热封装成果，可以交流。")
    assert set(thread.participants.values_list("user", flat=True)) == {owner.pk, enterprise_user.pk}


def test_without_owner_accounts_the_technology_managers_pass_it_on(signed_in, users, asker, other_university):
    orphan = Achievement.objects.create(
        title="无账号机构的成果", field="new_energy", summary="……", status="published"
    )
    orphan.organisations.add(other_university)
    page = signed_in(asker).get(reverse("achievement_detail", args=[orphan.pk])).content.decode()
    assert "留言将由技术经理人转达" in page
    thread = services.start_thread(asker, orphan, "请转达：希望联系成果方。")
    assert set(thread.participants.values_list("user", flat=True)) == {asker.pk, users[Role.MANAGER].pk}


def test_a_colleague_with_a_new_account_joins_at_the_next_message(asker, owner, university, thread):
    colleague = User.objects.create_user("colleague", role=Role.INSTITUTION, organisation=university)
    services.post_message(asker, thread, "补充一个问题")
    assert Participant.objects.get(thread=thread, user=colleague).reason == Participant.Reason.PARTY
    assert Notification.objects.filter(recipient=colleague, kind="message.received").exists()


def test_an_empty_message_is_refused_and_nothing_is_written(signed_in, asker, achievement):
    response = signed_in(asker).post(
        reverse("messaging:start", args=["achievement", achievement.pk]), {"body": "   "}
    )
    assert response.status_code == 200 and "请填写留言内容" in response.content.decode()
    assert not Thread.objects.exists() and not Message.objects.exists() and not Notification.objects.exists()


def test_the_start_page_takes_a_subject(signed_in, asker, achievement):
    url = reverse("messaging:start", args=["achievement", achievement.pk])
    assert "主题" in signed_in(asker).get(url).content.decode()
    signed_in(asker).post(url, {"subject": "合作方式咨询", "body": "想了解许可方式。"})
    assert Thread.objects.get().subject == "合作方式咨询"
