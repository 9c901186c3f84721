"""The index catches up by itself with bulk writes, which fire no signals (issue 9, item 8).

- A web import used to swap in a lexical-only index, which stayed so until someone ran `match-index`.
- A process killed right after an import committed left the index behind; after the restart
  `/api/match/search` answered 503 for good. Now `hardtech start` and the next search catch up.
"""

import json
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement
from hardtech.matching import services, sync
from hardtech.matching.store import store
from hardtech.spreadsheets import importer

TITLES = ["石墨烯导热膜", "石墨烯散热涂层", "石墨烯复合电极", "石墨烯透明导电膜", "石墨烯防腐涂料"]


def rows(titles: list[str]) -> list[dict]:
    return [
        {
            "成果名称": title,
            "所属机构": "西安测试大学",
            "成果简介": f"{title}的制备工艺，导热与导电性能优良。",
            "技术领域": "新材料",
            "状态": "已发布",
        }
        for title in titles
    ]


def jsonl(path, titles: list[str] = TITLES):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(titles)), encoding="utf-8")
    return path


def web_import(client, user, titles: list[str] = TITLES):
    client.force_login(user)
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(titles)).encode()
    upload = SimpleUploadedFile("achievements.jsonl", data, content_type="application/x-ndjson")
    response = client.post("/bulk/", {"kind": "achievements", "file": upload, "mode": "all-or-nothing"})
    assert response.status_code == 200
    assert Achievement.objects.filter(title__in=titles, status="published").count() == len(titles)


def imported_ids() -> set[int]:
    return set(Achievement.objects.filter(title__in=TITLES).values_list("pk", flat=True))


def search(client) -> list[int]:
    response = client.get("/api/match/search", {"kind": "achievements", "q": "石墨烯", "top": 10})
    assert response.status_code == 200, response.content.decode()
    return [item["id"] for item in response.json()["items"]]


def kill_right_after_the_commit(monkeypatch) -> None:
    """The process dies once the import has committed, before the index hears of it."""
    monkeypatch.setattr(importer, "after_bulk_write", lambda kind: None)


# ---- after a bulk write ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_web_import_keeps_the_dense_index(client, settings, built, users):
    """As in production: catch-ups may use the background, the dense model is on. Five records are embedded
    in place, so the index stays dense and finds them at once."""
    settings.MATCH_CATCH_UP_IN_BACKGROUND = True
    settings.MATCH_LEXICAL_ONLY = False
    services.rebuild()
    web_import(client, users[Role.OPERATOR])
    assert services.status()["achievements"]["lexical_only"] is False
    assert sync._worker is None  # nothing left for the background
    hits = {hit.obj.pk: hit for hit in services.search_hits("achievements", "石墨烯")}
    assert imported_ids() <= set(hits)
    assert all(hits[pk].match.parts["dense"] > 0 for pk in imported_ids())


@pytest.mark.django_db(transaction=True)
def test_a_large_web_import_gets_its_dense_part_in_the_background(client, settings, users, zone, monkeypatch):
    """Too many records to embed while the operator waits: a lexical generation at once (the import is
    searchable when the page returns), the dense one follows in the background."""
    settings.MATCH_CATCH_UP_IN_BACKGROUND = True
    settings.MATCH_LEXICAL_ONLY = False
    services.rebuild()
    monkeypatch.setattr(sync, "IN_PLACE_DENSE", 2)
    web_import(client, users[Role.OPERATOR])
    assert set(services.search_ids("achievements", "石墨烯")) == imported_ids()
    worker = sync._worker
    assert worker is not None
    worker.join(timeout=120)
    assert services.status()["achievements"]["lexical_only"] is False
    assert sync.compare("achievements").in_line


@pytest.mark.django_db
def test_cli_import_completes_the_index_before_it_ends(settings, built, university, tmp_path):
    settings.MATCH_CATCH_UP_IN_BACKGROUND = True  # the command runs it in the foreground all the same
    call_command("import", "achievements", str(jsonl(tmp_path / "a.jsonl")))
    assert sync._worker is None
    assert set(services.search_ids("achievements", "石墨烯")) == imported_ids()
    assert sync.compare("achievements").in_line


@pytest.mark.django_db
def test_an_organisation_import_reaches_its_achievements(built, achievement, university, tmp_path):
    """Achievements carry their organisation's province; a bulk change of it bypasses the signals."""
    (tmp_path / "o.jsonl").write_text(
        json.dumps({"名称": university.name, "类型": "高校", "省份": "四川省"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    report = importer.import_file("organisations", tmp_path / "o.jsonl")
    assert report.ok, report.lines()
    assert store.current("achievements").get(str(achievement.pk)).region == "四川省"


# ---- after a crash -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_next_search_catches_up_after_a_kill(client, built, university, tmp_path, monkeypatch):
    kill_right_after_the_commit(monkeypatch)
    importer.import_file("achievements", jsonl(tmp_path / "a.jsonl"))
    store.forget()  # the restart: nothing held in memory
    assert services.status()["achievements"]["documents"] == 2  # behind: 2 of 7
    assert set(search(client)) == imported_ids()


@pytest.mark.django_db
def test_many_records_behind_are_caught_up_in_full(client, built, university, tmp_path, monkeypatch):
    """More than a search repairs itself: a full comparison (here in the test's thread), content included."""
    kill_right_after_the_commit(monkeypatch)
    monkeypatch.setattr(sync, "NOTICED_IN_PLACE", 2)
    Achievement.objects.filter(pk=built["battery"].pk).update(title="石墨烯负极材料")  # stale as well
    importer.import_file("achievements", jsonl(tmp_path / "a.jsonl"))
    assert set(search(client)) == imported_ids() | {built["battery"].pk}
    assert sync.compare("achievements").in_line


@pytest.mark.django_db(transaction=True)
def test_restart_after_a_kill_answers_search_instead_of_503(client, settings, zone, tmp_path, monkeypatch):
    """The issue's steps: import, killed right after the commit, `hardtech start` again. The background
    catch-up is held until the test has searched: meanwhile the index that is behind answers."""
    settings.MATCH_CATCH_UP_IN_BACKGROUND = True
    services.rebuild()
    kill_right_after_the_commit(monkeypatch)
    importer.import_file("achievements", jsonl(tmp_path / "a.jsonl"))
    assert services.status()["achievements"]["documents"] == 2
    store.forget()
    monkeypatch.setattr(sync, "NOTICED_IN_PLACE", 0)  # a search leaves all of it to the background
    release, real = threading.Event(), services.refresh_ids

    def held(*args, **kwargs):
        if threading.current_thread().name == "match-catch-up":
            release.wait(timeout=60)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "refresh_ids", held)
    monkeypatch.setattr("hardtech.core.management.commands.start.serve", lambda *args, **kwargs: None)
    call_command("start")
    assert search(client) == []  # 200, from the index as it was; no 503
    release.set()
    for thread in threading.enumerate():
        if thread.name == "match-catch-up":
            thread.join(timeout=60)
    assert services.status()["achievements"]["documents"] == 7
    assert set(search(client)) == imported_ids()


@pytest.mark.django_db
def test_a_failed_catch_up_is_logged_and_tried_again_only_on_a_new_state(
    client, built, university, tmp_path, monkeypatch, caplog
):
    kill_right_after_the_commit(monkeypatch)
    importer.import_file("achievements", jsonl(tmp_path / "a.jsonl"))
    calls = []

    def broken(kind, pks, **kwargs):
        calls.append(kind)
        raise OSError("disk full")

    monkeypatch.setattr(services, "refresh_ids", broken)
    for _ in range(3):
        assert client.get("/api/match/search", {"kind": "achievements", "q": "石墨烯"}).status_code == 503
    assert calls == ["achievements"] and "repairing what a search noticed failed" in caplog.text
