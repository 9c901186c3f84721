"""Writing a schedule: meetings swap tables without a clash, a cancelled meeting gives up its table to a live one,
a confirmed meeting whose request was withdrawn is cancelled and said so, and on the day a re-run leaves the slots
that have started as they are."""

from datetime import datetime

import pytest

from hardtech.accounts.models import Role
from hardtech.events.choices import MeetingStatus, ParticipantType, Phase, RequestStatus
from hardtech.events.models import Meeting, Slot
from hardtech.events.services import events
from hardtech.events.services.scheduling import keep_tables, place_rows, publish, run_schedule
from support.event_fixtures import TZ
from support.event_schedule import accepted, market, participant, to_phase, violations

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(event, users):
    return to_phase(users[Role.OPERATOR], event, Phase.BOOKING)


def test_two_meetings_swap_tables(booking, users):
    market(booking, suppliers=2, buyers=2, max_meetings=2)
    run_schedule(users[Role.OPERATOR], booking)
    first = Slot.objects.filter(session__event=booking).order_by("starts_at").first()
    a, b = Meeting.objects.filter(event=booking)[:2]
    Meeting.objects.filter(pk=a.pk).update(slot=first, table=1)
    Meeting.objects.filter(pk=b.pk).update(slot=first, table=2)
    a.refresh_from_db()
    b.refresh_from_db()
    place_rows(booking, [(a, first, 2), (b, first, 1)])
    assert Meeting.objects.get(pk=a.pk).table == 2 and Meeting.objects.get(pk=b.pk).table == 1


def test_a_cancelled_meeting_gives_up_its_table(booking, users, supply, demand_side):
    request = accepted(supply, demand_side)
    other = participant(booking, "另一家企业", ParticipantType.DEMAND)
    second = accepted(supply, other)
    first = Slot.objects.filter(session__event=booking).order_by("starts_at").first()
    gone = Meeting.objects.create(
        event=booking, request=request, slot=first, table=1, status=MeetingStatus.CANCELLED
    )
    [made] = place_rows(booking, [], [(second, first, 1)])
    gone.refresh_from_db()
    assert made.table == 1 and gone.table > booking.tables and gone.status == MeetingStatus.CANCELLED


def test_a_confirmed_meeting_whose_request_was_withdrawn_is_cancelled_and_said(
    booking, users, supply, demand_side
):
    operator = users[Role.OPERATOR]
    request = accepted(supply, demand_side)
    run_schedule(operator, booking)
    publish(operator, booking)
    request.status = RequestStatus.WITHDRAWN
    request.save()
    summary = run_schedule(operator, booking)
    meeting = Meeting.objects.get(request=request)
    assert meeting.status == MeetingStatus.CANCELLED
    assert len(summary.dropped) == 1 and "撤回" in summary.dropped[0]


def test_on_the_day_a_rerun_leaves_started_slots_alone(event, users):
    operator = users[Role.OPERATOR]
    event = to_phase(operator, event, Phase.SCHEDULING)
    market(event, suppliers=3, buyers=3, max_meetings=3)
    run_schedule(operator, event)
    event = events.move(operator, event, "start_day")
    noon = datetime(2026, 12, 18, 12, 0, tzinfo=TZ)
    morning = {
        m.pk: (m.slot_id, m.table)
        for m in Meeting.objects.filter(event=event, slot__starts_at__lt=noon)  # none confirmed
    }
    assert morning  # some meetings were in the morning
    latecomer = participant(event, "新报名的企业", ParticipantType.DEMAND)
    for s in event.registrations.filter(type=ParticipantType.SUPPLY):
        accepted(s, latecomer, priority=5)
    run_schedule(operator, event, keep_confirmed=False, at=noon)
    after = {
        m.pk: (m.slot_id, m.table) for m in Meeting.objects.filter(event=event, slot__starts_at__lt=noon)
    }
    assert after == morning
    assert not Meeting.objects.filter(event=event, request__receiver=latecomer, slot__starts_at__lt=noon)
    assert violations(event) == []


def test_pinned_meetings_keep_their_tables():
    first, second = Slot(pk=1), Slot(pk=2)
    pinned = Meeting(request_id=10, slot=first, table=2)
    placed = {10: (first, 1), 11: (first, 2), 12: (second, 2)}
    keep_tables(placed, [pinned])
    assert placed == {10: (first, 2), 11: (first, 1), 12: (second, 2)}
