"""Setting up an event: sessions cut into slots, overlaps refused, phases in order."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.events.choices import Phase
from hardtech.events.services import events
from support.event_fixtures import TZ


def test_sessions_are_cut_into_slots(event):
    morning, afternoon = event.sessions.all()
    assert [s.starts_at.astimezone(TZ).strftime("%H:%M") for s in morning.slots.all()] == [
        "09:00",
        "09:30",
        "10:00",
        "10:30",
    ]
    assert afternoon.slots.count() == 6
    assert event.phase == Phase.REGISTRATION


def test_overlapping_session_is_refused(event, users):
    with pytest.raises(ValidationError) as exc:
        events.add_session(users["operator"], event, "加场", datetime(2026, 12, 18, 10, 0, tzinfo=TZ), 30, 2)
    assert "重叠" in str(exc.value)


def test_only_the_operator_sets_up(users):
    with pytest.raises(PermissionDenied):
        events.create_event(users["manager"], {"title": "x", "venue": "y", "starts_on": "2026-12-18"})


def test_registration_needs_a_session(users):
    item = events.create_event(
        users["operator"], {"title": "路演", "venue": "大厦", "starts_on": datetime(2026, 12, 1).date()}
    )
    with pytest.raises(ValidationError):
        events.move(users["operator"], item, "open_registration")
