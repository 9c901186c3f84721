"""Fixtures of the events tests: an event with two sessions in registration, and approved registrations of the
test university (供给方) and the test enterprise (需求方)."""

from datetime import date, datetime

import pytest

from hardtech.events.choices import ParticipantType
from hardtech.events.services import events
from support.event_fixtures import TZ, approved


@pytest.fixture
def event(users):
    operator = users["operator"]
    item = events.create_event(
        operator,
        {
            "title": "2026 秋季成果转化对接会",
            "venue": "高新区创业大厦",
            "starts_on": date(2026, 12, 18),
            "tables": 4,
        },
    )
    events.add_session(operator, item, "上午", datetime(2026, 12, 18, 9, 0, tzinfo=TZ), 30, 4)
    events.add_session(operator, item, "下午", datetime(2026, 12, 18, 14, 0, tzinfo=TZ), 20, 6)
    return events.move(operator, item, "open_registration")


@pytest.fixture
def supply(event, university, users):
    return approved(event, university, users["institution"], ParticipantType.SUPPLY)


@pytest.fixture
def demand_side(event, enterprise, users):
    return approved(event, enterprise, users["enterprise"], ParticipantType.DEMAND)
