"""Deal documents: the team and the parties upload documents and new versions (typed by their bytes); a
download is permission-checked, a 404 for anyone outside the deal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.deals.models import Document, DocumentVersion
from support.deal_pages import client_as, shown_messages

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(user, deal, title="评估报告", content=PDF, name="report.pdf", note=""):
    return client_as(user).post(
        reverse("deals:document_upload", args=[deal.pk]),
        {"title": title, "file": SimpleUploadedFile(name, content), "note": note},
        follow=True,
    )


def test_upload_and_new_version(users, deal):
    _upload(users[Role.MANAGER], deal)
    response = _upload(users[Role.ENTERPRISE], deal, note="企业补充意见")
    document = Document.objects.get(deal=deal, title="评估报告")
    assert [v.number for v in document.versions.all()] == [2, 1]
    assert any("第 2 版" in m for m in shown_messages(response))
    html = client_as(users[Role.INSTITUTION]).get(reverse("deals:detail", args=[deal.pk])).content.decode()
    assert "第 2 版" in html and "企业补充意见" in html


def test_a_file_not_pdf_or_image_is_refused(users, deal):
    response = _upload(users[Role.MANAGER], deal, content=b"<html>not a pdf</html>", name="x.pdf")
    assert not DocumentVersion.objects.exists()
    assert shown_messages(response)


def test_download_is_for_those_who_see_the_deal(users, deal, client):
    _upload(users[Role.MANAGER], deal)
    version = DocumentVersion.objects.get()
    url = reverse("deals:document", args=[version.pk])
    for role in (Role.MANAGER, Role.ENTERPRISE, Role.INSTITUTION, Role.OPERATOR):
        response = client_as(users[role]).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    for role in (Role.EXPERT, Role.REGISTRAR):
        assert client_as(users[role]).get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_outsiders_may_not_upload(users, deal):
    assert _upload(users[Role.EXPERT], deal).status_code == 404
    assert not DocumentVersion.objects.exists()
