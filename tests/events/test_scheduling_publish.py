"""Publishing the schedule confirms the meetings and tells both sides their agenda."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.accounts.models import Role
from hardtech.events.choices import ParticipantType, Phase
from hardtech.events.models import Meeting
from hardtech.events.services.scheduling import publish, run_schedule
from hardtech.notifications.models import Notification
from support.event_schedule import accepted, participant, to_phase

pytestmark = pytest.mark.django_db


def test_publish_confirms_and_notifies_both_sides(event, users, supply, demand_side):
    operator = users[Role.OPERATOR]
    event = to_phase(operator, event, Phase.SCHEDULING)
    morning = event.sessions.get(label="上午")
    afternoon = event.sessions.get(label="下午")
    accepted(supply, demand_side)
    early = participant(event, "上午来的大学", sessions=[morning])
    late = participant(event, "下午来的企业", ParticipantType.DEMAND, sessions=[afternoon])
    accepted(early, late)
    with pytest.raises(ValidationError):
        publish(operator, event)  # nothing scheduled yet
    run_schedule(operator, event)
    with pytest.raises(PermissionDenied):
        publish(supply.user, event)
    assert publish(operator, event) == 1
    assert Meeting.objects.get(event=event).confirmed
    for user in (supply.user, demand_side.user):
        note = Notification.objects.get(recipient=user, kind="event.agenda")
        assert "共有 1 场洽谈" in note.title and "号桌" in note.body
        assert note.url == f"/events/{event.pk}/agenda/"
    for user in (early.user, late.user):
        assert "未能排入" in Notification.objects.get(recipient=user, kind="event.agenda").title
    assert publish(operator, event) == 0  # nothing new to confirm
