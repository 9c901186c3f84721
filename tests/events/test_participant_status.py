"""Only an approved registration makes an organisation a participant: a pending, rejected or withdrawn
registrant does not see the participants, a non-public event or the live board, but still sees its own
registration (the 我的报名 page and the API's /registration)."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.events.choices import ParticipantType, RegistrationStatus
from hardtech.events.models import Event, Registration
from support.deal_pages import client_as
from support.event_api import call
from support.event_schedule import participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(event):
    """A registrant whose registration was rejected, next to an approved participant."""
    participant(event, "已批准机构", ParticipantType.SUPPLY)
    registration = participant(event, "被拒机构", ParticipantType.DEMAND)
    Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.REJECTED)
    return registration


@pytest.mark.parametrize("status", [RegistrationStatus.REJECTED, RegistrationStatus.WITHDRAWN])
def test_a_refused_registrant_does_not_see_the_participants(event, refused, status):
    Registration.objects.filter(pk=refused.pk).update(status=status)
    user = refused.user
    page = client_as(user).get(reverse("events:detail", args=[event.pk]))
    assert page.status_code == 200
    assert "已批准机构" not in page.content.decode()
    answer = call(client_as(user), "get", f"/{event.pk}", user)
    assert answer.status_code == 200 and answer.data["participants_list"] is None


def test_a_refused_registrant_does_not_see_the_live_board(event, refused):
    c = client_as(refused.user)
    assert c.get(reverse("events:board", args=[event.pk])).status_code == 403
    assert c.get(reverse("events:board_json", args=[event.pk])).status_code == 403


def test_a_refused_registrant_does_not_see_a_non_public_event(event, refused):
    Event.objects.filter(pk=event.pk).update(public=False)
    c = client_as(refused.user)
    assert c.get(reverse("events:detail", args=[event.pk])).status_code == 404
    assert call(c, "get", f"/{event.pk}", refused.user).status_code == 404
    assert event.pk not in [e["id"] for e in call(c, "get", "", refused.user).data["items"]]


@pytest.mark.parametrize("status", [RegistrationStatus.PENDING, RegistrationStatus.REJECTED])
def test_a_registrant_not_approved_still_sees_its_own_registration(event, refused, status):
    Registration.objects.filter(pk=refused.pk).update(status=status)
    Event.objects.filter(pk=event.pk).update(public=False)
    c = client_as(refused.user)
    assert c.get(reverse("events:mine", args=[event.pk])).status_code == 200
    answer = call(c, "get", f"/{event.pk}/registration", refused.user)
    assert answer.status_code == 200 and answer.data["id"] == refused.pk


def test_an_approved_participant_still_sees_the_participants_of_a_non_public_event(event, refused, users):
    Event.objects.filter(pk=event.pk).update(public=False)
    approved = Registration.objects.get(event=event, organisation__name="已批准机构")
    c = client_as(approved.user)
    page = c.get(reverse("events:detail", args=[event.pk]))
    assert page.status_code == 200 and "已批准机构" in page.content.decode()
    assert c.get(reverse("events:board", args=[event.pk])).status_code == 200
    assert client_as(users[Role.MANAGER]).get(reverse("events:board", args=[event.pk])).status_code == 200
