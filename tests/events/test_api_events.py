"""/api/events: the list and detail of the events the caller may see (anonymous: public events past set-up, no
participants), the operator's phase steps; a hidden event is a 404."""

from datetime import date

import pytest

from hardtech.events.services import events
from support.event_api import call


@pytest.fixture
def draft(users):
    return events.create_event(
        users["operator"], {"title": "筹备中", "venue": "大厦", "starts_on": date(2026, 12, 30)}
    )


def test_anonymous_lists_public_events(client, event, draft):
    response = call(client, "get", "")
    assert response.status_code == 200
    assert [e["id"] for e in response.data["items"]] == [event.pk]
    assert response.data["items"][0]["phase_label"] == "报名"


def test_operator_lists_all(client, users, event, draft):
    data = call(client, "get", "", users["operator"]).data
    assert {e["id"] for e in data["items"]} == {event.pk, draft.pk}
    assert [e["id"] for e in call(client, "get", "", users["operator"], phase="setup").data["items"]] == [
        draft.pk
    ]


def test_detail_for_anonymous(client, event, supply):
    response = call(client, "get", f"/{event.pk}")
    assert response.status_code == 200
    data = response.data
    assert [s["label"] for s in data["sessions"]] == ["上午", "下午"]
    assert len(data["sessions"][0]["slots"]) == 4 and data["sessions"][0]["slots"][0]["code"].startswith("S")
    assert data["participants_list"] is None and data["steps"] == [] and data["my_registration"] is None


def test_detail_for_participant_and_operator(client, users, event, supply, demand_side):
    data = call(client, "get", f"/{event.pk}", users["institution"]).data
    assert data["my_registration"] == supply.pk
    assert {p["name"] for p in data["participants_list"]} == {"西安测试大学", "秦创测试科技有限公司"}
    assert [s["name"] for s in call(client, "get", f"/{event.pk}", users["operator"]).data["steps"]] == [
        "open_booking"
    ]


def test_hidden_events_are_404(client, users, draft):
    assert call(client, "get", f"/{draft.pk}").status_code == 404
    assert call(client, "get", f"/{draft.pk}", users["enterprise"]).data == {"detail": "未找到"}
    assert call(client, "get", "/999999").status_code == 404


def test_phase_step_by_the_operator_only(client, users, event):
    response = call(client, "post", f"/{event.pk}/open_booking", users["manager"])
    assert response.status_code == 403
    response = call(client, "post", f"/{event.pk}/open_booking", users["operator"], {"note": "开始预约"})
    assert response.status_code == 200 and response.data["phase"] == "booking"
    assert call(client, "post", f"/{event.pk}/open_booking", users["operator"]).status_code == 409
