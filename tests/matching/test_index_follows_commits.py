"""The match index follows committed changes only: a refused or rolled-back change never reaches it.

Issue 9, item 8: a 403 on `PATCH /api/achievements/<id>` (changing organisations) left the database unchanged
but deleted the published listing's index entry for good, because the signals updated the index inside the
transaction that was then rolled back.
"""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from hardtech.accounts.models import ApiToken, Role
from hardtech.catalogue.models import Achievement
from hardtech.matching import services
from hardtech.matching.store import store


def indexed(pk: int) -> bool:
    return store.current("achievements").get(str(pk)) is not None


def patch(client, key: str, pk: int, body: dict):
    return client.patch(
        f"/api/achievements/{pk}",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


@pytest.mark.django_db
def test_refused_patch_keeps_the_published_listing_indexed(
    client, built, users, achievement, other_university, django_capture_on_commit_callbacks
):
    """The issue's steps: an institution moves its published achievement to another university → 403."""
    _, key = ApiToken.issue(users[Role.INSTITUTION])
    with django_capture_on_commit_callbacks(execute=True):
        response = patch(client, key, achievement.pk, {"organisations": [other_university.pk]})
    assert response.status_code == 403
    assert Achievement.objects.get(pk=achievement.pk).status == "published"
    assert indexed(achievement.pk)
    assert services.search_ids("achievements", "半导体激光器封装")[0] == achievement.pk


@pytest.mark.django_db
def test_a_rolled_back_change_never_reaches_the_index(built, achievement, django_capture_on_commit_callbacks):
    """The root of it: a write inside an atomic block that then refuses (as save_owned did: save, set the
    organisations, then check permission) leaves the index as the database is."""
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(PermissionDenied),
        transaction.atomic(),
    ):
        achievement.status = "pending"
        achievement.save()
        achievement.organisations.clear()
        raise PermissionDenied("只能为本机构创建或保存记录")
    assert indexed(achievement.pk)
    assert store.current("achievements").get(str(achievement.pk)).region == "陕西省"


@pytest.mark.django_db
def test_a_rolled_back_savepoint_leaves_the_committed_part(
    built, achievement, django_capture_on_commit_callbacks
):
    battery = built["battery"]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        battery.title = "固态电池硫化物电解质"
        battery.save()
        with pytest.raises(PermissionDenied), transaction.atomic():
            achievement.status = "withdrawn"
            achievement.save()
            raise PermissionDenied
    assert indexed(achievement.pk)
    assert store.current("achievements").get(str(battery.pk)).title == "固态电池硫化物电解质"


@pytest.mark.django_db
def test_one_index_write_per_transaction(
    built, achievement, other_org, monkeypatch, django_capture_on_commit_callbacks
):
    """Saved, then its organisations changed, then saved again: re-indexed once, after the commit."""
    writes = []
    real = store.write
    monkeypatch.setattr(store, "write", lambda kind, change: writes.append(kind) or real(kind, change))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        achievement.title = "大功率激光器芯片热沉"
        achievement.save()
        achievement.organisations.set([other_org])
        achievement.save()
        assert writes == []  # nothing before the commit
    assert writes.count("achievements") == 1
    doc = store.current("achievements").get(str(achievement.pk))
    assert (doc.title, doc.region) == ("大功率激光器芯片热沉", "四川省")


@pytest.mark.django_db(transaction=True)
def test_with_real_commits_publish_is_searchable_and_a_refusal_changes_nothing(
    client, users, achievement, other_university
):
    """Real transactions: the request's commit updates the index before the response; a refused one not."""
    services.rebuild()
    _, key = ApiToken.issue(users[Role.INSTITUTION])
    assert patch(client, key, achievement.pk, {"organisations": [other_university.pk]}).status_code == 403
    assert indexed(achievement.pk)
    draft = Achievement.objects.create(
        title="碳化硅功率模块银烧结工艺", field="new_materials", summary="银烧结互连。", status="pending"
    )
    draft.status = "published"
    draft.save()
    assert services.search_ids("achievements", "银烧结")[0] == draft.pk
