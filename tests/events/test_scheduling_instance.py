"""The engine's instance of an event: approved participants with their organisation, side and availability (the
slots of the sessions they chose, less those before a late arrival), accepted requests with their weight."""

from datetime import datetime

import pytest

from hardtech.engines.schedule import parse_instance
from hardtech.events.choices import ParticipantType, RegistrationStatus, RequestStatus
from hardtech.events.models import MeetingRequest, Slot
from hardtech.events.services.scheduling import build_instance
from support.event_fixtures import TZ
from support.event_schedule import accepted, participant

pytestmark = pytest.mark.django_db


def by_id(data):
    return {p["id"]: p for p in data["participants"]}


def test_slots_tables_and_participants(event, supply, demand_side):
    data = build_instance(event)
    slots = list(Slot.objects.filter(session__event=event).order_by("starts_at"))
    assert data["tables"] == 4
    assert [s["id"] for s in data["slots"]] == [s.code for s in slots]
    assert [s["session"] for s in data["slots"]] == ["上午"] * 4 + ["下午"] * 6
    people = by_id(data)
    assert set(people) == {supply.code, demand_side.code}
    assert people[supply.code]["org"] == f"O{supply.organisation_id}"
    assert people[supply.code]["side"] == "供给方（高校院所）"
    assert people[demand_side.code]["side"] == "需求方（企业）"
    assert people[supply.code]["max_meetings"] == 4
    assert len(people[supply.code]["available"]) == 10
    parse_instance(data)  # the engine accepts it


def test_availability_follows_the_chosen_sessions(event):
    morning = event.sessions.get(label="上午")
    only_morning = participant(event, "上午来的大学", sessions=[morning])
    available = by_id(build_instance(event))[only_morning.code]["available"]
    assert available == [s.code for s in Slot.objects.filter(session=morning).order_by("starts_at")]


def test_late_arrival_removes_the_slots_before_it(event, supply):
    supply.arrives_at = datetime(2026, 12, 18, 10, 0, tzinfo=TZ)  # the morning's third slot starts at 10:00
    supply.save()
    available = by_id(build_instance(event))[supply.code]["available"]
    slots = list(Slot.objects.filter(session__event=event).order_by("starts_at"))
    assert available == [s.code for s in slots[2:]]


def test_withdrawn_and_pending_registrations_are_out(event, supply, demand_side):
    gone = participant(event, "撤回的企业", ParticipantType.DEMAND)
    gone.status = RegistrationStatus.WITHDRAWN
    gone.save()
    waiting = participant(event, "待审核的企业", ParticipantType.DEMAND)
    waiting.status = RegistrationStatus.PENDING
    waiting.save()
    accepted(supply, gone)
    accepted(supply, waiting)
    data = build_instance(event)
    assert set(by_id(data)) == {supply.code, demand_side.code}
    assert data["requests"] == []


def test_requests_are_the_accepted_ones_with_their_weight(event, supply, demand_side):
    other = participant(event, "另一家企业", ParticipantType.DEMAND)
    third = participant(event, "第三家企业", ParticipantType.DEMAND)
    request = accepted(supply, demand_side, priority=5, score=0.82)
    MeetingRequest.objects.create(event=event, sender=supply, receiver=other, status=RequestStatus.SENT)
    MeetingRequest.objects.create(event=event, sender=third, receiver=supply, status=RequestStatus.DECLINED)
    data = build_instance(event)
    assert data["requests"] == [{"a": supply.code, "b": demand_side.code, "weight": request.weight}]
    assert data["requests"][0]["weight"] == pytest.approx(5.82)


def test_two_requests_between_the_same_pair_count_once(event, supply, demand_side):
    accepted(supply, demand_side, priority=2)
    accepted(demand_side, supply, priority=4)
    data = build_instance(event)
    assert len(data["requests"]) == 1 and data["requests"][0]["weight"] == 4
    parse_instance(data)
