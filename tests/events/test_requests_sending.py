"""Sending, answering and withdrawing meeting requests: refused to oneself and to one's own organisation, both
sides approved, booking open; the receiver accepts or declines, the sender withdraws; each side told."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.accounts import grants
from hardtech.accounts.scopes import ORGANISATION_MEMBER
from hardtech.core.workflow import WrongState
from hardtech.events.choices import ParticipantType, RegistrationStatus, RequestStatus
from hardtech.events.services import events, requests
from hardtech.notifications.models import Notification
from support.event_fixtures import approved


def test_send_and_accept(users, supply, demand_side):
    request = requests.send_request(users["institution"], supply, demand_side, "想了解散热需求", 4)
    assert request.status == RequestStatus.SENT and request.priority == 4
    note = Notification.objects.get(recipient=users["enterprise"], kind="event.request")
    assert "西安测试大学" in note.title
    requests.respond(users["enterprise"], request, True)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.responded_at
    assert Notification.objects.filter(recipient=users["institution"], kind="event.request_answer").exists()


def test_request_to_oneself_is_refused(users, supply):
    with pytest.raises(ValidationError) as exc:
        requests.send_request(users["institution"], supply, supply)
    assert exc.value.message_dict["receiver"] == ["不能向自己发出洽谈邀请"]


def test_request_to_ones_own_organisation_is_refused(users, event, supply, other_university):
    # the institution's user is also a member of 长安测试学院, which registered on its own
    grants.grant(users["institution"], ORGANISATION_MEMBER, other_university, by=users["operator"])
    colleague = approved(event, other_university, users["operator"], ParticipantType.SUPPLY)
    with pytest.raises(ValidationError) as exc:
        requests.send_request(users["institution"], supply, colleague)
    assert exc.value.message_dict["receiver"] == ["不能向本机构发出洽谈邀请"]


def test_only_for_ones_own_registration(users, supply, demand_side):
    with pytest.raises(PermissionDenied):
        requests.send_request(users["enterprise"], supply, demand_side)
    with pytest.raises(PermissionDenied):
        requests.send_request(users["manager"], supply, demand_side)


def test_both_sides_approved(users, supply, demand_side):
    demand_side.status = RegistrationStatus.PENDING
    demand_side.save()
    with pytest.raises(ValidationError) as exc:
        requests.send_request(users["institution"], supply, demand_side)
    assert exc.value.message_dict["receiver"] == ["对方的报名尚未通过审核，不能预约"]


def test_booking_must_be_open(users, event, supply, demand_side):
    events.move(users["operator"], event, "open_booking")
    events.move(users["operator"], event, "start_scheduling")
    supply.event.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        requests.send_request(users["institution"], supply, demand_side)
    assert exc.value.message_dict["phase"] == ["活动当前为“排程”阶段，预约洽谈已截止"]


def test_no_second_request_between_the_same_pair(users, supply, demand_side):
    requests.send_request(users["institution"], supply, demand_side)
    with pytest.raises(ValidationError) as exc:
        requests.send_request(users["institution"], supply, demand_side)
    assert "已向“秦创测试科技有限公司”发出过洽谈邀请" in exc.value.message_dict["receiver"][0]
    with pytest.raises(ValidationError) as exc:
        requests.send_request(users["enterprise"], demand_side, supply)
    assert exc.value.message_dict["receiver"] == ["对方已向您发出洽谈邀请，请在“收到的邀请”中回复"]


def test_decline_and_withdraw(users, supply, demand_side):
    request = requests.send_request(users["institution"], supply, demand_side)
    requests.respond(users["enterprise"], request, False)
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    with pytest.raises(WrongState):
        requests.respond(users["enterprise"], request, True)
    with pytest.raises(WrongState):
        requests.withdraw(users["institution"], request)


def test_withdrawn_request_can_be_sent_again(users, supply, demand_side):
    request = requests.send_request(users["institution"], supply, demand_side)
    requests.withdraw(users["institution"], request)
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    again = requests.send_request(users["institution"], supply, demand_side, "再次邀请")
    assert again.pk == request.pk and again.status == RequestStatus.SENT


def test_only_the_receiver_answers_and_the_sender_withdraws(users, supply, demand_side):
    request = requests.send_request(users["institution"], supply, demand_side)
    for user in (users["institution"], users["manager"], users["expert"]):
        with pytest.raises(PermissionDenied):
            requests.respond(user, request, True)
    for user in (users["enterprise"], users["manager"]):
        with pytest.raises(PermissionDenied):
            requests.withdraw(user, request)


def test_withdrawing_a_registration_ends_its_requests(users, supply, demand_side):
    from hardtech.events.services import registrations

    request = requests.send_request(users["institution"], supply, demand_side)
    registrations.withdraw(users["enterprise"], demand_side)
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
