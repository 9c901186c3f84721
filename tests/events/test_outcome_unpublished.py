"""A participant neither sees nor acts on a meeting of an unpublished schedule: the outcomes list leaves it out
and its outcome page and the API's meeting calls answer 404; the operator still sees it."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.events.choices import Phase
from hardtech.events.models import Meeting
from hardtech.events.services.scheduling import run_schedule
from support.deal_pages import client_as
from support.event_api import call
from support.event_schedule import market, to_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(event, users):
    op = users[Role.OPERATOR]
    ev = to_phase(op, event, Phase.SCHEDULING)
    market(ev, suppliers=2, buyers=2, max_meetings=2)
    run_schedule(op, ev)
    m = (
        Meeting.objects.filter(event=ev)
        .select_related("request__sender__user", "request__receiver__organisation")
        .first()
    )
    assert not m.confirmed
    return ev, m


def test_the_outcomes_list_leaves_out_an_unpublished_meeting(draft, users):
    ev, m = draft
    other = m.request.receiver.organisation.name
    page = client_as(m.request.sender.user).get(reverse("events:outcomes", args=[ev.pk]))
    assert page.status_code == 200 and other not in page.content.decode()
    Meeting.objects.filter(pk=m.pk).update(confirmed=True)
    page = client_as(m.request.sender.user).get(reverse("events:outcomes", args=[ev.pk]))
    assert other in page.content.decode()


def test_an_unpublished_meeting_is_not_found_for_its_sides(draft, users):
    ev, m = draft
    user = m.request.sender.user
    assert client_as(user).get(reverse("events:outcome", args=[ev.pk, m.pk])).status_code == 404
    answer = call(client_as(user), "post", f"/meetings/{m.pk}/outcome", user, {"result": "follow_up"})
    assert answer.status_code == 404
    answer = call(client_as(user), "post", f"/meetings/{m.pk}/status", user, {"status": "held"})
    assert answer.status_code == 404


def test_the_operator_still_sees_an_unpublished_meeting(draft, users):
    ev, m = draft
    op = users[Role.OPERATOR]
    assert client_as(op).get(reverse("events:outcome", args=[ev.pk, m.pk])).status_code == 200


def test_the_day_actions_on_an_unpublished_meeting_are_not_found(draft):
    ev, m = draft
    c = client_as(m.request.sender.user)
    assert c.post(reverse("events:meeting_cancel", args=[ev.pk, m.pk])).status_code == 404
    answer = c.post(reverse("events:meeting_status", args=[ev.pk, m.pk]), {"status": "held"})
    assert answer.status_code == 404
