"""On the day a cancellation or a late arrival re-plans the rest with as few moves as possible: slots that have
started never change, only the changed meetings are written, and the people whose meetings moved are told."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.accounts.models import Role
from hardtech.audit.models import AuditEntry
from hardtech.events.choices import MeetingStatus, ParticipantType, Phase, RegistrationStatus
from hardtech.events.models import Meeting, Slot
from hardtech.events.services import day as day_services
from hardtech.events.services import events
from hardtech.events.services.scheduling import publish, run_schedule
from hardtech.notifications.models import Notification
from support.event_fixtures import TZ
from support.event_schedule import accepted, market, participant, to_phase, violations

pytestmark = pytest.mark.django_db

BEFORE = datetime(2026, 12, 18, 8, 0, tzinfo=TZ)  # before the first slot
MID_MORNING = datetime(2026, 12, 18, 10, 5, tzinfo=TZ)  # slots 09:00 and 09:30 have started, 10:00 too


def slots(event):
    return list(Slot.objects.filter(session__event=event).order_by("starts_at"))


def snapshot(event):
    return {m.pk: (m.slot_id, m.table, m.status) for m in Meeting.objects.filter(event=event)}


@pytest.fixture
def scheduled(event, users):
    """An event on its day: a schedule run and published before it started."""
    operator = users[Role.OPERATOR]
    event = to_phase(operator, event, Phase.SCHEDULING)
    market(event, suppliers=4, buyers=4, max_meetings=3)
    run_schedule(operator, event)
    publish(operator, event)
    return _day(operator, event)


def _day(operator, event):
    return events.move(operator, event, "start_day")


def test_cancelling_a_meeting_moves_nobody(scheduled, users):
    operator = users[Role.OPERATOR]
    before = snapshot(scheduled)
    meeting = Meeting.objects.filter(event=scheduled).order_by("-slot__starts_at").first()
    result = day_services.cancel(operator, meeting, at=BEFORE)
    after = snapshot(scheduled)
    assert after[meeting.pk][2] == MeetingStatus.CANCELLED
    assert result.moved == [] and result.dropped == []
    changed = {pk for pk in before if before[pk] != after[pk]}
    added = set(after) - set(before)
    assert changed == {meeting.pk}
    assert [c.kind for c in result.changes if c.kind != "added"] == ["cancelled"]
    assert {c.meeting.pk for c in result.added} == added
    assert violations(scheduled) == []


def test_a_participant_cancels_its_own_meeting_others_may_not(scheduled, users):
    meeting = Meeting.objects.filter(event=scheduled).select_related("request__sender__user").first()
    stranger = participant(scheduled, "旁观的企业", ParticipantType.DEMAND)
    with pytest.raises(PermissionDenied):
        day_services.cancel(stranger.user, meeting, at=BEFORE)
    day_services.cancel(meeting.request.sender.user, meeting, at=BEFORE)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    other = meeting.request.receiver.user
    note = Notification.objects.get(recipient=other, kind="event.agenda_change")
    assert "取消" in note.body
    assert not Notification.objects.filter(recipient=meeting.request.sender.user, kind="event.agenda_change")


def test_a_meeting_under_way_cannot_be_cancelled(scheduled, users):
    first = slots(scheduled)[0]
    meeting = Meeting.objects.filter(event=scheduled, slot=first).first()
    with pytest.raises(ValidationError) as refused:
        day_services.cancel(users[Role.OPERATOR], meeting, at=MID_MORNING)
    assert "已开始" in str(refused.value)


def test_late_arrival_moves_few_meetings_and_never_past_slots(event, users):
    operator = users[Role.OPERATOR]
    event = to_phase(operator, event, Phase.SCHEDULING)
    late = participant(event, "迟到的大学", max_meetings=3)
    buyers = [participant(event, f"企业{n}", ParticipantType.DEMAND, max_meetings=2) for n in range(3)]
    for buyer in buyers:
        accepted(late, buyer, priority=5)
    run_schedule(operator, event)
    publish(operator, event)
    event = _day(operator, event)
    day_slots = slots(event)
    # Put one of its meetings in the first slot by hand (a past slot at MID_MORNING), the others later.
    mine = list(Meeting.objects.filter(event=event).order_by("slot__starts_at"))
    assert len(mine) == 3
    Meeting.objects.filter(pk=mine[0].pk).update(slot=day_slots[0], table=1)
    Meeting.objects.filter(pk=mine[1].pk).update(slot=day_slots[4], table=1)  # 14:00
    Meeting.objects.filter(pk=mine[2].pk).update(slot=day_slots[5], table=1)  # 14:20
    before = snapshot(event)
    entries = AuditEntry.objects.count()
    result = day_services.mark_late(operator, late, datetime(2026, 12, 18, 14, 10, tzinfo=TZ), at=MID_MORNING)
    after = snapshot(event)
    assert after[mine[0].pk] == before[mine[0].pk]  # history, although before the arrival
    assert after[mine[2].pk] == before[mine[2].pk]  # still possible: stays
    moved = result.moved
    assert [c.meeting.pk for c in moved] == [mine[1].pk]
    assert Meeting.objects.get(pk=mine[1].pk).slot.starts_at >= datetime(2026, 12, 18, 14, 10, tzinfo=TZ)
    assert AuditEntry.objects.count() - entries <= 3  # the registration and the one moved meeting
    assert violations(event) == []
    for side in (late, mine[1].request.receiver):
        note = Notification.objects.get(recipient=side.user, kind="event.agenda_change")
        assert "改时" in note.body


def test_cancelling_a_participant_calls_off_its_remaining_meetings(scheduled, users, monkeypatch):
    operator = users[Role.OPERATOR]
    first = slots(scheduled)[0]
    someone = Meeting.objects.filter(event=scheduled).exclude(slot=first).first().request.sender
    theirs_before = {
        m.pk: m.slot
        for m in Meeting.objects.filter(event=scheduled, request__sender=someone).select_related("slot")
    }
    day_services.cancel(operator, someone, at=MID_MORNING)
    someone.refresh_from_db()
    assert someone.status == RegistrationStatus.WITHDRAWN
    for pk, slot in theirs_before.items():
        status = Meeting.objects.get(pk=pk).status
        if slot.starts_at < MID_MORNING:
            assert status == MeetingStatus.SCHEDULED  # past slots untouched
        else:
            assert status == MeetingStatus.CANCELLED
    assert violations(scheduled) == []


def test_only_the_operator_marks_late(scheduled, users, supply):
    with pytest.raises(PermissionDenied):
        day_services.mark_late(supply.user, supply, datetime(2026, 12, 18, 10, 0, tzinfo=TZ), at=BEFORE)
