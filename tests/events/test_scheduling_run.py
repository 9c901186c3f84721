"""Running the scheduler writes valid meetings: nobody twice in a slot, at most the tables per slot, every maximum
kept, one meeting per table and slot; the summary gives the weight, the bound and each unplaced request's reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.accounts.models import Role
from hardtech.events.choices import ParticipantType, Phase
from hardtech.events.models import Event, Meeting
from hardtech.events.services.scheduling import run_schedule
from support.event_schedule import accepted, market, participant, to_phase, violations

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(event, users):
    return to_phase(users[Role.OPERATOR], event, Phase.BOOKING)


def test_writes_a_valid_schedule(booking, users):
    supply, demand, requests = market(booking, suppliers=5, buyers=5, max_meetings=3)
    summary = run_schedule(users[Role.OPERATOR], booking)
    meetings = Meeting.objects.filter(event=booking)
    assert summary.placed == meetings.count() == 15  # every participant sits its maximum of 3
    assert violations(booking) == []
    assert summary.bound is not None and summary.total == pytest.approx(summary.bound)
    assert not any(m.confirmed for m in meetings)
    assert len(summary.unplaced) == len(requests) - 15
    assert {u.reason for u in summary.unplaced} == {"max_meetings"}


def test_tables_per_slot_are_respected(event, users):
    Event.objects.filter(pk=event.pk).update(tables=1)
    event.refresh_from_db()
    morning = event.sessions.get(label="上午")
    a = participant(event, "甲大学", sessions=[morning])
    b = participant(event, "乙大学", sessions=[morning])
    buyers = [participant(event, f"企业{n}", ParticipantType.DEMAND, sessions=[morning]) for n in range(5)]
    for x in (a, b):
        for y in buyers:
            accepted(x, y)
    event = to_phase(users[Role.OPERATOR], event, Phase.SCHEDULING)
    summary = run_schedule(users[Role.OPERATOR], event)
    assert summary.placed == 4  # one table × four morning slots
    assert violations(event) == []
    assert set(Meeting.objects.filter(event=event).values_list("table", flat=True)) == {1}


def test_unplaced_reasons_are_in_chinese_with_names(booking, users):
    morning = booking.sessions.get(label="上午")
    afternoon = booking.sessions.get(label="下午")
    early = participant(booking, "只来上午的大学", sessions=[morning])
    late = participant(booking, "只来下午的企业", ParticipantType.DEMAND, sessions=[afternoon])
    accepted(early, late)
    summary = run_schedule(users[Role.OPERATOR], booking)
    assert summary.placed == 0
    [unplaced] = summary.unplaced
    assert unplaced.reason == "no_common_slot" and unplaced.label == "双方没有共同的可用时段"
    assert "只来上午的大学" in unplaced.message and "只来下午的企业" in unplaced.message
    assert "P" + str(early.pk) not in unplaced.message
    shown = summary.as_dict()["unplaced"][0]
    assert shown["sender"] == "只来上午的大学" and shown["label"] == "双方没有共同的可用时段"


def test_a_participant_stays_at_its_table(booking, users):
    star = participant(booking, "明星高校", max_meetings=6)
    buyers = [participant(booking, f"企业{n}", ParticipantType.DEMAND) for n in range(6)]
    for buyer in buyers:
        accepted(star, buyer)
    run_schedule(users[Role.OPERATOR], booking)
    tables = set(Meeting.objects.filter(event=booking).values_list("table", flat=True))
    assert len(tables) == 1


def test_rerun_replaces_unconfirmed_meetings_without_duplicates(booking, users):
    market(booking, suppliers=3, buyers=3)
    run_schedule(users[Role.OPERATOR], booking)
    first = Meeting.objects.filter(event=booking).count()
    run_schedule(users[Role.OPERATOR], booking)
    assert Meeting.objects.filter(event=booking).count() == first
    assert violations(booking) == []


def test_refusals(event, users, supply):
    operator = users[Role.OPERATOR]
    with pytest.raises(ValidationError) as wrong_phase:
        run_schedule(operator, event)  # still in registration
    assert "阶段" in str(wrong_phase.value)
    booking = to_phase(operator, event, Phase.BOOKING)
    with pytest.raises(PermissionDenied):
        run_schedule(users[Role.MANAGER], booking)
    with pytest.raises(PermissionDenied):
        run_schedule(supply.user, booking)
    Event.objects.filter(pk=booking.pk).update(tables=0)
    with pytest.raises(ValidationError) as no_tables:
        run_schedule(operator, booking)
    assert "桌数为 0" in str(no_tables.value)
    Event.objects.filter(pk=booking.pk).update(tables=4)
    for session in booking.sessions.all():
        session.slots.all().delete()
    with pytest.raises(ValidationError) as no_slots:
        run_schedule(operator, booking)
    assert "洽谈时段" in str(no_slots.value)
