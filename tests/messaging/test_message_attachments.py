"""Message attachments: checked like the catalogue's (PDF/PNG/JPEG by their bytes, size and count limits),
stored under generated names, and served to participants only with the catalogue's safe headers."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.messaging import services
from hardtech.messaging.models import MessageAttachment, Thread

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 sample report"
STORED_NAME = re.compile(r"^messages/\d{4}/\d{2}/[0-9a-f]{32}\.pdf$")


def pdf(name: str = "检测报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_a_reply_with_a_file_is_stored_under_a_generated_name(signed_in, owner, thread):
    response = signed_in(owner).post(
        reverse("messaging:thread", args=[thread.pk]),
        {"body": "报告见附件", "attachments": [pdf("../报告.pdf")]},
    )
    assert response.status_code == 302
    attachment = MessageAttachment.objects.get()
    assert STORED_NAME.match(attachment.file.name) and attachment.content_type == "application/pdf"
    assert attachment.name == "报告.pdf" and attachment.size == len(PDF)


def test_participants_download_it_with_the_safe_headers(signed_in, asker, owner, thread):
    services.post_message(owner, thread, "报告见附件", [pdf()])
    attachment = MessageAttachment.objects.get()
    page = signed_in(asker).get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    url = reverse("messaging:attachment", args=[attachment.pk])
    assert url in page
    response = signed_in(asker).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("role", [Role.MANAGER, Role.EXPERT, Role.OPERATOR])
def test_others_get_a_404(signed_in, client, users, owner, thread, role):
    services.post_message(owner, thread, "报告见附件", [pdf()])
    url = reverse("messaging:attachment", args=[MessageAttachment.objects.get().pk])
    assert signed_in(users[role]).get(url).status_code == 404
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.html", b"<html><script>alert(1)</script></html>"),
        ("photo.jpg", b"GIF89a not a jpeg"),
        ("bad\x00.html", b"%PDF"),  # magic bytes alone are not a PDF
    ],
)
def test_anything_but_pdf_png_or_jpeg_is_refused(signed_in, asker, achievement, name, content):
    response = signed_in(asker).post(
        reverse("messaging:start", args=["achievement", achievement.pk]),
        {"body": "见附件", "attachments": [SimpleUploadedFile(name, content)]},
    )
    assert response.status_code == 200 and "不是 PDF、PNG 或 JPEG 文件" in response.content.decode()
    assert not Thread.objects.exists() and not MessageAttachment.objects.exists()


def test_too_many_files_are_refused(signed_in, settings, owner, thread):
    settings.ATTACHMENT_MAX_COUNT = 2
    response = signed_in(owner).post(
        reverse("messaging:thread", args=[thread.pk]),
        {"body": "很多附件", "attachments": [pdf(), pdf(), pdf()]},
    )
    assert response.status_code == 200 and "每条留言最多 2 个附件" in response.content.decode()
    assert thread.messages.count() == 1


def test_too_large_a_file_is_refused(signed_in, settings, owner, thread):
    settings.ATTACHMENT_MAX_BYTES = 10
    response = signed_in(owner).post(
        reverse("messaging:thread", args=[thread.pk]), {"body": "大附件", "attachments": [pdf()]}
    )
    assert "超过" in response.content.decode() and not MessageAttachment.objects.exists()
