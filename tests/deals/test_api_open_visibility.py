"""Opening a deal through the API links only the achievements and demands the caller may see, as the form
offers them (catalogue visibility); others are a 422 naming their ids, and no deal is opened."""

import json

import pytest
from django.urls import reverse

from hardtech.accounts.models import ApiToken, Role
from hardtech.catalogue import permissions as catalogue_permissions
from hardtech.catalogue.models import Achievement
from hardtech.deals.models import Deal


def _open(client, user, body):
    return client.post(
        "/api/deals",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {ApiToken.issue(user)[1]}"},
    )


@pytest.fixture
def hidden(monkeypatch, achievement):
    """The achievement is not among the listings the manager may see."""
    original = catalogue_permissions.visible_listings

    def visible(user, queryset):
        shown = original(user, queryset)
        return shown.exclude(pk=achievement.pk) if queryset.model is Achievement else shown

    monkeypatch.setattr(catalogue_permissions, "visible_listings", visible)
    return achievement


def test_api_refuses_a_listing_the_form_does_not_offer(client, users, hidden, demand):
    manager = users[Role.MANAGER]
    client.force_login(manager)
    form = client.get(reverse("deals:open")).context["form"]
    assert hidden not in form.fields["achievements"].queryset
    response = _open(
        client, manager, {"title": "越权关联", "achievements": [hidden.pk], "demands": [demand.pk]}
    )
    assert response.status_code == 422
    detail = json.loads(response.content)["detail"][0]
    assert detail["loc"][-1] == "achievements" and str(hidden.pk) in detail["msg"]
    assert not Deal.objects.exists()


def test_api_refuses_a_listing_the_caller_may_not_view(client, users, achievement, demand, monkeypatch):
    original = catalogue_permissions.can_view
    monkeypatch.setattr(
        catalogue_permissions, "can_view", lambda user, obj: obj != demand and original(user, obj)
    )
    response = _open(
        client,
        users[Role.MANAGER],
        {"title": "越权关联", "achievements": [achievement.pk], "demands": [demand.pk]},
    )
    assert response.status_code == 422 and str(demand.pk) in json.loads(response.content)["detail"][0]["msg"]
    assert not Deal.objects.exists()


def test_visible_listings_are_linked(client, users, achievement, demand):
    body = {"title": "正常关联", "achievements": [achievement.pk], "demands": [demand.pk]}
    assert _open(client, users[Role.MANAGER], body).status_code == 201
