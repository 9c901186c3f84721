"""/api/events requests: suggestions with explanations, sending (refused to oneself and to one's own
organisation), auto-accept, responding and withdrawing (409 once answered), a manager's proposal, reminders; an
outsider never sees another's requests."""

import pytest

from hardtech.accounts import grants
from hardtech.accounts.models import Role, User
from hardtech.accounts.scopes import ORGANISATION_MEMBER
from hardtech.events.choices import ParticipantType
from hardtech.events.services import requests
from hardtech.matching import services as matching
from support.event_api import call
from support.event_fixtures import approved


@pytest.fixture
def listed(supply, demand_side, achievement, demand):
    supply.offers.set([achievement])
    demand_side.seeks.set([demand])
    matching.rebuild()
    return supply, demand_side


def test_suggestions_with_explanation(client, users, event, listed):
    supply, demand_side = listed
    response = call(client, "get", f"/{event.pk}/suggestions", users["institution"])
    assert response.status_code == 200
    (only,) = response.data
    assert only["registration"] == demand_side.pk and only["basis"] == "listings"
    assert (
        only["explanation"]
        and only["confidence"] in ("高", "中", "低")
        and only["organisation"]["name"] == "秦创测试科技有限公司"
    )


def test_suggestions_need_an_approved_registration(client, users, event, supply):
    supply.status = "pending"
    supply.save()
    assert call(client, "get", f"/{event.pk}/suggestions", users["institution"]).status_code == 403
    assert call(client, "get", f"/{event.pk}/suggestions", users["enterprise"]).status_code == 404


def test_send_respond_withdraw(client, users, event, supply, demand_side):
    response = call(
        client,
        "post",
        f"/{event.pk}/requests",
        users["institution"],
        {"receiver": demand_side.pk, "priority": 5, "message": "您好"},
    )
    assert response.status_code == 201 and response.data["status"] == "sent"
    request_id = response.data["id"]
    received = call(client, "get", f"/{event.pk}/requests", users["enterprise"]).data["received"]
    assert [r["id"] for r in received] == [request_id]
    assert (
        call(
            client, "post", f"/requests/{request_id}/respond", users["institution"], {"accept": True}
        ).status_code
        == 403
    )
    response = call(client, "post", f"/requests/{request_id}/respond", users["enterprise"], {"accept": True})
    assert response.status_code == 200 and response.data["status"] == "accepted"
    assert (
        call(
            client, "post", f"/requests/{request_id}/respond", users["enterprise"], {"accept": False}
        ).status_code
        == 409
    )
    response = call(client, "post", f"/requests/{request_id}/withdraw", users["institution"])
    assert response.data["status"] == "withdrawn"
    assert call(client, "post", f"/requests/{request_id}/withdraw", users["institution"]).status_code == 409


def test_request_to_oneself_or_own_organisation_is_422(client, users, event, supply, other_university):
    response = call(client, "post", f"/{event.pk}/requests", users["institution"], {"receiver": supply.pk})
    assert response.status_code == 422
    assert response.data["detail"] == [
        {"loc": ["body", "payload", "receiver"], "msg": "不能向自己发出洽谈邀请", "type": "invalid"}
    ]
    grants.grant(users["institution"], ORGANISATION_MEMBER, other_university, by=users["operator"])
    colleague = approved(event, other_university, users["operator"], ParticipantType.SUPPLY)
    response = call(client, "post", f"/{event.pk}/requests", users["institution"], {"receiver": colleague.pk})
    assert response.status_code == 422 and response.data["detail"][0]["msg"] == "不能向本机构发出洽谈邀请"


def test_auto_accept(client, users, event, supply, demand_side):
    demand_side.auto_accept = True
    demand_side.save()
    response = call(
        client, "post", f"/{event.pk}/requests", users["institution"], {"receiver": demand_side.pk}
    )
    assert response.data["status"] == "accepted"


def test_manager_proposes(client, users, event, supply, demand_side):
    payload = {"a": supply.pk, "b": demand_side.pk, "message": "建议洽谈"}
    assert call(client, "post", f"/{event.pk}/proposals", users["institution"], payload).status_code == 403
    response = call(client, "post", f"/{event.pk}/proposals", users["manager"], payload)
    assert response.status_code == 201 and response.data["proposed_by"]["name"] == "manager"
    assert response.data["sender"]["id"] == supply.pk and response.data["status"] == "sent"


def test_outsider_never_sees_anothers_requests(client, users, event, supply, demand_side, other_enterprise):
    sent = requests.send_request(users["institution"], supply, demand_side, "私下的附言")
    outsider = User.objects.create_user("outsider", role=Role.ENTERPRISE, organisation=other_enterprise)
    assert call(client, "get", f"/{event.pk}/requests", outsider).status_code == 404
    assert call(client, "post", f"/requests/{sent.pk}/respond", outsider, {"accept": True}).status_code == 404
    assert call(client, "post", f"/requests/{sent.pk}/withdraw", outsider).status_code == 404
    assert call(client, "get", f"/{event.pk}/requests").status_code == 401


def test_operator_reminds(client, users, event, supply, demand_side):
    assert call(client, "post", f"/{event.pk}/remind", users["manager"]).status_code == 403
    assert call(client, "post", f"/{event.pk}/remind", users["operator"]).data == {"reminded": 2}
