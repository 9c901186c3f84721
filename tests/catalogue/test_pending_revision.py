"""修改待审核: an owner's edit of a published listing waits for review as its pending revision. The published
version stays on the public site and in search meanwhile (before, the edit took the listing off the site — a
404 — until it was approved again); approval replaces it, a return keeps it and drops the revision. Attachments
are not part of a revision: files added in such an edit are public at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement
from hardtech.notifications.models import Notification
from support.form_post import posted_fields

OP, INST = Role.OPERATOR, Role.INSTITUTION
OLD, NEW = "高功率半导体激光器芯片封装技术", "碳化硅功率模块银烧结工艺"


def _revise_on_the_web(web_as, owner, achievement, **changes) -> None:
    client = web_as(owner)
    url = reverse("achievement_edit", args=[achievement.pk])
    data = posted_fields(client.get(url).content.decode())
    assert client.post(url, {**data, **{k: [v] for k, v in changes.items()}}).status_code == 302


def _stored(achievement) -> Achievement:
    return Achievement.objects.get(pk=achievement.pk)


def test_the_published_version_stays_public_while_a_revision_waits(web_as, api_as, users, achievement):
    _revise_on_the_web(web_as, users[INST], achievement, title=NEW)

    public = web_as(None)
    page = public.get(reverse("achievement_detail", args=[achievement.pk]))
    assert page.status_code == 200
    assert OLD in page.content.decode() and NEW not in page.content.decode()
    assert OLD in public.get(reverse("achievement_list"), {"q": "半导体激光器"}).content.decode()
    assert NEW not in public.get(reverse("achievement_list"), {"q": "银烧结"}).content.decode()
    anonymous = api_as(None, "get", f"achievements/{achievement.pk}")
    assert (anonymous.data["title"], anonymous.data["pending_changes"]) == (OLD, None)

    # Its owners and the operator see what waits, and the operator finds it in the queue.
    owner = api_as(users[INST], "get", f"achievements/{achievement.pk}")
    assert (owner.data["title"], owner.data["pending_changes"]) == (OLD, {"title": NEW})
    for role in (INST, OP):
        html = web_as(users[role]).get(reverse("achievement_detail", args=[achievement.pk])).content.decode()
        assert "修改待审核" in html and NEW in html
    queue = web_as(users[OP]).get(reverse("review_queue")).content.decode()
    assert OLD in queue and "通过修改" in queue and "退回修改" in queue
    assert "修改待审核" in web_as(users[INST]).get(reverse("mine")).content.decode()


def test_approval_replaces_the_published_version(web_as, api_as, users, achievement):
    _revise_on_the_web(web_as, users[INST], achievement, title=NEW)
    version = _stored(achievement).version
    response = api_as(users[OP], "post", f"achievements/{achievement.pk}/approve_revision", {"note": "同意"})
    assert response.status_code == 200, response.data
    assert (response.data["title"], response.data["status"], response.data["pending_changes"]) == (
        NEW,
        "published",
        None,
    )
    stored = _stored(achievement)
    assert stored.version == version + 1 and stored.review_note == "同意"
    assert NEW in web_as(None).get(reverse("achievement_list"), {"q": "银烧结"}).content.decode()
    [notice] = Notification.objects.filter(recipient=users[INST])
    assert notice.kind == "listing.approved" and notice.title == f"“{NEW}”已通过审核"


def test_a_return_keeps_the_published_version_and_drops_the_revision(web_as, api_as, users, achievement):
    _revise_on_the_web(web_as, users[INST], achievement, title=NEW)
    path = f"achievements/{achievement.pk}/reject_revision"
    assert api_as(users[OP], "post", path, {"note": " "}).status_code == 422
    assert api_as(users[OP], "post", path, {"note": "新名称与内容不符"}).status_code == 200
    stored = _stored(achievement)
    assert (stored.title, stored.status, stored.pending_changes) == (OLD, "published", None)
    assert stored.review_note == "新名称与内容不符"
    [notice] = Notification.objects.filter(recipient=users[INST])
    assert notice.kind == "listing.returned" and notice.body == "审核意见：新名称与内容不符"


def test_the_owner_keeps_editing_the_revision(web_as, api_as, users, achievement):
    owner, path = users[INST], f"achievements/{achievement.pk}"
    assert api_as(owner, "patch", path, {"title": NEW}).status_code == 200
    _revise_on_the_web(web_as, owner, achievement, summary="银烧结互连，导热好。")
    assert _stored(achievement).pending_changes == {"title": NEW, "summary": "银烧结互连，导热好。"}
    form = web_as(owner).get(reverse("achievement_edit", args=[achievement.pk])).content.decode()
    assert NEW in form  # the form shows the revision, not the published version
    # Changing a field back to its published value takes it out of the revision; nothing left, no revision.
    assert api_as(owner, "patch", path, {"title": OLD}).status_code == 200
    assert _stored(achievement).pending_changes == {"summary": "银烧结互连，导热好。"}
    response = api_as(owner, "patch", path, {"summary": _stored(achievement).summary})
    assert response.status_code == 200 and response.data["pending_changes"] is None


def test_a_waiting_revision_is_not_a_new_submission(api_as, users, achievement):
    api_as(users[INST], "patch", f"achievements/{achievement.pk}", {"title": NEW})
    response = api_as(users[OP], "post", f"achievements/{achievement.pk}/approve")
    assert response.status_code == 409 and "修改待审核" in response.data["detail"]


def test_withdrawing_folds_the_revision_in(api_as, users, achievement):
    api_as(users[INST], "patch", f"achievements/{achievement.pk}", {"title": NEW})
    response = api_as(users[INST], "post", f"achievements/{achievement.pk}/withdraw")
    assert response.status_code == 200
    stored = _stored(achievement)
    assert (stored.status, stored.title, stored.pending_changes) == ("withdrawn", NEW, None)


@pytest.mark.parametrize("role", [Role.MANAGER, OP])
def test_a_curators_edit_applies_at_once(api_as, users, achievement, role):
    response = api_as(users[role], "patch", f"achievements/{achievement.pk}", {"title": NEW})
    assert response.status_code == 200
    assert (_stored(achievement).title, _stored(achievement).pending_changes) == (NEW, None)


def test_attachments_apply_at_once(web_as, users, achievement):
    owner = web_as(users[INST])
    url = reverse("achievement_edit", args=[achievement.pk])
    data = posted_fields(owner.get(url).content.decode())
    upload = SimpleUploadedFile("技术说明.pdf", b"%PDF-1.4 test file", content_type="application/pdf")
    assert owner.post(url, {**data, "attachments": [upload]}).status_code == 302
    stored = _stored(achievement)
    assert (stored.status, stored.pending_changes, stored.version) == ("published", None, 2)
    page = web_as(None).get(reverse("achievement_detail", args=[achievement.pk])).content.decode()
    assert "技术说明.pdf" in page
