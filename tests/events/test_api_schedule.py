"""/api/events schedule: the operator runs the schedule (the run's figures and each unplaced request's reason in
Chinese) and publishes it; the meetings are listed in full for the operator and the managers, a participant sees
only its own published ones. A participant cannot run or publish (403), an outsider of a private event gets 404,
outside the phases a run is a 422."""

import pytest

from hardtech.events.choices import ParticipantType, Phase
from hardtech.events.models import Event, Meeting
from hardtech.events.services.scheduling import REASONS
from support.event_api import call
from support.event_schedule import accepted, market, participant, to_phase


@pytest.fixture
def scheduling(users, event):
    event = to_phase(users["operator"], event, Phase.SCHEDULING)
    supply, demand, _ = market(event, suppliers=2, buyers=2)
    stranded = participant(event, "无场次供给方", ParticipantType.SUPPLY, sessions=[])
    accepted(stranded, demand[0])
    return event, supply, demand, stranded


def test_operator_runs_the_schedule(client, users, scheduling):
    event, *_ = scheduling
    response = call(client, "post", f"/{event.pk}/schedule", users["operator"], {"keep_confirmed": True})
    assert response.status_code == 200, response.data
    summary = response.data
    assert summary["placed"] == 4 == Meeting.objects.filter(event=event).count()
    assert summary["total"] > 0
    assert summary["bound"] is None or 0 < summary["share"] <= 100
    (left_out,) = summary["unplaced"]
    assert left_out["sender"]["name"] == "无场次供给方"
    assert left_out["label"] in REASONS.values() and left_out["message"]


def test_default_body_keeps_confirmed(client, users, scheduling):
    event, *_ = scheduling
    response = call(client, "post", f"/{event.pk}/schedule", users["operator"], {})
    assert response.status_code == 200 and response.data["placed"] == 4


def test_participant_cannot_run_or_publish(client, scheduling):
    event, supply, *_ = scheduling
    assert call(client, "post", f"/{event.pk}/schedule", supply[0].user, {}).status_code == 403
    assert call(client, "post", f"/{event.pk}/schedule/publish", supply[0].user).status_code == 403
    assert not Meeting.objects.filter(event=event).exists()


def test_outsider_of_a_private_event_gets_404(client, users, scheduling):
    event, *_ = scheduling
    Event.objects.filter(pk=event.pk).update(public=False)
    assert call(client, "post", f"/{event.pk}/schedule", users["expert"], {}).status_code == 404
    assert call(client, "get", f"/{event.pk}/meetings", users["expert"]).status_code == 404


def test_wrong_phase_is_422(client, users, event, supply, demand_side):
    response = call(client, "post", f"/{event.pk}/schedule", users["operator"], {})
    assert response.status_code == 422
    assert response.data["detail"][0]["loc"] == ["body", "payload", "phase"]


def test_writes_need_a_token(client, users, scheduling):
    event, *_ = scheduling
    client.force_login(users["operator"])
    response = client.post(f"/api/events/{event.pk}/schedule", data="{}", content_type="application/json")
    assert response.status_code == 401


def test_publish_and_who_sees_which_meetings(client, users, scheduling):
    event, supply, demand, _ = scheduling
    operator = users["operator"]
    assert call(client, "post", f"/{event.pk}/schedule/publish", operator).status_code == 422  # nothing yet
    call(client, "post", f"/{event.pk}/schedule", operator, {})
    assert call(client, "get", f"/{event.pk}/meetings", supply[0].user).data == []  # not published yet
    response = call(client, "post", f"/{event.pk}/schedule/publish", operator)
    assert response.status_code == 200 and response.data == {"confirmed": 4}
    everything = call(client, "get", f"/{event.pk}/meetings", users["manager"])
    assert everything.status_code == 200 and len(everything.data) == 4
    mine = call(client, "get", f"/{event.pk}/meetings", supply[0].user).data
    assert len(mine) == 2 and all(m["confirmed"] and m["status"] == "scheduled" for m in mine)
    assert {m["sender"]["id"] for m in mine} == {supply[0].pk}
    first = mine[0]
    assert first["slot"]["starts_at"] < first["slot"]["ends_at"] and 1 <= first["table"] <= event.tables
    assert first["sender_organisation"]["name"] == supply[0].organisation.name
    # a visible event's non-participant: no registration, no meetings
    assert call(client, "get", f"/{event.pk}/meetings", users["expert"]).status_code == 404
