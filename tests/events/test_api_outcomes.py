"""/api/events outcomes and the report: a side records its outcome of a started meeting (发起技术转移项目 answers
the deal opened), the operator records for a side it names; the managers may not record (403), an outsider
gets 404, before the day it is a 422. The report's figures for the operator and the managers only."""

import pytest

from hardtech.deals.models import Deal
from hardtech.events.choices import OutcomeResult, Phase
from hardtech.events.models import Event
from support.event_api import call
from support.event_outcomes import meeting, started
from support.event_schedule import to_phase


@pytest.fixture
def talk(users, event, supply, demand_side, achievement, demand):
    supply.offers.set([achievement])
    demand_side.seeks.set([demand])
    day = to_phase(users["operator"], event, Phase.DAY)
    return meeting(demand_side, supply, started(day.sessions.first().slots.first()), table=2)


def test_start_deal_answers_the_deal(client, users, talk, demand_side):
    body = {"result": OutcomeResult.START_DEAL, "note": "尽快签保密协议", "notes": "小批量验证"}
    response = call(client, "post", f"/meetings/{talk.pk}/outcome", users["enterprise"], body)
    assert response.status_code == 200, response.data
    deal = Deal.objects.get()
    assert response.data["deal"] == deal.pk and response.data["deal_code"] == deal.code
    assert response.data["registration"]["id"] == demand_side.pk and response.data["result"] == "start_deal"
    talk.refresh_from_db()
    assert talk.status == "held" and talk.notes == "小批量验证"


def test_follow_up_has_no_deal(client, users, talk):
    body = {"result": OutcomeResult.FOLLOW_UP}
    response = call(client, "post", f"/meetings/{talk.pk}/outcome", users["institution"], body)
    assert response.status_code == 200 and response.data["deal"] is None
    assert response.data["result_label"] == "继续跟进" and not Deal.objects.exists()


def test_operator_names_the_side(client, users, talk, supply):
    path = f"/meetings/{talk.pk}/outcome"
    body = {"result": OutcomeResult.NOT_RELEVANT}
    response = call(client, "post", path, users["operator"], body)
    assert response.status_code == 422 and response.data["detail"][0]["loc"][-1] == "side"
    response = call(client, "post", path, users["operator"], {**body, "side": supply.pk})
    assert response.status_code == 200 and response.data["registration"]["id"] == supply.pk


def test_refusals(client, users, talk):
    path = f"/meetings/{talk.pk}/outcome"
    body = {"result": OutcomeResult.FOLLOW_UP}
    assert call(client, "post", path, users["manager"], body).status_code == 403
    assert call(client, "post", path, users["expert"], body).status_code == 404
    assert call(client, "post", path, None, body).status_code == 401
    bad = call(client, "post", path, users["enterprise"], {"result": "great"})
    assert bad.status_code == 422
    assert call(client, "post", "/meetings/999999/outcome", users["operator"], body).status_code == 404


def test_before_the_day_is_422(client, users, event, supply, demand_side):
    event = to_phase(users["operator"], event, Phase.SCHEDULING)
    talk = meeting(demand_side, supply, started(event.sessions.first().slots.first()))
    response = call(
        client, "post", f"/meetings/{talk.pk}/outcome", users["enterprise"], {"result": "follow_up"}
    )
    assert response.status_code == 422 and response.data["detail"][0]["loc"][-1] == "phase"


def test_report_figures(client, users, talk, event):
    call(client, "post", f"/meetings/{talk.pk}/outcome", users["enterprise"], {"result": "start_deal"})
    call(client, "post", f"/meetings/{talk.pk}/outcome", users["institution"], {"result": "follow_up"})
    response = call(client, "get", f"/{event.pk}/report", users["operator"])
    assert response.status_code == 200
    figures = response.data
    assert figures["approved"] == 2 and figures["meetings"]["held"] == 1
    assert figures["outcomes"] == {"not_relevant": 0, "follow_up": 1, "start_deal": 1}
    assert figures["follow_ups"] == 1 and figures["attendance"] == 100
    (deal,) = figures["deals"]
    assert deal["id"] == Deal.objects.get().pk and deal["meeting"] == talk.pk
    assert [s["label"] for s in figures["sessions"]] == ["上午", "下午"]
    assert figures["sessions"][0]["held"] == 1 and figures["sessions"][0]["deals"] == 1
    assert call(client, "get", f"/{event.pk}/report", users["manager"]).status_code == 200


def test_report_refusals(client, users, event, supply):
    assert call(client, "get", f"/{event.pk}/report", users["institution"]).status_code == 403
    Event.objects.filter(pk=event.pk).update(public=False)
    assert call(client, "get", f"/{event.pk}/report", users["expert"]).status_code == 404
    assert call(client, "get", f"/{event.pk}/report").status_code == 401
