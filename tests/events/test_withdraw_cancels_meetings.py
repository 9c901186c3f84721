"""Withdrawing an accepted request, or a whole registration, after the schedule is published calls off the
linked meeting in the same transaction: it is cancelled (its table kept), leaves both sides' agendas as
cancelled, and both sides are told the meeting is off (the one who acted excepted: notify never tells the
actor)."""

import pytest

from hardtech.accounts.models import Role
from hardtech.events.choices import MeetingStatus, Phase
from hardtech.events.models import Meeting
from hardtech.events.services import registrations as registration_services
from hardtech.events.services import requests as request_services
from hardtech.events.services.day import EVENT_AGENDA_CHANGE
from hardtech.events.services.scheduling import publish, run_schedule
from hardtech.notifications.models import Notification
from support.deal_pages import client_as
from support.event_api import call
from support.event_schedule import market, to_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(event, users):
    op = users[Role.OPERATOR]
    ev = to_phase(op, event, Phase.BOOKING)
    market(ev, suppliers=2, buyers=2, max_meetings=2)
    run_schedule(op, ev)
    publish(op, ev)
    Notification.objects.all().delete()
    return ev


def _meeting(ev, **where):
    return (
        Meeting.objects.filter(event=ev, confirmed=True, status=MeetingStatus.SCHEDULED, **where)
        .select_related("request__sender__user", "request__receiver__user")
        .first()
    )


def _told_off(m) -> set:
    return set(
        Notification.objects.filter(kind=EVENT_AGENDA_CHANGE.code, title__contains="洽谈已取消").values_list(
            "recipient", flat=True
        )
    ) & {m.request.sender.user.pk, m.request.receiver.user.pk}


def test_withdrawing_an_accepted_request_cancels_its_meeting(published):
    m = _meeting(published)
    table = m.table
    request_services.withdraw(m.request.sender.user, m.request)
    m.refresh_from_db()
    assert m.status == MeetingStatus.CANCELLED and m.table == table
    assert _told_off(m) == {m.request.receiver.user.pk}
    receiver = m.request.receiver.user
    agenda = call(client_as(receiver), "get", f"/{published.pk}/agenda", receiver).data
    assert [x["status"] for x in agenda if x["id"] == m.pk] == [MeetingStatus.CANCELLED]


def test_the_operator_withdrawing_a_request_tells_both_sides(published, users):
    m = _meeting(published)
    request_services.withdraw(users[Role.OPERATOR], m.request)
    m.refresh_from_db()
    assert m.status == MeetingStatus.CANCELLED
    assert _told_off(m) == {m.request.sender.user.pk, m.request.receiver.user.pk}


def test_withdrawing_a_registration_cancels_its_meetings(published):
    m = _meeting(published)
    leaving = m.request.receiver
    theirs = list(
        Meeting.objects.filter(request__receiver=leaving) | Meeting.objects.filter(request__sender=leaving)
    )
    registration_services.withdraw(leaving.user, leaving)
    assert {x.status for x in Meeting.objects.filter(pk__in=[x.pk for x in theirs])} == {
        MeetingStatus.CANCELLED
    }
    assert _told_off(m) == {m.request.sender.user.pk}
    others = Meeting.objects.filter(event=published).exclude(pk__in=[x.pk for x in theirs])
    assert {x.status for x in others} == {MeetingStatus.SCHEDULED}


def test_an_unpublished_meeting_is_cancelled_without_telling_anyone(event, users):
    op = users[Role.OPERATOR]
    ev = to_phase(op, event, Phase.BOOKING)
    market(ev, suppliers=2, buyers=2, max_meetings=2)
    run_schedule(op, ev)
    Notification.objects.all().delete()
    m = Meeting.objects.filter(event=ev).select_related("request__sender__user").first()
    request_services.withdraw(m.request.sender.user, m.request)
    m.refresh_from_db()
    assert m.status == MeetingStatus.CANCELLED
    assert not Notification.objects.filter(kind=EVENT_AGENDA_CHANGE.code).exists()
