"""Anonymous API use is rate-limited per client address: every call, and the costly ones (a search with q,
matches, policy evaluation) separately and lower; callers with a token are not. Over the limit: a JSON 429
with Retry-After."""

import pytest

from hardtech.accounts.models import Role
from hardtech.matching import services


@pytest.fixture
def low_rates(settings):
    settings.HARDTECH_ANON_RATE = "5/m"
    settings.HARDTECH_ANON_COSTLY_RATE = "2/m"


def test_anonymous_calls_beyond_the_rate_get_429(api, db, low_rates):
    assert [api.get("organisations").status_code for _ in range(6)] == [200] * 5 + [429]
    response = api.get("organisations")
    assert response.status_code == 429
    assert response.data["detail"].startswith("请求过于频繁，请 ") and "API 令牌" in response.data["detail"]
    assert 0 < int(response["Retry-After"]) <= 60


def test_token_callers_are_not_limited(api, keys, low_rates):
    statuses = {api.get("organisations", keys[Role.ENTERPRISE], q="测试").status_code for _ in range(8)}
    assert statuses == {200}


def test_searches_count_against_the_lower_costly_rate(api, low_rates, achievement):
    assert [api.get("achievements", q="激光").status_code for _ in range(3)] == [200, 200, 429]
    assert api.get("achievements").status_code == 200  # browsing without q is not costly


def test_matches_and_policy_evaluation_are_costly(api, low_rates, demand, achievement):
    services.rebuild()
    body = {"year": 2025, "profile": {"kind": "enterprise"}}
    statuses = [
        api.get(f"match/demands/{demand.pk}/achievements").status_code,
        api.call("post", "policy/evaluate", body=body).status_code,
        api.get("match/search", kind="achievements", q="激光").status_code,
    ]
    assert statuses == [200, 200, 429]


def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, db, low_rates):
    # Without a proxy in front (HARDTECH_PROXY_COUNT=0) the address is the connection's, not the header's.
    statuses = [
        client.get("/api/organisations", headers={"X-Forwarded-For": f"10.0.0.{n}"}).status_code
        for n in range(6)
    ]
    assert statuses[-1] == 429


def test_the_document_says_where_429_can_happen(api):
    paths = api.get("openapi.json").data["paths"]
    assert "429" in paths["/api/achievements"]["get"]["responses"]
    assert "429" in paths["/api/policy/evaluate"]["post"]["responses"]
    assert "429" not in paths["/api/policy/batch"]["post"]["responses"]  # token only: never throttled
