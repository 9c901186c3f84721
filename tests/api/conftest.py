"""API test helpers: one bearer token per role and a small JSON client."""

import json
from typing import Any

import pytest
from django.test import Client

from hardtech.accounts.models import ApiToken, User

ANONYMOUS = "anonymous"


class Api:
    """Calls /api/ with an optional bearer key and JSON body; returns the response (with .data parsed)."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def call(self, method: str, path: str, key: str | None = None, body: Any = None, **query: Any):
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        kwargs: dict[str, Any] = {"headers": headers}
        if method == "get":
            kwargs["data"] = query
        else:
            # No body means an empty one, as curl sends, not the test client's default multipart form.
            kwargs.update(data="" if body is None else json.dumps(body), content_type="application/json")
        response = getattr(self.client, method)(f"/api/{path}", **kwargs)
        is_json = response.get("Content-Type", "").startswith("application/json")
        response.data = json.loads(response.content) if is_json and response.content else None
        return response

    def get(self, path: str, key: str | None = None, **query: Any):
        return self.call("get", path, key, **query)


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


@pytest.fixture
def keys(users: dict[str, User]) -> dict[str, str | None]:
    """A fresh API key per role, plus None for the anonymous caller."""
    return {role: ApiToken.issue(user)[1] for role, user in users.items()} | {ANONYMOUS: None}
