"""Fixtures of the events tests: an event with two sessions in registration, and approved registrations of the
test university (供给方) and the test enterprise (需求方)."""

import pytest

from hardtech.events.choices import ParticipantType
from support.event_fixtures import approved, registration_open_event


@pytest.fixture
def event(users):
    return registration_open_event(users["operator"])


@pytest.fixture
def supply(event, university, users):
    return approved(event, university, users["institution"], ParticipantType.SUPPLY)


@pytest.fixture
def demand_side(event, enterprise, users):
    return approved(event, enterprise, users["enterprise"], ParticipantType.DEMAND)
