"""Calls of /api/events in the events tests."""

import json

from hardtech.accounts.models import ApiToken


def call(client, method, path, user=None, body=None, **query):
    """/api/events{path} with the user's bearer token (none: anonymous); the JSON answer is response.data."""
    kwargs = {"headers": {"Authorization": f"Bearer {ApiToken.issue(user)[1]}"} if user else {}}
    if method == "get":
        kwargs["data"] = query
    else:
        kwargs.update(data="" if body is None else json.dumps(body), content_type="application/json")
    response = getattr(client, method)(f"/api/events{path}", **kwargs)
    response.data = json.loads(response.content) if response.content else None
    return response
