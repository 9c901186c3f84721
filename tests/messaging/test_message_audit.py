"""The audit trail records who opened a thread, who took part, and what was written with which files."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hardtech.audit.models import AuditEntry
from hardtech.messaging.models import Message, MessageAttachment, Participant, Thread

pytestmark = pytest.mark.django_db


def entries(model) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).order_by("id")
    )


def test_threads_participants_messages_and_files_are_audited_with_their_actor(
    signed_in, asker, owner, achievement
):
    signed_in(asker).post(reverse("messaging:start", args=["achievement", achievement.pk]), {"body": "你好"})
    thread = Thread.objects.get()
    signed_in(owner).post(
        reverse("messaging:thread", args=[thread.pk]),
        {"body": "附件是报价", "attachments": [SimpleUploadedFile("报价.pdf", b"%PDF-1.4 quote")]},
    )
    [opened] = entries(Thread)
    assert opened.action == "create" and opened.actor == asker and opened.channel == "web"
    assert {e.changes["user_id"][1] for e in entries(Participant)} == {asker.pk, owner.pk}
    written = entries(Message)
    assert [(e.actor, e.changes["body"][1]) for e in written] == [(asker, "你好"), (owner, "附件是报价")]
    [filed] = entries(MessageAttachment)
    assert filed.actor == owner and filed.changes["name"][1] == "报价.pdf"


def test_reading_a_thread_is_not_a_change(signed_in, owner, thread):
    before = AuditEntry.objects.count()
    signed_in(owner).get(reverse("messaging:thread", args=[thread.pk]))
    assert AuditEntry.objects.count() == before
