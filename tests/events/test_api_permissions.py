"""/api/events role by role (the institution's university registered and approved, the enterprise's too, the
expert's and the registrar's organisations none): anonymous callers read only the public event; the operator's
list of registrations, the managers' proposals, a participant's own registration, suggestions and requests."""

import pytest

from support.event_api import call

ROLES = ["anonymous", "operator", "manager", "institution", "enterprise", "expert", "registrar"]
READS = {
    "": [200, 200, 200, 200, 200, 200, 200],
    "/{event}": [200, 200, 200, 200, 200, 200, 200],
    "/{event}/registrations": [401, 200, 403, 403, 403, 403, 403],
    "/{event}/registration": [401, 404, 404, 200, 200, 404, 404],
    "/{event}/suggestions": [401, 404, 404, 200, 200, 404, 404],
    "/{event}/requests": [401, 404, 404, 200, 200, 404, 404],
}


@pytest.mark.parametrize("path", READS)
def test_read_matrix(client, users, event, supply, demand_side, path):
    for role, expected in zip(ROLES, READS[path], strict=True):
        user = None if role == "anonymous" else users[role]
        response = call(client, "get", path.format(event=event.pk), user)
        assert response.status_code == expected, (path, role, response.status_code)
        if expected >= 400:
            assert isinstance(response.data["detail"], str)


def test_proposal_matrix(client, users, event, supply, demand_side):
    payload = {"a": supply.pk, "b": demand_side.pk}
    for role, expected in zip(ROLES, [401, None, 201, 403, 403, 403, 403], strict=True):
        if expected is None:
            continue
        user = None if role == "anonymous" else users[role]
        assert call(client, "post", f"/{event.pk}/proposals", user, payload).status_code == expected, role


def test_writes_need_a_token(client, users, event, supply, demand_side):
    client.force_login(users["institution"])
    response = client.post(
        f"/api/events/{event.pk}/requests",
        data=f'{{"receiver": {demand_side.pk}}}',
        content_type="application/json",
    )
    assert response.status_code == 401
