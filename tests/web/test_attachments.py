"""Attachments: downloaded through a view that applies the listing's visibility; typed by their bytes (never by
the uploader's file name), stored under generated names and served so that no upload runs in the site's origin.

The attacks are those of issue 9 item 1: an HTML file with PDF magic bytes, a NUL in the file name, a script
with JPEG magic bytes, an SVG.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement, Attachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 test file"
SCRIPT = b"<html><body><script>document.title = 'pwned'</script></body></html>"
STORED_NAME = re.compile(r"^attachments/\d{4}/\d{2}/[0-9a-f]{32}\.(pdf|png|jpg|bin)$")


@pytest.fixture
def attachment(achievement) -> Attachment:
    upload = SimpleUploadedFile("技术说明.pdf", PDF, content_type="application/pdf")
    return Attachment.objects.create(achievement=achievement, file=upload, name="技术说明.pdf", size=len(PDF))


def upload(client_for, university, name: str, content: bytes, mime: str = "application/octet-stream"):
    """An institution user files a new achievement with one attachment through the portal's form."""
    data = {
        "title": "带附件的成果",
        "field": "new_energy",
        "summary": "附件测试。",
        "organisations": [university.pk],
        "attachments": [SimpleUploadedFile(name, content, content_type=mime)],
    }
    return client_for(Role.INSTITUTION).post(reverse("achievement_create"), data)


def uploaded(client_for, university, name: str, content: bytes, mime: str) -> Attachment:
    response = upload(client_for, university, name, content, mime)
    assert response.status_code == 302, response.context["form"].errors
    return Achievement.objects.get(title="带附件的成果").attachments.get()


def served(client_for, attachment: Attachment):
    """The operator opens the attachment (the listing is a draft: the operator sees it too)."""
    response = client_for(Role.OPERATOR).get(reverse("attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    return response


def test_public_downloads_attachments_of_published_listings(client, attachment):
    response = client.get(reverse("attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_attachments_of_drafts_stay_private(client, users, attachment, achievement):
    achievement.status = "draft"
    achievement.save()
    url = reverse("attachment", args=[attachment.pk])
    assert client.get(url).status_code == 404
    client.force_login(users["institution"])
    assert client.get(url).status_code == 200


def test_media_files_are_not_served_directly(client, attachment):
    assert client.get("/media/" + attachment.file.name).status_code == 404


def test_any_saved_file_is_typed_by_its_bytes(attachment):
    """The admin and the shell create attachments without the portal's form: the model types them itself."""
    assert attachment.content_type == "application/pdf"
    assert STORED_NAME.match(attachment.file.name) and attachment.file.name.endswith(".pdf")


def test_html_with_pdf_magic_is_served_as_pdf(client_for, users, university):
    attachment = uploaded(client_for, university, "report.html", b"%PDF-1.4\n" + SCRIPT, "text/html")
    assert attachment.content_type == "application/pdf" and attachment.name == "report.html"
    assert STORED_NAME.match(attachment.file.name) and attachment.file.name.endswith(".pdf")
    response = served(client_for, attachment)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="report.html.pdf"'


def test_nul_in_the_file_name_changes_nothing(client_for, users, university):
    attachment = uploaded(client_for, university, "a.pdf\x00.html", b"%PDF-1.4\n" + SCRIPT, "text/html")
    assert attachment.name == "a.pdf.html"
    assert STORED_NAME.match(attachment.file.name) and attachment.file.name.endswith(".pdf")
    response = served(client_for, attachment)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="a.pdf.html.pdf"'


def test_script_with_jpeg_magic_is_served_as_jpeg(client_for, users, university):
    content = b"\xff\xd8\xff\xe0" + b"alert(document.cookie)"
    attachment = uploaded(client_for, university, "evil.js", content, "text/javascript")
    assert attachment.content_type == "image/jpeg"
    assert STORED_NAME.match(attachment.file.name) and attachment.file.name.endswith(".jpg")
    response = served(client_for, attachment)
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'inline; filename="evil.js.jpg"'


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'\x89PNG<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',  # half a PNG signature
        b"%PDF",  # the magic alone is not a PDF header
        SCRIPT,
    ],
)
def test_svg_html_and_partial_signatures_are_refused(client_for, users, university, content):
    response = upload(client_for, university, "logo.svg", content, "image/svg+xml")
    assert response.status_code == 200
    assert "“logo.svg”不是 PDF、PNG 或 JPEG 文件" in response.context["form"].errors["attachments"][0]
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("content_type", ["application/octet-stream", "text/html", "image/svg+xml"])
def test_other_stored_files_are_downloads(client_for, users, achievement, content_type):
    """Rows from before content types were recorded keep their user-chosen stored names; whatever their stored
    type says, only PDF, PNG and JPEG are shown in the browser."""
    path = default_storage.save("attachments/logo.svg", ContentFile(b'<svg onload="alert(1)"/>'))
    Attachment.objects.bulk_create(
        [Attachment(achievement=achievement, file=path, name="logo.svg", content_type=content_type)]
    )
    response = served(client_for, Attachment.objects.get())
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="logo.svg.bin"'


def test_chinese_names_use_rfc_5987(client, attachment):
    response = client.get(reverse("attachment", args=[attachment.pk]))
    assert (
        response["Content-Disposition"] == "inline; filename*=utf-8''%E6%8A%80%E6%9C%AF%E8%AF%B4%E6%98%8E.pdf"
    )


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("..\\..\\windows\\report.pdf", "report.pdf"),
        ("../../etc/report.pdf", "report.pdf"),
        ("invoice\u202efdp.html", "invoicefdp.html"),  # a right-to-left override would show "invoicelmth.pdf"
        ("\x00\x01", "附件"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_shown_names_are_cleaned(achievement, name, shown):
    attachment = Attachment.objects.create(
        achievement=achievement, file=SimpleUploadedFile("f", PDF), name=name, size=len(PDF)
    )
    assert attachment.name == shown
