"""Attachments are downloaded through a view that applies the listing's visibility."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hardtech.catalogue.models import Attachment

PDF = b"%PDF-1.4 test file"


@pytest.fixture
def attachment(achievement, settings, tmp_path) -> Attachment:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("技术说明.pdf", PDF, content_type="application/pdf")
    return Attachment.objects.create(achievement=achievement, file=upload, name="技术说明.pdf", size=len(PDF))


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
