"""hardtech send-digests: one e-mail per user with their undigested notifications, which it then marks; a
second run sends nothing, a failed one is retried."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from hardtech.accounts.models import Role
from hardtech.cli import main
from hardtech.notifications import services
from hardtech.notifications.kinds import Delivery
from hardtech.notifications.models import Notification
from hardtech.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest_users(users):
    for role in (Role.ENTERPRISE, Role.INSTITUTION):
        users[role].email = f"{role}@zone.example"
        users[role].save()
        services.set_preferences(users[role], {"listing.returned": Delivery.DIGEST})
    return users[Role.ENTERPRISE], users[Role.INSTITUTION]


def test_one_email_per_user_with_everything_waiting(digest_users, demand, achievement, capsys):
    enterprise_user, institution_user = digest_users
    notify([enterprise_user], "match.found", demand, "需求有新匹配 A")
    notify([enterprise_user], "listing.returned", demand, "需求被退回", "审核意见：请补充技术指标")
    notify([institution_user], "match.found", achievement, "成果有新匹配 B")
    call_command("send_digests")
    assert "已发送 2 封摘要邮件，共 3 条通知" in capsys.readouterr().out
    by_address = {m.to[0]: m for m in mail.outbox}
    ours = by_address["enterprise@zone.example"]
    assert (
        "2 条" in ours.subject and "需求有新匹配 A" in ours.body and "审核意见：请补充技术指标" in ours.body
    )
    assert "成果有新匹配 B" not in ours.body
    assert not Notification.objects.filter(emailed_at=None).exists()


def test_a_second_run_sends_nothing_and_the_inbox_keeps_them(digest_users, demand):
    enterprise_user, _ = digest_users
    notify([enterprise_user], "match.found", demand, "需求有新匹配")
    call_command("send_digests")
    call_command("send_digests")
    assert len(mail.outbox) == 1
    assert services.unread(enterprise_user).count() == 1


def test_inbox_only_and_immediate_kinds_are_not_in_the_digest(digest_users, demand):
    enterprise_user, _ = digest_users
    services.set_preferences(enterprise_user, {"match.found": Delivery.INBOX})
    notify([enterprise_user], "match.found", demand, "仅站内信")
    call_command("send_digests")
    assert mail.outbox == []


def test_a_failed_digest_is_retried_on_the_next_run(digest_users, demand, monkeypatch):
    enterprise_user, _ = digest_users
    notify([enterprise_user], "match.found", demand, "需求有新匹配")
    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", lambda self, fail_silently=False: 1 / 0)
        with pytest.raises(CommandError, match="1 封发送失败"):
            call_command("send_digests")
    assert Notification.objects.get().emailed_at is None
    call_command("send_digests")
    assert len(mail.outbox) == 1 and Notification.objects.get().emailed_at is not None


def test_the_console_command_takes_dashes(digest_users, demand, capsys):
    enterprise_user, _ = digest_users
    notify([enterprise_user], "match.found", demand, "需求有新匹配")
    main(["hardtech", "send-digests"])
    assert "已发送 1 封摘要邮件" in capsys.readouterr().out
