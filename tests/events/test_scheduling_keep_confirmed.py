"""Re-running the scheduler never silently drops a confirmed meeting: kept in its slot and at its table unless the
operator says otherwise (keep_confirmed=False), and then the summary names what was given up."""

import pytest

from hardtech.accounts.models import Role
from hardtech.events.choices import ParticipantType, Phase
from hardtech.events.models import Meeting
from hardtech.events.services.scheduling import publish, run_schedule
from support.event_schedule import accepted, market, participant, to_phase, violations

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(event, users):
    return to_phase(users[Role.OPERATOR], event, Phase.BOOKING)


def places(event):
    return {m.request_id: (m.slot_id, m.table) for m in Meeting.objects.filter(event=event)}


def test_confirmed_meetings_stay_where_they_are(booking, users):
    operator = users[Role.OPERATOR]
    supply, demand, _ = market(booking, suppliers=3, buyers=3, max_meetings=2)
    run_schedule(operator, booking)
    publish(operator, booking)
    before = places(booking)
    # A heavy newcomer wants the same people; the confirmed meetings must not make way for it.
    newcomer = participant(booking, "新来的企业", ParticipantType.DEMAND, max_meetings=3)
    for s in supply:
        accepted(s, newcomer, priority=5, score=0.99)
    summary = run_schedule(operator, booking)
    after = places(booking)
    assert all(after[pk] == where for pk, where in before.items())
    assert summary.kept == len(before) and summary.dropped == []
    assert violations(booking) == []
    assert Meeting.objects.filter(event=booking, confirmed=True).count() == len(before)


def test_without_keeping_confirmed_meetings_may_be_dropped(booking, users):
    operator = users[Role.OPERATOR]
    morning = booking.sessions.get(label="上午")
    a = participant(booking, "甲大学", sessions=[morning], max_meetings=1)
    b = participant(booking, "乙企业", ParticipantType.DEMAND, sessions=[morning], max_meetings=1)
    accepted(a, b, priority=1)
    run_schedule(operator, booking)
    publish(operator, booking)
    c = participant(booking, "丙企业", ParticipantType.DEMAND, sessions=[morning], max_meetings=1)
    heavier = accepted(a, c, priority=5)
    kept = run_schedule(operator, booking)
    assert [m.request.receiver for m in Meeting.objects.filter(event=booking)] == [b]
    assert [u.request for u in kept.unplaced] == [heavier] and kept.unplaced[0].reason == "max_meetings"
    dropped = run_schedule(operator, booking, keep_confirmed=False)
    assert [m.request_id for m in Meeting.objects.filter(event=booking)] == [heavier.pk]
    assert len(dropped.dropped) == 1 and "甲大学 与 乙企业" in dropped.dropped[0]


def test_a_published_meeting_that_moves_is_published_again(booking, users):
    operator = users[Role.OPERATOR]
    morning = booking.sessions.get(label="上午")
    slots = list(morning.slots.order_by("index"))
    a = participant(booking, "甲大学", sessions=[morning])
    b = participant(booking, "乙企业", ParticipantType.DEMAND, sessions=[morning])
    accepted(a, b)
    run_schedule(operator, booking)
    publish(operator, booking)
    Meeting.objects.filter(event=booking).update(slot=slots[0], table=1)
    b.arrives_at = slots[2].starts_at  # b now comes too late for the published slot
    b.save()
    run_schedule(operator, booking)  # kept: confirmed meetings stay where they are
    meeting = Meeting.objects.get(event=booking)
    assert (meeting.slot_id, meeting.table, meeting.confirmed) == (slots[0].pk, 1, True)
    run_schedule(operator, booking, keep_confirmed=False)
    meeting.refresh_from_db()
    assert meeting.slot_id in {slots[2].pk, slots[3].pk} and not meeting.confirmed
