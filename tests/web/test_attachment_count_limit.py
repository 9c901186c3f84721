"""At most ATTACHMENT_MAX_COUNT attachments per listing: existing, less those removed, plus those uploaded
(issue 9 item 12: one request used to leave 31)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement

pytestmark = pytest.mark.django_db


def pdfs(count: int) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(f"附件{i}.pdf", b"%PDF-1.4 test") for i in range(count)]


def listing_data(item: Achievement | None, university, **extra) -> dict:
    return {
        "title": "附件数量测试",
        "field": "new_energy",
        "summary": "附件数量。",
        "organisations": [university.pk],
        **({"version": item.version} if item else {}),  # the edit form's check against lost updates
        **extra,
    }


def test_default_limit_is_ten(client_for, users, university):
    client = client_for(Role.INSTITUTION)
    response = client.post(
        reverse("achievement_create"), listing_data(None, university, attachments=pdfs(31))
    )
    assert response.status_code == 200 and not Achievement.objects.exists()
    assert response.context["form"].errors["attachments"] == [
        "每条信息最多 10 个附件：现有 0 个，本次上传 31 个，请减少上传或先删除部分附件"
    ]
    assert "每条最多 10 个" in response.content.decode()
    client.post(reverse("achievement_create"), listing_data(None, university, attachments=pdfs(10)))
    assert Achievement.objects.get().attachments.count() == 10


def test_existing_less_removed_plus_new(client_for, users, university, settings):
    settings.ATTACHMENT_MAX_COUNT = 3
    client = client_for(Role.INSTITUTION)
    client.post(reverse("achievement_create"), listing_data(None, university, attachments=pdfs(2)))
    item = Achievement.objects.get()
    url = reverse("achievement_edit", args=[item.pk])

    response = client.post(url, listing_data(item, university, attachments=pdfs(2)))
    assert response.status_code == 200
    assert response.context["form"].errors["attachments"] == [
        "每条信息最多 3 个附件：现有 2 个，本次上传 2 个，请减少上传或先删除部分附件"
    ]
    assert item.attachments.count() == 2

    removed = item.attachments.first()
    response = client.post(
        url, listing_data(item, university, attachments=pdfs(2), remove_attachments=[removed.pk])
    )
    assert response.status_code == 302 and item.attachments.count() == 3
    assert removed.pk not in item.attachments.values_list("pk", flat=True)
