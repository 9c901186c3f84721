"""`hardtech demo` fills the inbox and one conversation through the services, once: a re-run adds nothing."""

import pytest

from hardtech.accounts.models import User
from hardtech.demo.loader import load_demo
from hardtech.messaging.models import Message, Thread
from hardtech.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_sample_zone_has_an_inbox_and_a_conversation(settings):
    load_demo()
    enterprise = User.objects.get(username="demo-xinxin")
    [thread] = Thread.objects.of(enterprise)
    assert [m.author.username for m in thread.messages.all()] == [
        "demo-xinxin",
        "demo-xidian",
        "demo-manager",
    ]
    assert thread.unread == 2  # the university's answer and the manager's note wait for the enterprise
    kinds = set(Notification.objects.filter(recipient=enterprise).values_list("kind", flat=True))
    assert kinds == {"listing.approved", "match.found", "policy.result", "message.received"}
    counts = (Thread.objects.count(), Message.objects.count(), Notification.objects.count())
    load_demo()
    assert (Thread.objects.count(), Message.objects.count(), Notification.objects.count()) == counts
