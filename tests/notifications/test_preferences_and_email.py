"""Delivery per user and event kind — inbox only, inbox + e-mail, daily digest — with defaults from the kind;
e-mail goes out through Django's backend only after the change commits, and a failure never breaks it."""

import os
import subprocess
import sys

import pytest
from django.core import mail
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.notifications import services
from hardtech.notifications.kinds import Delivery, register_kind
from hardtech.notifications.models import DeliveryPreference, Notification
from hardtech.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_address(enterprise_user):
    enterprise_user.email = "rd@qinchuang.example"
    enterprise_user.save()
    return enterprise_user


def test_defaults_come_from_the_kind_and_a_choice_overrides_them(with_address):
    by_kind = {p.kind.code: p.delivery for p in services.preferences(with_address)}
    assert by_kind["listing.returned"] == Delivery.EMAIL and by_kind["match.found"] == Delivery.DIGEST
    assert by_kind["message.received"] == Delivery.EMAIL  # declared by the messaging app
    services.set_preferences(with_address, {"listing.returned": Delivery.INBOX})
    by_kind = {p.kind.code: p.delivery for p in services.preferences(with_address)}
    assert by_kind["listing.returned"] == Delivery.INBOX and by_kind["match.found"] == Delivery.DIGEST


def test_declaring_a_used_code_differently_is_refused():
    assert register_kind(
        "listing.returned", "条目被退回", Delivery.EMAIL, "您提交的条目被退回修改，附审核意见"
    )
    with pytest.raises(ValueError):
        register_kind("listing.returned", "别的意思")


def test_email_leaves_after_the_commit_with_the_note_and_a_link(
    with_address, demand, users, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://zone.example"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(
            [with_address],
            "listing.returned",
            demand,
            "需求被退回",
            "审核意见：请补充技术指标",
            "/demands/7/",
        )
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    [message] = mail.outbox
    assert message.to == ["rd@qinchuang.example"] and "需求被退回" in message.subject
    assert "审核意见：请补充技术指标" in message.body and "https://zone.example/demands/7/" in message.body
    assert Notification.objects.get().emailed_at is not None


def test_inbox_only_and_digest_send_nothing_now(with_address, demand, django_capture_on_commit_callbacks):
    services.set_preferences(with_address, {"listing.returned": Delivery.INBOX})
    with django_capture_on_commit_callbacks(execute=True):
        notify([with_address], "listing.returned", demand, "被退回")
        notify([with_address], "match.found", demand, "新匹配")
    assert mail.outbox == []
    assert sorted(Notification.objects.values_list("delivery", flat=True)) == [
        Delivery.DIGEST,
        Delivery.INBOX,
    ]


def test_without_an_address_the_inbox_is_all(enterprise_user, demand, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([enterprise_user], "listing.returned", demand, "被退回")
    assert mail.outbox == [] and Notification.objects.get().delivery == Delivery.INBOX


def test_a_failing_mail_server_is_logged_and_the_notification_stays(
    with_address, demand, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        created = notify([with_address], "listing.returned", demand, "被退回")
    assert created and "notification e-mail" in caplog.text
    stored = Notification.objects.get()
    assert stored.emailed_at is None and not stored.is_read


def test_the_file_backend_writes_each_email_into_the_mail_folder(
    with_address, demand, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    with django_capture_on_commit_callbacks(execute=True):
        notify([with_address], "listing.returned", demand, "需求被退回", "审核意见：请补充技术指标")
    [written] = list((tmp_path / "mail").iterdir())
    assert "rd@qinchuang.example" in written.read_text()


def test_embedded_default_writes_files_and_production_reads_smtp_settings(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL)"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_") and k != "DEFAULT_FROM_EMAIL"}
    base |= {"HARDTECH_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "hardtech.settings"}

    def settings_with(**env: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", code], env=base | env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert settings_with().startswith(
        f"django.core.mail.backends.filebased.EmailBackend {tmp_path / 'mail'} "
    )
    smtp = settings_with(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.zone.example",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="noreply@zone.example",
    )
    assert smtp.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        str(tmp_path / "mail"),
        "smtp.zone.example",
        "587",
        "True",
        "noreply@zone.example",
    ]


def test_preferences_page_saves_each_kind_and_the_address(client, enterprise_user):
    client.force_login(enterprise_user)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "条目被退回" in page and "收到新留言" in page and "每日摘要" in page
    data = {f"kind:{p.kind.code}": p.delivery for p in services.preferences(enterprise_user)}
    data |= {"kind:listing.returned": Delivery.DIGEST, "email": "rd@qinchuang.example"}
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    enterprise_user.refresh_from_db()
    assert enterprise_user.email == "rd@qinchuang.example"
    assert DeliveryPreference.objects.get(user=enterprise_user).delivery == Delivery.DIGEST
    # Kinds left at their default store nothing.
    assert DeliveryPreference.objects.count() == 1


def test_preferences_page_refuses_a_bad_choice_or_address(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        reverse("notifications:preferences"), {"kind:listing.returned": "fax", "email": "not-an-address"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"kind:listing.returned", "email"}
    assert not DeliveryPreference.objects.exists()


def test_choices_are_per_user(users, enterprise_user):
    services.set_preferences(enterprise_user, {"match.found": Delivery.INBOX})
    manager = {p.kind.code: p.delivery for p in services.preferences(users[Role.MANAGER])}
    assert manager["match.found"] == Delivery.DIGEST
