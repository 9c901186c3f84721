"""A technology manager proposes a meeting for two participants: a request with proposed_by set, both sides
told, the receiver accepts; participants and other roles may not propose."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.events.choices import RequestStatus
from hardtech.events.services import requests
from hardtech.notifications.models import Notification


def test_manager_proposes_and_receiver_accepts(users, supply, demand_side):
    manager = users["manager"]
    request = requests.propose(manager, supply, demand_side, "双方在激光器散热上契合")
    assert request.status == RequestStatus.SENT and request.proposed_by == manager
    for side in ("institution", "enterprise"):
        note = Notification.objects.get(recipient=users[side], kind="event.request")
        assert "推荐您与" in note.title
    requests.respond(users["enterprise"], request, True)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert Notification.objects.filter(recipient=manager, kind="event.request_answer").exists()


def test_proposal_to_an_auto_accepting_side_is_accepted(users, supply, demand_side):
    demand_side.auto_accept = True
    demand_side.save()
    assert requests.propose(users["manager"], supply, demand_side).status == RequestStatus.ACCEPTED


def test_only_managers_and_the_operator_propose(users, supply, demand_side):
    for role in ("institution", "enterprise", "expert"):
        with pytest.raises(PermissionDenied):
            requests.propose(users[role], supply, demand_side)
    assert requests.propose(users["operator"], supply, demand_side).proposed_by == users["operator"]


def test_proposal_needs_two_participants(users, supply):
    with pytest.raises(ValidationError) as exc:
        requests.propose(users["manager"], supply, supply)
    assert exc.value.message_dict["b"] == ["请选择两个不同的参会方"]


def test_no_proposal_over_an_existing_request(users, supply, demand_side):
    requests.send_request(users["institution"], supply, demand_side)
    with pytest.raises(ValidationError):
        requests.propose(users["manager"], supply, demand_side)
