"""Helpers of the catalogue tests that drive the web pages and the API as a given user."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hardtech.accounts.models import ApiToken, User


def _call_api(user: User | None, method: str, path: str, body: Any = None, headers: dict | None = None):
    headers = dict(headers or {})
    if user is not None:
        headers["Authorization"] = f"Bearer {ApiToken.issue(user)[1]}"
    kwargs: dict[str, Any] = {"headers": headers}
    if method != "get":
        kwargs.update(data="" if body is None else json.dumps(body), content_type="application/json")
    response = getattr(Client(), method)(f"/api/{path}", **kwargs)
    response.data = json.loads(response.content) if response.content else None
    return response


@pytest.fixture
def api_as() -> Callable[..., Any]:
    """api_as(user, method, path, body=None, headers=None): /api/<path> as `user` (None: anonymous) with a
    JSON body; the response gets .data (the parsed JSON)."""
    return _call_api


@pytest.fixture
def web_as() -> Callable[[User | None], Client]:
    """A web client logged in as the user (None: anonymous)."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
