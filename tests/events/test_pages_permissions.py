"""Who may open which event page (GET), role by role, with the institution's university registered and approved
and the enterprise not registered: anonymous visitors see only the list and the public event page; set-up and
review are the operator's; proposals the managers' and the operator's; my registration only a participant's."""

import pytest
from django.urls import reverse

from support.deal_pages import client_as

LOGIN = "login"
OK, FORBIDDEN, TO_EVENT = 200, 403, "event"
ROLES = ["anonymous", "operator", "manager", "institution", "enterprise", "expert", "registrar"]
# page → expected per role, in ROLES order
MATRIX = {
    "list": [OK, OK, OK, OK, OK, OK, OK],
    "detail": [OK, OK, OK, OK, OK, OK, OK],
    "new": [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "edit": [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "session_add": [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "programme_add": [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "registrations": [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "register": [LOGIN, FORBIDDEN, FORBIDDEN, "mine", OK, FORBIDDEN, FORBIDDEN],
    "mine": [LOGIN, TO_EVENT, TO_EVENT, OK, TO_EVENT, TO_EVENT, TO_EVENT],
    "propose": [LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
}


@pytest.mark.parametrize("page", MATRIX)
def test_page_matrix(users, event, supply, page):
    url = reverse(f"events:{page}") if page in ("list", "new") else reverse(f"events:{page}", args=[event.pk])
    for role, expected in zip(ROLES, MATRIX[page], strict=True):
        response = client_as(None if role == "anonymous" else users[role]).get(url)
        if expected == LOGIN:
            assert response.status_code == 302 and response.url.startswith(reverse("login")), (page, role)
        elif expected == TO_EVENT:
            assert response.status_code == 302 and response.url == reverse("events:detail", args=[event.pk])
        elif expected == "mine":
            assert response.status_code == 302 and response.url == reverse("events:mine", args=[event.pk])
        else:
            assert response.status_code == expected, (page, role, response.status_code)


def test_posts_of_others_are_refused(users, event, supply, demand_side):
    from hardtech.events.services import requests

    request = requests.send_request(users["institution"], supply, demand_side)
    posts = [
        reverse("events:step", args=[event.pk, "open_booking"]),
        reverse("events:review", args=[event.pk, supply.pk]),
        reverse("events:remind", args=[event.pk]),
    ]
    for role in ("manager", "enterprise", "expert"):
        client = client_as(users[role])
        for url in posts:
            assert client.post(url, {"decision": "approve"}).status_code in (302, 403)
    assert client_as(users["expert"]).post(reverse("events:remind", args=[event.pk])).status_code == 403
    assert (
        client_as(users["manager"]).post(reverse("events:review", args=[event.pk, supply.pk])).status_code
        == 403
    )
    anonymous = client_as(None)
    for url in [*posts, reverse("events:request_respond", args=[event.pk, request.pk])]:
        response = anonymous.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    event.refresh_from_db()
    assert event.phase == "registration"
