"""Read receipts: each participant's last-read time; the author sees 已读 under a message once the others have
opened the thread, and opening it also reads its notifications (the header count drops)."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.messaging import present, services
from hardtech.messaging.models import Thread

pytestmark = pytest.mark.django_db


def receipts(client, thread) -> list[str]:
    entries = client.get(reverse("messaging:thread", args=[thread.pk])).context["conversation"].entries
    return [e.receipt for e in entries]


def test_the_author_sees_read_once_the_other_side_opened_it(signed_in, asker, owner, thread):
    assert receipts(signed_in(asker), thread) == ["未读"]
    html = signed_in(owner).get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    assert "能否提供样品测试" in html and "未读" not in html  # the reader sees no receipt on others' messages
    asker_page = signed_in(asker).get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    assert '<p class="receipt read"' in asker_page and ">已读</p>" in asker_page


def test_a_new_message_is_unread_again_until_opened(signed_in, asker, owner, thread):
    signed_in(owner).get(reverse("messaging:thread", args=[thread.pk]))
    services.post_message(asker, thread, "补充：需要10片样品")
    assert receipts(signed_in(asker), thread) == ["已读", "未读"]


def test_with_three_participants_the_receipt_counts_readers(signed_in, users, asker, owner, thread):
    services.join_thread(users[Role.MANAGER], thread)
    signed_in(owner).get(reverse("messaging:thread", args=[thread.pk]))
    assert receipts(signed_in(asker), thread) == ["1/2 人已读"]
    signed_in(users[Role.MANAGER]).get(reverse("messaging:thread", args=[thread.pk]))
    assert receipts(signed_in(asker), thread) == ["已读"]


def test_opening_reads_the_unread_count_and_the_notifications(signed_in, asker, owner, thread):
    assert Thread.objects.of(owner).get().unread == 1
    assert 'aria-label="1 条未读"' in signed_in(owner).get(reverse("home")).content.decode()
    signed_in(owner).get(reverse("messaging:thread", args=[thread.pk]))
    assert Thread.objects.of(owner).get().unread == 0
    assert not owner.notifications.filter(read_at=None).exists()
    assert "条未读" not in signed_in(owner).get(reverse("home")).content.decode()


def test_the_api_reports_receipts_and_marks_read(signed_in, asker, owner, thread):
    [message] = signed_in(asker).get(f"/api/threads/{thread.pk}").json()["messages"]
    assert message["receipt"] == "未读" and message["read_by"] == []
    assert signed_in(owner).get(f"/api/threads/{thread.pk}").status_code == 200  # reading marks it read
    [message] = signed_in(asker).get(f"/api/threads/{thread.pk}").json()["messages"]
    assert message["receipt"] == "已读" and message["read_by"] == [owner.pk]


def test_writing_is_reading(asker, owner, thread):
    services.post_message(owner, thread, "收到")
    conversation = present.conversation(thread, owner)
    assert [e.receipt for e in conversation.entries] == ["", "未读"]
