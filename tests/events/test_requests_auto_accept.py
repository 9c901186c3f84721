"""Auto-accept: a receiver that chose it accepts at once, while it has fewer accepted meetings than its maximum."""

from hardtech.accounts.models import Role, User
from hardtech.events.choices import ParticipantType, RequestStatus
from hardtech.events.services import requests
from hardtech.notifications.models import Notification
from support.event_fixtures import approved


def test_auto_accepted(users, supply, demand_side):
    demand_side.auto_accept = True
    demand_side.save()
    request = requests.send_request(users["institution"], supply, demand_side)
    assert request.status == RequestStatus.ACCEPTED and request.responded_at is not None
    assert "已自动接受" in Notification.objects.get(recipient=users["enterprise"], kind="event.request").title
    # the sender sees the answer on the page; nobody is told of their own action
    assert not Notification.objects.filter(recipient=users["institution"]).exists()


def test_without_auto_accept_it_waits(users, supply, demand_side):
    assert requests.send_request(users["institution"], supply, demand_side).status == RequestStatus.SENT


def test_auto_accept_stops_at_the_maximum(users, event, supply, demand_side, other_university):
    demand_side.auto_accept = True
    demand_side.max_meetings = 1
    demand_side.save()
    assert requests.send_request(users["institution"], supply, demand_side).status == RequestStatus.ACCEPTED
    colleague = User.objects.create_user("lecturer", role=Role.INSTITUTION, organisation=other_university)
    second = approved(event, other_university, colleague, ParticipantType.SUPPLY)
    request = requests.send_request(colleague, second, demand_side)
    assert request.status == RequestStatus.SENT
