"""/api/events registration: register the caller's organisation (refusals as 403/422 with Chinese messages),
read and change one's registration, withdraw; the operator's list with caps, and review within the cap."""

from datetime import date, datetime

from hardtech.events.choices import RegistrationStatus
from hardtech.events.models import Registration
from hardtech.events.services import events
from support.event_api import call
from support.event_fixtures import TZ


def body(event, organisation, **overrides):
    data = {
        "organisation": organisation.pk,
        "type": "demand",
        "sessions": [s.pk for s in event.sessions.all()],
        "max_meetings": 4,
        "contact_name": "李经理",
        "contact_phone": "13800000000",
    }
    data.update(overrides)
    return data


def test_register(client, users, event, enterprise, demand):
    response = call(
        client,
        "post",
        f"/{event.pk}/registrations",
        users["enterprise"],
        body(event, enterprise, seeks=[demand.pk]),
    )
    assert response.status_code == 201
    assert response.data["status"] == "pending" and response.data["seeks"] == [
        {"id": demand.pk, "name": demand.title}
    ]
    mine = call(client, "get", f"/{event.pk}/registration", users["enterprise"])
    assert mine.status_code == 200 and mine.data["id"] == response.data["id"]


def test_availability_outside_the_sessions_is_422(client, users, event, enterprise):
    other = events.create_event(
        users["operator"], {"title": "另一场", "venue": "x", "starts_on": date(2027, 1, 5)}
    )
    foreign = events.add_session(users["operator"], other, "全天", datetime(2027, 1, 5, 9, tzinfo=TZ), 30, 2)
    response = call(
        client,
        "post",
        f"/{event.pk}/registrations",
        users["enterprise"],
        body(event, enterprise, sessions=[foreign.pk]),
    )
    assert response.status_code == 422
    assert response.data["detail"] == [
        {
            "loc": ["body", "payload", "sessions"],
            "msg": "可参加时间须为本活动的洽谈场次，“全天”不是本活动的场次",
            "type": "invalid",
        }
    ]


def test_register_refusals(client, users, event, enterprise, university):
    assert (
        call(
            client, "post", f"/{event.pk}/registrations", users["enterprise"], body(event, university)
        ).status_code
        == 403
    )
    assert (
        call(client, "post", f"/{event.pk}/registrations", None, body(event, enterprise)).status_code == 401
    )
    response = call(
        client,
        "post",
        f"/{event.pk}/registrations",
        users["enterprise"],
        body(event, enterprise, max_meetings=20),
    )
    assert response.status_code == 422 and "总轮数（10 轮）" in response.data["detail"][0]["msg"]
    response = call(
        client,
        "post",
        f"/{event.pk}/registrations",
        users["enterprise"],
        body(event, enterprise, sessions=[99999]),
    )
    assert response.status_code == 422 and "不存在" in response.data["detail"][0]["msg"]


def test_patch_and_withdraw(client, users, event, supply):
    response = call(
        client,
        "patch",
        f"/{event.pk}/registration",
        users["institution"],
        {"auto_accept": True, "max_meetings": 2},
    )
    assert response.status_code == 200 and response.data["auto_accept"] and response.data["max_meetings"] == 2
    response = call(client, "post", f"/{event.pk}/registration/withdraw", users["institution"])
    assert response.data["status"] == "withdrawn"


def test_no_registration_is_404(client, users, event):
    response = call(client, "get", f"/{event.pk}/registration", users["enterprise"])
    assert response.status_code == 404 and response.data == {"detail": "您所在的机构尚未报名本活动"}


def test_operator_lists_and_reviews_within_the_cap(client, users, event, supply, enterprise):
    events.update_event(users["operator"], event, {"caps": {"demand": 0}})
    call(client, "post", f"/{event.pk}/registrations", users["enterprise"], body(event, enterprise))
    pending = Registration.objects.get(organisation=enterprise)
    assert call(client, "get", f"/{event.pk}/registrations", users["manager"]).status_code == 403
    data = call(client, "get", f"/{event.pk}/registrations", users["operator"], status="pending").data
    assert [r["id"] for r in data["items"]] == [pending.pk]
    assert next(c for c in data["caps"] if c["type"] == "demand")["cap"] == 0
    response = call(
        client, "post", f"/registrations/{pending.pk}/review", users["operator"], {"approve": True}
    )
    assert response.status_code == 422
    assert response.data["detail"][0]["msg"] == "“需求方（企业）”名额已满（上限 0 家），不能再通过"
    assert (
        call(
            client, "post", f"/registrations/{pending.pk}/review", users["manager"], {"approve": True}
        ).status_code
        == 403
    )
    assert (
        call(
            client, "post", f"/registrations/{pending.pk}/review", users["expert"], {"approve": True}
        ).status_code
        == 404
    )
    response = call(
        client,
        "post",
        f"/registrations/{pending.pk}/review",
        users["operator"],
        {"approve": False, "note": "名额已满"},
    )
    assert response.status_code == 200 and response.data["status"] == RegistrationStatus.REJECTED
