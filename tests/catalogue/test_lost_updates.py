"""Concurrent edits of one record: different fields both survive; the same field edited on an older version is
refused (API 409 with a stale version or If-Match; the web form says so and keeps the user's input)."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.models import ApiToken, Role
from hardtech.catalogue.api import listings, organisations
from hardtech.catalogue.models import Achievement, Organisation
from support.form_post import posted_fields

OP, MAN = Role.OPERATOR, Role.MANAGER


def _run_interleaved(monkeypatch, module, calls: list[Callable[[], object]]) -> list:
    """Run the calls (API requests) in two threads such that both have read the record before either
    writes: the pattern that lost one of two updates when the whole row was saved. SQLite's shared
    in-memory test database refuses two writers at once, so there the writes then take turns; on
    PostgreSQL they race for the row."""
    both_read = threading.Barrier(len(calls), timeout=10)
    one_writer = threading.Lock() if connection.vendor == "sqlite" else None
    local = threading.local()
    read = module.get_visible

    def read_then_wait(*args, **kwargs):
        obj = read(*args, **kwargs)
        if not getattr(local, "read", False):
            local.read = True
            both_read.wait()
            if one_writer is not None:
                one_writer.acquire()
                local.writing = True
        return obj

    monkeypatch.setattr(module, "get_visible", read_then_wait)
    results: list = [None] * len(calls)

    def run(i: int) -> None:
        try:
            results[i] = calls[i]()
        finally:
            if getattr(local, "writing", False):
                one_writer.release()
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _request(method: str, user, path: str, body: dict | None = None) -> Callable[[], object]:
    """An API request to run later in another thread (the token is made now, in the test's thread, and marked
    just used: signing in would otherwise write its last use, a second writer SQLite's shared in-memory test
    database refuses before the record is even read)."""
    token, key = ApiToken.issue(user)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    headers = {"Authorization": f"Bearer {key}"}
    return lambda: getattr(Client(), method)(
        f"/api/{path}", body or {}, content_type="application/json", headers=headers
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_patches_of_different_fields_both_survive(monkeypatch, users, university):
    path = f"organisations/{university.pk}"
    responses = _run_interleaved(
        monkeypatch,
        organisations,
        [
            _request("patch", users[OP], path, {"description": "运维改的简介"}),
            _request("patch", users[OP], path, {"website": "https://x.edu.cn"}),
        ],
    )
    assert [r.status_code for r in responses] == [200, 200]
    university.refresh_from_db()
    assert (university.description, university.website) == ("运维改的简介", "https://x.edu.cn")
    assert university.version == 3


@pytest.mark.django_db(transaction=True)
def test_an_edit_and_a_review_step_both_survive(monkeypatch, users, achievement):
    """A workflow step writes the status only, an edit its fields only: neither undoes the other."""
    Achievement.objects.filter(pk=achievement.pk).update(status="pending")
    path = f"achievements/{achievement.pk}"
    responses = _run_interleaved(
        monkeypatch,
        listings,
        [
            _request("patch", users[MAN], path, {"title": "整理后的标题"}),
            _request("post", users[OP], f"{path}/approve"),
        ],
    )
    assert [r.status_code for r in responses] == [200, 200]
    achievement.refresh_from_db()
    assert (achievement.title, achievement.status) == ("整理后的标题", "published")


# --- the same field, on an older version -----------------------------------------------------------------


def test_a_stale_version_is_a_conflict(api_as, users, university):
    path = f"organisations/{university.pk}"
    read = api_as(users[OP], "get", path)
    assert read.data["version"] == 1 and read["ETag"] == 'W/"1"'
    first = api_as(users[OP], "patch", path, {"description": "甲的简介", "version": 1})
    assert first.status_code == 200 and first.data["version"] == 2 and first["ETag"] == 'W/"2"'
    second = api_as(users[OP], "patch", path, {"description": "乙的简介", "version": 1})
    assert second.status_code == 409
    assert "该记录已被他人修改" in second.data["detail"] and "第 2 版" in second.data["detail"]
    university.refresh_from_db()
    assert (university.description, university.version) == ("甲的简介", 2)


@pytest.mark.parametrize("header", ['"{v}"', "{v}", 'W/"{v}"'])
def test_if_match_carries_the_version(api_as, users, achievement, header):
    path = f"achievements/{achievement.pk}"
    stale = {"If-Match": header.format(v=1)}
    assert api_as(users[OP], "patch", path, {"summary": "第一次"}, stale).status_code == 200
    refused = api_as(users[OP], "patch", path, {"summary": "第二次"}, stale)
    assert refused.status_code == 409
    current = {"If-Match": header.format(v=2)}
    assert api_as(users[OP], "patch", path, {"summary": "第二次"}, current).data["summary"] == "第二次"


def test_a_malformed_if_match_is_refused(api_as, users, achievement):
    response = api_as(
        users[OP], "patch", f"achievements/{achievement.pk}", {"summary": "x"}, {"If-Match": "abc"}
    )
    assert response.status_code == 422 and response.data["detail"][0]["loc"][-1] == "version"
    achievement.refresh_from_db()
    assert achievement.summary != "x"


# --- the web form, in several tabs -------------------------------------------------------------------------


def _tab(client, url: str) -> dict[str, list[str]]:
    """The form as a browser tab shows it."""
    return posted_fields(client.get(url).content.decode())


def test_two_tabs_editing_different_fields_both_keep_their_change(web_as, users, achievement):
    url = reverse("achievement_edit", args=[achievement.pk])
    operator, manager = web_as(users[OP]), web_as(users[MAN])
    first, second = _tab(operator, url), _tab(manager, url)
    assert first["version"] == ["1"]
    assert operator.post(url, {**first, "title": ["运维改的标题"]}).status_code == 302
    assert manager.post(url, {**second, "summary": ["经理人改的简介"]}).status_code == 302
    achievement.refresh_from_db()
    assert (achievement.title, achievement.summary, achievement.version) == (
        "运维改的标题",
        "经理人改的简介",
        3,
    )


def test_the_same_field_changed_meanwhile_is_refused_keeping_the_input(web_as, users, achievement):
    url = reverse("achievement_edit", args=[achievement.pk])
    operator, manager = web_as(users[OP]), web_as(users[MAN])
    first, second = _tab(operator, url), _tab(manager, url)
    operator.post(url, {**first, "title": ["运维改的标题"], "summary": ["运维改的简介"]})

    response = manager.post(url, {**second, "title": ["经理人改的标题"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "该记录已被他人修改" in html and "请查看最新内容后重新修改" in html
    assert "经理人改的标题" in html  # the input is kept
    assert response.context["form"].errors["title"]
    achievement.refresh_from_db()
    assert (achievement.title, achievement.version) == ("运维改的标题", 2)

    # The page now shows the stored record with the manager's change on top; saving it again, having looked,
    # applies that change and keeps the operator's other one.
    again = posted_fields(html)
    assert again["version"] == ["2"] and again["summary"] == ["运维改的简介"]
    assert manager.post(url, again).status_code == 302
    achievement.refresh_from_db()
    assert (achievement.title, achievement.summary) == ("经理人改的标题", "运维改的简介")


def test_organisation_form_keeps_both_tabs_changes(web_as, users, enterprise):
    """The same for a record without attachments or workflow: the owner and the operator."""
    url = reverse("organisation_edit", args=[enterprise.pk])
    owner, operator = web_as(users[Role.ENTERPRISE]), web_as(users[OP])
    first, second = _tab(owner, url), _tab(operator, url)
    assert owner.post(url, {**first, "description": ["企业自己写的简介"]}).status_code == 302
    assert operator.post(url, {**second, "name": ["管委会核定的名称"]}).status_code == 302
    enterprise = Organisation.objects.get(pk=enterprise.pk)
    assert (enterprise.description, enterprise.name) == ("企业自己写的简介", "管委会核定的名称")
