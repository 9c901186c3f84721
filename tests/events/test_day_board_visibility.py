"""The live board: the operator and the technology managers see every live meeting of the slot, published or
not; an approved participant only the confirmed meetings of the published schedule."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.events.choices import Phase
from hardtech.events.models import Meeting
from hardtech.events.services.scheduling import run_schedule
from hardtech.events.views import day as day_views
from support.deal_pages import client_as
from support.event_schedule import market, to_phase

pytestmark = pytest.mark.django_db


def _pairs(answer) -> list[tuple[str, str]]:
    data = answer.json()
    shown = data["now"]["meetings"] + (data["next"]["meetings"] if data["next"] else [])
    return [(m["a"], m["b"]) for m in shown]


@pytest.fixture
def unpublished(event, users, monkeypatch):
    """A schedule that has been run but not published, the board's clock at its first slot."""
    op = users[Role.OPERATOR]
    ev = to_phase(op, event, Phase.SCHEDULING)
    supply, demand, _ = market(ev, suppliers=3, buyers=3, max_meetings=2)
    run_schedule(op, ev)
    first = Meeting.objects.filter(event=ev).order_by("slot__starts_at").select_related("slot").first()
    monkeypatch.setattr(day_views, "now", lambda: first.slot.starts_at)
    return ev, supply


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MANAGER])
def test_the_operator_and_the_managers_see_unpublished_meetings(unpublished, users, role):
    ev, _ = unpublished
    answer = client_as(users[role]).get(reverse("events:board_json", args=[ev.pk]))
    assert answer.status_code == 200 and _pairs(answer)
    page = client_as(users[role]).get(reverse("events:board", args=[ev.pk]))
    assert page.status_code == 200


def test_a_participant_sees_no_unpublished_meeting(unpublished):
    ev, supply = unpublished
    answer = client_as(supply[0].user).get(reverse("events:board_json", args=[ev.pk]))
    assert answer.status_code == 200 and _pairs(answer) == []


def test_a_participant_sees_the_confirmed_meetings(unpublished):
    ev, supply = unpublished
    Meeting.objects.filter(event=ev).update(confirmed=True)
    first = Meeting.objects.filter(event=ev).order_by("slot__starts_at").first()
    Meeting.objects.filter(event=ev, slot=first.slot).exclude(pk=first.pk).update(confirmed=False)
    answer = client_as(supply[0].user).get(reverse("events:board_json", args=[ev.pk]))
    now = answer.json()["now"]["meetings"]
    assert [(m["a"], m["b"]) for m in now] == [
        (first.request.sender.organisation.name, first.request.receiver.organisation.name)
    ]
