"""/api/events on the day: a participant's agenda (its own published meetings), check-in by badge (operator,
idempotent, unknown badge 404), a late arrival (operator) and a cancelled day (the participant itself or the
operator) answering the meetings that changed, and a meeting marked held or missed by a side once started."""

from datetime import datetime

import pytest

from hardtech.events.choices import MeetingStatus, ParticipantType, Phase, RegistrationStatus
from hardtech.events.models import Event, Meeting
from hardtech.events.services import events
from hardtech.events.services.scheduling import publish, run_schedule
from support.event_api import call
from support.event_fixtures import TZ
from support.event_outcomes import started
from support.event_schedule import accepted, market, participant, to_phase, violations


@pytest.fixture
def published(users, event):
    """The event on its day with a published schedule (every slot still ahead)."""
    operator = users["operator"]
    event = to_phase(operator, event, Phase.SCHEDULING)
    supply, demand, _ = market(event, suppliers=3, buyers=3, max_meetings=3)
    run_schedule(operator, event)
    publish(operator, event)
    return events.move(operator, event, "start_day"), supply, demand


def test_agenda_lists_the_callers_published_meetings(client, users, published):
    event, supply, _ = published
    response = call(client, "get", f"/{event.pk}/agenda", supply[0].user)
    assert response.status_code == 200
    own = Meeting.objects.filter(event=event, request__sender=supply[0])
    assert {m["id"] for m in response.data} == set(own.values_list("pk", flat=True)) and response.data
    times = [m["slot"]["starts_at"] for m in response.data]
    assert times == sorted(times)
    assert call(client, "get", f"/{event.pk}/agenda", users["operator"]).status_code == 404  # no registration


def test_unpublished_meetings_are_not_on_the_agenda(client, users, event):
    event = to_phase(users["operator"], event, Phase.SCHEDULING)
    supply, _, _ = market(event, suppliers=1, buyers=1)
    run_schedule(users["operator"], event)
    assert call(client, "get", f"/{event.pk}/agenda", supply[0].user).data == []


def test_check_in_by_badge(client, users, published):
    event, supply, _ = published
    badge = supply[0].badge_code
    first = call(client, "post", f"/check-in/{badge}", users["operator"])
    assert first.status_code == 200 and first.data["first"] is True
    assert first.data["registration"] == supply[0].pk and first.data["checked_in_at"]
    again = call(client, "post", f"/check-in/{badge}", users["operator"])
    assert again.data["first"] is False and again.data["checked_in_at"] == first.data["checked_in_at"]
    assert call(client, "post", f"/check-in/{badge}", supply[1].user).status_code == 403
    unknown = call(client, "post", "/check-in/00000000-0000-0000-0000-000000000000", users["operator"])
    assert unknown.status_code == 404 and isinstance(unknown.data["detail"], str)
    assert call(client, "post", "/check-in/not-a-badge", users["operator"]).status_code == 404


def test_check_in_outside_the_day_is_422(client, users, event, supply):
    response = call(client, "post", f"/check-in/{supply.badge_code}", users["operator"])
    assert response.status_code == 422


def test_late_arrival_moves_the_meetings(client, users, published):
    event, supply, _ = published
    late = supply[0]
    body = {"arrives_at": datetime(2026, 12, 18, 14, 0, tzinfo=TZ).isoformat()}
    path = f"/{event.pk}/registrations/{late.pk}/late"
    assert call(client, "post", path, late.user, body).status_code == 403  # the operator registers lateness
    response = call(client, "post", path, users["operator"], body)
    assert response.status_code == 200, response.data
    changes = response.data["changes"]
    assert changes and {c["kind"] for c in changes} <= {"moved", "table", "dropped", "added", "cancelled"}
    assert all(c["text"] and c["label"] for c in changes)
    live = Meeting.objects.filter(event=event, request__sender=late, status=MeetingStatus.SCHEDULED)
    assert all(m.slot.starts_at >= datetime(2026, 12, 18, 14, 0, tzinfo=TZ) for m in live)
    assert violations(event) == []


def test_cancelled_day_by_the_participant(client, users, published):
    event, supply, demand = published
    leaving = demand[0]
    path = f"/{event.pk}/registrations/{leaving.pk}/cancel"
    assert call(client, "post", path, supply[0].user).status_code == 404  # another's registration
    assert call(client, "post", path, users["manager"]).status_code == 403
    response = call(client, "post", path, leaving.user)
    assert response.status_code == 200
    changes = response.data["changes"]
    cancelled = {c["meeting"] for c in changes if c["kind"] in ("cancelled", "dropped")}
    theirs = Meeting.objects.filter(event=event, request__receiver=leaving)
    assert cancelled == set(theirs.values_list("pk", flat=True)) and cancelled
    assert set(theirs.values_list("status", flat=True)) == {MeetingStatus.CANCELLED}
    leaving.refresh_from_db()
    assert leaving.status == RegistrationStatus.WITHDRAWN
    assert call(client, "post", path, leaving.user).status_code == 422  # already withdrawn


def test_outsider_of_a_private_event_gets_404(client, users, published):
    event, supply, _ = published
    Event.objects.filter(pk=event.pk).update(public=False)
    path = f"/{event.pk}/registrations/{supply[0].pk}/cancel"
    assert call(client, "post", path, users["expert"]).status_code == 404
    assert call(client, "get", f"/{event.pk}/agenda", users["expert"]).status_code == 404


def test_meeting_status_by_a_side_once_started(client, users, published):
    event, supply, _ = published
    meeting = Meeting.objects.filter(event=event, request__sender=supply[0]).first()
    path = f"/meetings/{meeting.pk}/status"
    assert call(client, "post", path, supply[0].user, {"status": "held"}).status_code == 422  # not begun
    started(meeting.slot)
    assert call(client, "post", path, users["manager"], {"status": "held"}).status_code == 403
    assert call(client, "post", path, supply[1].user, {"status": "held"}).status_code == 404
    assert call(client, "post", path, supply[0].user, {"status": "cancelled"}).status_code == 422
    response = call(client, "post", path, supply[0].user, {"status": "no_show"})
    assert response.status_code == 200 and response.data["status"] == "no_show"
    response = call(client, "post", path, users["operator"], {"status": "held"})
    assert response.data["status"] == "held" and response.data["status_label"] == "已举行"


def test_meeting_status_needs_the_day(client, users, event):
    event = to_phase(users["operator"], event, Phase.SCHEDULING)
    a = participant(event, "甲", ParticipantType.SUPPLY)
    b = participant(event, "乙", ParticipantType.DEMAND)
    accepted(a, b)
    run_schedule(users["operator"], event)
    Meeting.objects.filter(event=event).update(confirmed=True)  # a participant acts only on published ones
    meeting = Meeting.objects.get(event=event)
    started(meeting.slot)
    response = call(client, "post", f"/meetings/{meeting.pk}/status", a.user, {"status": "held"})
    assert response.status_code == 422
