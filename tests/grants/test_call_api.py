"""/api/grants/calls: published calls for everyone, drafts for the operator only (404 otherwise); the operator
creates (201), changes (a stale version: 409), publishes and ends a call with a token; others get a 403, a wrong
state is a 409 and bad input a 422 naming the field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hardtech.grants.choices import CallStatus, Mode
from hardtech.grants.models import Call
from support.api_calls import api_of
from support.grant_fixtures import open_call

pytestmark = pytest.mark.django_db
api = api_of("/api/grants")


def _new(**changes) -> dict:
    now = timezone.now()
    return {
        "policy": "sample",
        "year": 2026,
        "title": "API 申报通知",
        "opens_at": now.isoformat(),
        "deadline": (now + timedelta(days=10)).isoformat(),
        "articles": {"6": Mode.INSTANT, "9": Mode.REVIEWED},
        **changes,
    }


def test_the_public_sees_published_calls_only(operator, call, client):
    draft = open_call(operator, status=CallStatus.DRAFT)
    listed = api(client, "get", "/calls")
    assert listed.status_code == 200 and [c["id"] for c in listed.data["items"]] == [call.pk]
    assert listed.data["items"][0]["accepting"] is True
    assert api(client, "get", f"/calls/{draft.pk}").status_code == 404
    assert {c["id"] for c in api(client, "get", "/calls", operator).data["items"]} == {call.pk, draft.pk}


def test_the_detail_lists_articles_and_documents(call, client):
    detail = api(client, "get", f"/calls/{call.pk}")
    assert detail.status_code == 200 and detail["ETag"] == 'W/"1"'
    articles = {a["article"]: a for a in detail.data["articles"]}
    assert articles["8"]["mode"] == Mode.REVIEWED and articles["8"]["mode_label"] == "评审后兑现"
    assert articles["6"]["documents"][0]["types"] == ["pdf"]
    assert articles["11"]["documents"] == []
    assert detail.data["annual_cap"] == "500.00"


def test_the_operator_creates_publishes_and_ends_a_call(operator, client):
    created = api(client, "post", "/calls", operator, _new())
    assert created.status_code == 201, created.data
    pk = created.data["id"]
    assert created.data["status"] == CallStatus.DRAFT
    published = api(client, "post", f"/calls/{pk}/publish", operator)
    assert published.status_code == 200 and published.data["status"] == CallStatus.PUBLISHED
    assert api(client, "post", f"/calls/{pk}/publish", operator).status_code == 409
    early = api(client, "post", f"/calls/{pk}/close", operator)
    assert early.status_code == 422 and "申报截止前" in early.data["detail"][0]["msg"]
    Call.objects.filter(pk=pk).update(deadline=timezone.now() - timedelta(minutes=1))
    assert api(client, "post", f"/calls/{pk}/close", operator).data["status"] == CallStatus.CLOSED


def test_a_patch_based_on_an_older_version_is_a_conflict(operator, call, client):
    first = api(client, "patch", f"/calls/{call.pk}", operator, {"title": "改一", "version": 1})
    assert first.status_code == 200 and first.data["version"] == 2
    stale = api(client, "patch", f"/calls/{call.pk}", operator, {"title": "改二", "version": 1})
    assert stale.status_code == 409
    assert Call.objects.get(pk=call.pk).title == "改一"


def test_bad_input_is_a_422_naming_the_field(operator, client):
    response = api(client, "post", "/calls", operator, _new(articles={"1": Mode.INSTANT}))
    assert response.status_code == 422
    assert response.data["detail"][0]["loc"][-1] == "articles"
    assert not Call.objects.exists()


def test_others_may_not_write(users, call, client):
    assert api(client, "post", "/calls", users["enterprise"], _new()).status_code == 403
    assert api(client, "post", f"/calls/{call.pk}/close", users["manager"]).status_code == 403
    assert api(client, "post", "/calls", None, _new()).status_code == 401
    assert Call.objects.count() == 1
