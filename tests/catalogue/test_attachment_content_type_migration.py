"""Migration catalogue 0004: attachments from before content types were recorded get theirs from their bytes,
and keep their stored files where they are."""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hardtech.catalogue.models import Attachment

pytestmark = pytest.mark.django_db

migration = importlib.import_module("hardtech.catalogue.migrations.0004_attachment_content_types")

OLD_FILES = {
    "attachments/report.html": (b"%PDF-1.4\n<script>alert(1)</script>", "application/pdf"),
    "attachments/photo.PNG": (b"\x89PNG\r\n\x1a\n....", "image/png"),
    "attachments/scan.jpeg.js": (b"\xff\xd8\xff\xe0alert(1)", "image/jpeg"),
    "attachments/logo.svg": (b'<svg onload="alert(1)"/>', "application/octet-stream"),
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_existing_attachments_are_typed_by_their_bytes(achievement):
    rows = [
        Attachment(achievement=achievement, file=default_storage.save(path, ContentFile(content)), name=path)
        for path, (content, _) in OLD_FILES.items()
    ]
    missing = Attachment(
        achievement=achievement, file="attachments/gone.pdf", name="gone\x07.pdf"
    )  # NUL cannot even be stored on PostgreSQL
    Attachment.objects.bulk_create([*rows, missing])  # as they were: no save(), so no type yet
    assert set(Attachment.objects.values_list("content_type", flat=True)) == {"application/octet-stream"}

    migration.sniff_existing(apps, None)

    stored = {a.file.name: a for a in Attachment.objects.all()}
    assert {path: stored[path].content_type for path in OLD_FILES} == {
        path: content_type for path, (_, content_type) in OLD_FILES.items()
    }
    assert stored["attachments/gone.pdf"].content_type == "application/octet-stream"
    assert stored["attachments/gone.pdf"].name == "gone.pdf"
