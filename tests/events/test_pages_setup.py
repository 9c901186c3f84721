"""The operator's set-up pages: create and edit an event (caps per type), add sessions (overlaps refused on the
form) and programme items, take phase steps; everyone else is refused."""

from django.urls import reverse

from hardtech.events.choices import Phase
from hardtech.events.models import Event
from support.deal_pages import client_as, shown_messages


def test_create_event(users):
    client = client_as(users["operator"])
    assert client.get(reverse("events:new")).status_code == 200
    response = client.post(
        reverse("events:new"),
        {
            "title": "2027 春季对接会",
            "venue": "创业大厦",
            "starts_on": "2027-03-18",
            "tables": "8",
            "default_max_meetings": "6",
            "public": "on",
            "cap_supply": "20",
            "cap_demand": "",
        },
    )
    event = Event.objects.get(title="2027 春季对接会")
    assert response.status_code == 302 and event.caps == {"supply": 20} and event.phase == Phase.SETUP


def test_edit_event(users, event):
    client = client_as(users["operator"])
    form = client.get(reverse("events:edit", args=[event.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "description"}
    data.update(starts_on="2026-12-18", title="2026 秋季对接会（改）", cap_demand="30", public="on")
    response = client.post(reverse("events:edit", args=[event.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    event.refresh_from_db()
    assert event.title == "2026 秋季对接会（改）" and event.caps == {"demand": 30}


def test_add_session_and_overlap(users, event):
    client = client_as(users["operator"])
    url = reverse("events:session_add", args=[event.pk])
    response = client.post(
        url, {"label": "加场", "starts_at": "2026-12-18T10:00", "slot_minutes": "30", "slot_count": "2"}
    )
    assert response.status_code == 200
    assert "与洽谈场次“上午”时间重叠" in response.content.decode()
    response = client.post(
        url, {"label": "晚场", "starts_at": "2026-12-18T19:00", "slot_minutes": "20", "slot_count": "3"}
    )
    assert response.status_code == 302 and event.sessions.get(label="晚场").slots.count() == 3


def test_add_programme_item(users, event):
    response = client_as(users["operator"]).post(
        reverse("events:programme_add", args=[event.pk]),
        {
            "kind": "roadshow",
            "title": "激光器封装成果路演",
            "starts_at": "2026-12-18T13:00",
            "ends_at": "2026-12-18T13:30",
        },
    )
    assert response.status_code == 302 and event.programme.get().title == "激光器封装成果路演"


def test_phase_step(users, event):
    response = client_as(users["operator"]).post(reverse("events:step", args=[event.pk, "open_booking"]))
    assert response.status_code == 302 and "已开放预约洽谈：2026 秋季成果转化对接会" in shown_messages(
        response
    )
    event.refresh_from_db()
    assert event.phase == Phase.BOOKING


def test_others_are_refused(users, event):
    for role in ("manager", "institution", "enterprise", "expert"):
        client = client_as(users[role])
        assert client.get(reverse("events:new")).status_code == 403
        assert client.get(reverse("events:edit", args=[event.pk])).status_code == 403
        assert client.get(reverse("events:session_add", args=[event.pk])).status_code == 403
        assert client.get(reverse("events:registrations", args=[event.pk])).status_code == 403
        client.post(reverse("events:step", args=[event.pk, "open_booking"]))
    event.refresh_from_db()
    assert event.phase == Phase.REGISTRATION
    assert client_as(None).get(reverse("events:new")).status_code == 302  # to sign-in
