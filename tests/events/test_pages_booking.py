"""My registration: the engine's suggestions with their explanation and a send button, requests received
(accept / decline) and sent (withdraw); a manager's proposal page; nobody sees or answers another's requests."""

import pytest
from django.urls import reverse

from hardtech.events.choices import RequestStatus
from hardtech.events.models import MeetingRequest
from hardtech.events.services import requests
from hardtech.matching import services as matching
from support.deal_pages import client_as, shown_messages


@pytest.fixture
def listed(supply, demand_side, achievement, demand):
    supply.offers.set([achievement])
    demand_side.seeks.set([demand])
    matching.rebuild()
    return supply, demand_side


def test_suggestions_with_explanation_and_send(users, event, listed):
    supply, demand_side = listed
    client = client_as(users["institution"])
    page = client.get(reverse("events:mine", args=[event.pk])).content.decode()
    assert f'id="suggestion-{demand_side.pk}"' in page
    assert "您的成果《高功率半导体激光器芯片封装技术》可对接对方的需求《激光器散热模组热阻降低》" in page
    assert "匹配可信度" in page and "发出洽谈邀请" in page
    response = client.post(
        reverse("events:request_send", args=[event.pk]),
        {"receiver": demand_side.pk, "message": "期待交流", "priority": "5", "score": "100"},
    )
    assert "已向“秦创测试科技有限公司”发出洽谈邀请，等待对方回复" in shown_messages(response)
    request = MeetingRequest.objects.get()
    assert request.priority == 5 and request.message == "期待交流"
    # The weight in the schedule takes the engine's score of the pair, never one the client sends.
    assert 0 < request.score < 2 and request.weight < 7


def test_receiver_accepts_and_sender_withdraws(users, event, supply, demand_side):
    request = requests.send_request(users["institution"], supply, demand_side, "想了解散热需求")
    receiver = client_as(users["enterprise"])
    page = receiver.get(reverse("events:mine", args=[event.pk])).content.decode()
    assert "想了解散热需求" in page and "接受" in page
    response = receiver.post(reverse("events:request_respond", args=[event.pk, request.pk]), {"accept": "1"})
    assert "已接受“西安测试大学”的洽谈邀请" in shown_messages(response)
    response = client_as(users["institution"]).post(
        reverse("events:request_withdraw", args=[event.pk, request.pk])
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_sending_to_oneself_shows_the_refusal(users, event, supply):
    response = client_as(users["institution"]).post(
        reverse("events:request_send", args=[event.pk]), {"receiver": supply.pk, "priority": "3"}
    )
    assert "不能向自己发出洽谈邀请" in shown_messages(response)


def test_outsider_cannot_see_or_answer_anothers_requests(users, event, supply, demand_side, other_enterprise):
    from hardtech.accounts.models import Role, User

    request = requests.send_request(users["institution"], supply, demand_side, "私下的附言")
    outsider = User.objects.create_user("outsider", role=Role.ENTERPRISE, organisation=other_enterprise)
    client = client_as(outsider)
    response = client.get(reverse("events:mine", args=[event.pk]))
    assert response.status_code == 302  # no registration of theirs: back to the event page
    assert "私下的附言" not in client.get(response.url).content.decode()
    assert (
        client.post(
            reverse("events:request_respond", args=[event.pk, request.pk]), {"accept": "1"}
        ).status_code
        == 403
    )
    assert client.post(reverse("events:request_withdraw", args=[event.pk, request.pk])).status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.SENT
    assert client_as(None).get(reverse("events:mine", args=[event.pk])).status_code == 302  # to sign-in


def test_manager_proposes(users, event, supply, demand_side):
    client = client_as(users["manager"])
    assert client.get(reverse("events:propose", args=[event.pk])).status_code == 200
    response = client.post(
        reverse("events:propose", args=[event.pk]),
        {"a": supply.pk, "b": demand_side.pk, "message": "双方在散热上契合", "priority": "4"},
    )
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    assert request.proposed_by == users["manager"] and request.status == RequestStatus.SENT
    page = client_as(users["enterprise"]).get(reverse("events:mine", args=[event.pk])).content.decode()
    assert "技术经理人 manager 推荐" in page


def test_participants_cannot_propose(users, event, supply):
    assert client_as(users["institution"]).get(reverse("events:propose", args=[event.pk])).status_code == 403


def test_approved_participant_finds_its_agenda(users, event, supply):
    page = client_as(users["institution"]).get(reverse("events:mine", args=[event.pk])).content.decode()
    assert reverse("events:agenda", args=[event.pk]) in page
    supply.status = "pending"
    supply.save()
    page = client_as(users["institution"]).get(reverse("events:mine", args=[event.pk])).content.decode()
    assert reverse("events:agenda", args=[event.pk]) not in page
