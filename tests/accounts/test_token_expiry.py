"""API tokens expire: after HARDTECH_TOKEN_DAYS by default, sooner on request, never later; an expired token is
refused with a 401 that says so, wherever tokens are accepted; tokens from before expiry existed count from
their creation."""

import importlib
import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from hardtech.accounts.models import ApiToken, Role

PASSWORD = "pass-1234"


def request_token(client: Client, **extra):
    body = json.dumps({"username": "institution", "password": PASSWORD, **extra})
    return client.post("/api/tokens", body, content_type="application/json")


def days_left(token: ApiToken) -> float:
    return (token.expires_at - timezone.now()) / timedelta(days=1)


def test_a_token_expires_after_the_default_lifetime(client, users):
    response = request_token(client)
    assert response.status_code == 201
    token = ApiToken.objects.get()
    assert 89.9 < days_left(token) <= 90
    assert response.json()["expires_at"].startswith(f"{token.expires_at:%Y-%m-%d}")


def test_lifetime_follows_the_setting(client, users, settings):
    settings.HARDTECH_TOKEN_DAYS = 30
    assert request_token(client).status_code == 201
    assert 29.9 < days_left(ApiToken.objects.get()) <= 30


def test_a_client_may_ask_for_a_shorter_lifetime_not_a_longer_one(client, users):
    assert request_token(client, days=7).status_code == 201
    assert 6.9 < days_left(ApiToken.objects.get()) <= 7
    for days in (91, 0, 2**70):
        response = request_token(client, days=days)
        assert response.status_code == 422, days
    assert request_token(client, days=91).json()["detail"][0]["msg"] == "有效期最长 90 天"
    assert ApiToken.objects.count() == 1


def test_the_token_list_shows_expiry(client, users):
    _, key = ApiToken.issue(users[Role.INSTITUTION], days=10)
    listed = client.get("/api/tokens", headers={"Authorization": f"Bearer {key}"}).json()
    assert len(listed) == 1 and listed[0]["expires_at"]


def expire(key: str) -> None:
    ApiToken.objects.filter(prefix=key[:8]).update(expires_at=timezone.now() - timedelta(seconds=1))


def test_an_expired_token_is_refused_saying_so(client, users):
    _, key = ApiToken.issue(users[Role.INSTITUTION])
    auth = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/me", headers=auth).status_code == 200
    expire(key)
    response = client.get("/api/me", headers=auth)
    assert response.status_code == 401 and "过期" in response.json()["detail"]
    # Public reads too: a client that sends a key learns it is no longer good.
    assert client.get("/api/achievements", headers=auth).status_code == 401


def test_an_expired_token_cannot_send_match_feedback(client, users):
    _, key = ApiToken.issue(users[Role.ENTERPRISE])
    expire(key)
    assert ApiToken.user_for(key) is None
    response = client.post(
        "/api/match/feedback",
        "{}",
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_tokens_issued_before_expiry_existed_count_from_their_creation(users, settings):
    token, _ = ApiToken.issue(users[Role.INSTITUTION])
    created = timezone.now() - timedelta(days=100)
    ApiToken.objects.filter(pk=token.pk).update(created_at=created)
    migration = importlib.import_module("hardtech.accounts.migrations.0003_apitoken_expires_at")
    migration.expire_from_creation(apps, None)
    token.refresh_from_db()
    assert token.expires_at == created + timedelta(days=settings.HARDTECH_TOKEN_DAYS) and token.is_expired
