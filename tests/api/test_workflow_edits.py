"""An owner's edit of a published listing waits for review as its pending revision, the published version
staying public; a curator's edit applies at once."""

from hardtech.accounts.models import ApiToken


def _patch(client, user, url, body):
    _, key = ApiToken.issue(user)
    return client.patch(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_owner_edit_of_published_demand_waits_for_review(client, users, demand):
    title = demand.title
    response = _patch(client, users["enterprise"], f"/api/demands/{demand.pk}", {"title": "改过的需求"})
    assert response.status_code == 200
    demand.refresh_from_db()
    assert demand.status == "published" and demand.title == title
    assert demand.pending_changes == {"title": "改过的需求"}


def test_manager_edit_keeps_listing_published(client, users, achievement):
    response = _patch(
        client, users["manager"], f"/api/achievements/{achievement.pk}", {"title": "整理后的标题"}
    )
    assert response.status_code == 200
    achievement.refresh_from_db()
    assert achievement.status == "published"
