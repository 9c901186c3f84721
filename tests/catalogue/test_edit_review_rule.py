"""One rule on both channels: an owner's change of a published listing waits for review as its pending
revision (the published version stays public); a curator's change applies at once, and a save that changes
nothing (a form saved as it was shown, or an API client sending back what it read) writes nothing."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from support.form_post import posted_fields


def _save_api(api_as, user, achievement, changes: dict) -> int:
    return api_as(user, "patch", f"achievements/{achievement.pk}", changes).status_code


def _save_web(web_as, user, achievement, changes: dict) -> int:
    client = web_as(user)
    url = reverse("achievement_edit", args=[achievement.pk])
    data = posted_fields(client.get(url).content.decode())
    return client.post(url, {**data, **{k: [v] for k, v in changes.items()}}).status_code


@pytest.mark.parametrize("channel", ["api", "web"])
@pytest.mark.parametrize(
    ("role", "changes", "reviewed"),
    [
        (Role.INSTITUTION, {"summary": "所属机构改的简介"}, True),
        (Role.INSTITUTION, {}, False),
        (Role.INSTITUTION, {"title": "高功率半导体激光器芯片封装技术"}, False),  # the same title
        (Role.MANAGER, {"summary": "经理人整理的简介"}, False),
        (Role.OPERATOR, {"summary": "管委会改的简介"}, False),
    ],
)
def test_who_sends_a_change_of_a_published_listing_to_review(
    api_as, web_as, users, achievement, channel, role, changes, reviewed
):
    summary = achievement.summary
    if channel == "api":
        assert _save_api(api_as, users[role], achievement, changes) == 200
    else:
        assert _save_web(web_as, users[role], achievement, changes) == 302
    achievement.refresh_from_db()
    assert achievement.status == "published"
    assert achievement.has_revision is reviewed
    if reviewed:
        assert achievement.summary == summary and achievement.pending_changes == changes
    assert achievement.version == (2 if changes.get("summary") else 1)
