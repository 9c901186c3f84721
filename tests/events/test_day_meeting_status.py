"""A meeting is recorded held or missed by either side or the operator, once its slot has started."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.accounts.models import Role
from hardtech.events.choices import MeetingStatus, ParticipantType, Phase
from hardtech.events.models import Meeting
from hardtech.events.services import events
from hardtech.events.services.day import set_meeting_status
from hardtech.events.services.scheduling import publish, run_schedule
from support.event_fixtures import TZ
from support.event_schedule import accepted, participant, to_phase

pytestmark = pytest.mark.django_db

EVENING = datetime(2026, 12, 18, 18, 0, tzinfo=TZ)


@pytest.fixture
def meeting(event, users, supply, demand_side):
    operator = users[Role.OPERATOR]
    event = to_phase(operator, event, Phase.SCHEDULING)
    accepted(supply, demand_side)
    run_schedule(operator, event)
    publish(operator, event)  # the sides act only on the published schedule
    events.move(operator, event, "start_day")
    return Meeting.objects.get(event=event)


def test_either_side_or_the_operator(meeting, users, supply, demand_side):
    assert (
        set_meeting_status(supply.user, meeting, MeetingStatus.HELD, at=EVENING).status == MeetingStatus.HELD
    )
    assert (
        set_meeting_status(demand_side.user, meeting, MeetingStatus.NO_SHOW, at=EVENING).status == "no_show"
    )
    assert set_meeting_status(users[Role.OPERATOR], meeting, MeetingStatus.HELD, at=EVENING).status == "held"
    stranger = participant(meeting.event, "旁观的企业", ParticipantType.DEMAND)
    for user in (stranger.user, users[Role.MANAGER]):
        with pytest.raises(PermissionDenied):
            set_meeting_status(user, meeting, MeetingStatus.HELD, at=EVENING)


def test_refusals(meeting, supply):
    with pytest.raises(ValidationError) as early:
        set_meeting_status(
            supply.user, meeting, MeetingStatus.HELD, at=datetime(2026, 12, 18, 7, 0, tzinfo=TZ)
        )
    assert "尚未开始" in str(early.value)
    with pytest.raises(ValidationError):
        set_meeting_status(supply.user, meeting, MeetingStatus.CANCELLED, at=EVENING)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    with pytest.raises(ValidationError) as cancelled:
        set_meeting_status(supply.user, meeting, MeetingStatus.HELD, at=EVENING)
    assert "已取消" in str(cancelled.value)
