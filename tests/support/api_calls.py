"""Calls of one domain's API in tests: `call = api_of("/api/deals")`, then
`call(client, "post", "/1/move", user, {...})` with the user's bearer token (none: anonymous); extra headers
(If-Match …) and GET query parameters pass through; the JSON answer is `response.data`."""

import json

from hardtech.accounts.models import ApiToken


def api_of(prefix: str):
    def call(client, method, path, user=None, body=None, headers=None, **query):
        sent = {"Authorization": f"Bearer {ApiToken.issue(user)[1]}"} if user else {}
        kwargs = {"headers": {**sent, **(headers or {})}}
        if method == "get":
            kwargs["data"] = query
        else:
            kwargs.update(data="" if body is None else json.dumps(body), content_type="application/json")
        response = getattr(client, method)(f"{prefix}{path}", **kwargs)
        response.data = json.loads(response.content) if response.content else None
        return response

    return call
