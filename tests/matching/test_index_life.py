"""Index life: rebuild, and publish / edit / withdraw / delete reflected once committed, without a rebuild.

Changes reach the index when their transaction commits: the tests run inside one, so they commit by
running the on-commit callbacks (`commit`)."""

import pytest
from django.core.management import call_command

from hardtech.catalogue.models import Achievement, Demand
from hardtech.matching import services
from hardtech.matching.store import store

pytestmark = pytest.mark.django_db


def ids(kind: str, query: str) -> list[int] | None:
    return services.search_ids(kind, query)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` — what is saved inside reaches the index at the end, as after a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_no_index_means_no_answer(zone):
    assert ids("achievements", "激光器") is None
    # nothing to update, and no lock file written
    assert services.refresh_ids("achievements", [zone["battery"].pk]) is False


def test_rebuild_indexes_published_records(built, achievement):
    assert services.status()["achievements"]["documents"] == 2
    assert ids("achievements", "半导体激光器")[0] == achievement.pk
    assert built["draft"].pk not in ids("achievements", "光纤激光器")


def test_publish_makes_a_listing_findable_without_rebuild(built, commit):
    draft = built["draft"]
    draft.status = "published"
    with commit():
        draft.save()
    assert ids("achievements", "泵浦合束器")[0] == draft.pk


def test_withdraw_removes_and_edit_updates(built, achievement, commit):
    achievement.title = "量子点显示膜制备技术"
    with commit():
        achievement.save()
    assert ids("achievements", "量子点显示膜")[0] == achievement.pk
    achievement.status = "withdrawn"
    with commit():
        achievement.save()
    assert achievement.pk not in ids("achievements", "量子点显示膜")


def test_delete_removes(built, demand, commit):
    with commit():
        demand.delete()
    assert demand.pk not in ids("demands", "激光器散热模组")


def test_expert_follows_linked_achievements(built, expert, commit):
    battery = built["battery"]
    assert expert.pk not in ids("experts", "硅碳负极")
    with commit():
        expert.achievements.add(battery)
    assert ids("experts", "硅碳负极") == [expert.pk]
    battery.status = "withdrawn"
    with commit():
        battery.save()
    assert expert.pk not in ids("experts", "硅碳负极")


def test_organisation_change_updates_achievement_region(built, achievement, other_org, commit):
    with commit():
        achievement.organisations.set([other_org])
    assert store.current("achievements").get(str(achievement.pk)).region == "四川省"


def test_other_processes_see_updates(built, achievement, commit):
    """A second process's write changes the pointer token; this process reopens instead of going stale."""
    index = store.current("achievements")
    store.forget()  # as if another process: it has its own open index
    achievement.title = "超快激光精密加工"
    with commit():
        achievement.save()
    assert store.current("achievements") is not index
    assert ids("achievements", "超快激光精密加工")[0] == achievement.pk


def test_rebuild_catches_up_with_changes_during_build(built, achievement, monkeypatch):
    """A listing withdrawn while the rebuild embedded (signals went to the old generation) is not revived."""
    from hardtech.matching import records

    real = records.indexable_documents

    def snapshot_then_withdraw(kind):
        docs = real(kind)
        if kind == "achievements":
            Achievement.objects.filter(pk=achievement.pk).update(status="withdrawn")
        return docs

    monkeypatch.setattr(services, "indexable_documents", snapshot_then_withdraw)
    services.rebuild("achievements")
    assert achievement.pk not in ids("achievements", "半导体激光器")


def test_match_index_command(zone, capsys):
    call_command("match_index", "--lexical-only")
    assert "成果 2 条" in capsys.readouterr().out
    call_command("match_index", "--kind", "demands", "--lexical-only")
    assert services.status()["demands"] == {
        **services.status()["demands"],
        "documents": 2,
        "lexical_only": True,
    }
    assert Demand.objects.published().count() == 2


def test_organisation_move_updates_its_achievements(built, achievement, university, commit):
    university.province = "四川省"
    with commit():
        university.save()
    assert store.current("achievements").get(str(achievement.pk)).region == "四川省"


def test_index_failure_never_blocks_a_save(built, achievement, monkeypatch, caplog, commit):
    def broken(kind, change):
        raise OSError("disk full")

    monkeypatch.setattr(store, "write", broken)
    achievement.title = "仍可保存"
    with commit():
        achievement.save()
    assert Achievement.objects.get(pk=achievement.pk).title == "仍可保存"
    assert "match index update failed" in caplog.text


def test_databases_sharing_a_directory_keep_their_own_index(built, achievement, monkeypatch):
    """A test database's rebuild in the developer's data directory must not replace the real index."""
    from hardtech.matching import store as store_module

    mine = store.current("achievements")
    monkeypatch.setattr(store_module, "database_name", lambda: "/elsewhere/other.sqlite3")
    assert store.current("achievements") is None
    services.rebuild("achievements")
    monkeypatch.undo()
    assert store.current("achievements") is mine and (mine.path / "meta.json").exists()
    assert ids("achievements", "半导体激光器")[0] == achievement.pk


def test_an_unreadable_index_falls_back_to_substring_search(client, achievement, monkeypatch):
    def written_by_another_version(kind, generation):
        raise TypeError("unexpected keyword argument")

    services.rebuild("achievements", lexical_only=True)
    monkeypatch.setattr("hardtech.matching.store.open_index", written_by_another_version)
    store._open.clear()
    response = client.get("/achievements/", {"q": "半导体激光器"})
    assert response.status_code == 200
    assert achievement.title in response.content.decode()
