"""Every answer under /api/ is JSON in the documented shape, even those given before an API view runs."""

import pytest


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/no-such-resource", 404),
        ("get", "/api/achievements/1/no-such-action", 404),
        ("put", "/api/achievements", 405),
        ("delete", "/api/tokens", 405),
    ],
)
def test_unknown_paths_and_methods_answer_json(client, db, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str)


def test_a_wrong_method_still_says_which_ones_are_allowed(client, db):
    response = client.put("/api/achievements")
    assert "GET" in response["Allow"] and "POST" in response["Allow"]
