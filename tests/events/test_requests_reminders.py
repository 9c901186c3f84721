"""Reminders: approved participants with no request (sent or received) are reminded, by the service and by
`hardtech event_reminders EVENT_ID`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hardtech.events.services import events, requests
from hardtech.notifications.models import Notification


def test_only_idle_participants_are_reminded(users, event, supply, demand_side, other_enterprise):
    from hardtech.events.choices import ParticipantType
    from support.event_fixtures import approved

    idle = approved(event, other_enterprise, users["operator"], ParticipantType.DEMAND)
    requests.send_request(users["institution"], supply, demand_side)
    assert requests.remind_idle(event) == 1
    assert Notification.objects.filter(kind="event.reminder").get().recipient == idle.user
    assert requests.remind_idle(event) == 0  # once a day


def test_command(users, event, supply, demand_side):
    out = StringIO()
    call_command("event_reminders", str(event.pk), stdout=out)
    assert "已提醒 2 个" in out.getvalue()
    assert Notification.objects.filter(kind="event.reminder", recipient=users["enterprise"]).exists()


def test_command_refuses_outside_booking(users, event):
    events.move(users["operator"], event, "open_booking")
    events.move(users["operator"], event, "start_scheduling")
    with pytest.raises(CommandError, match="不在预约期内"):
        call_command("event_reminders", str(event.pk))
    with pytest.raises(CommandError, match="不存在"):
        call_command("event_reminders", "999999")
