"""完成审定: every item decided — 已审定 when one is supported, 不予支持 (各条款均不予支持) when none is."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hardtech.grants import decisions
from hardtech.grants.choices import ApplicationStatus
from hardtech.notifications.models import Notification
from support.grant_applications import checked_application
from support.grant_reviews import item_of

pytestmark = pytest.mark.django_db


def test_pending_items_refuse_the_conclusion(operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6", "7"])
    decisions.decide(operator, item_of(app, "6"), approve=True, amount=Decimal("40.00"), reason="符合")
    with pytest.raises(ValidationError, match="还有条款未审定：第7条"):
        decisions.conclude(operator, app)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CHECKED


def test_one_supported_item_makes_it_decided(operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6", "7"])
    decisions.decide(operator, item_of(app, "6"), approve=True, amount=Decimal("40.00"), reason="符合")
    decisions.decide(operator, item_of(app, "7"), approve=False, reason="证书已过期")
    done = decisions.conclude(operator, app)
    assert done.status == ApplicationStatus.DECIDED and done.decided_at is not None
    assert Notification.objects.filter(recipient=applicant_user, title__contains="已审定").exists()


def test_nothing_supported_is_a_rejection(operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6"])
    decisions.decide(operator, item_of(app, "6"), approve=False, reason="不符合条件")
    done = decisions.conclude(operator, app)
    assert done.status == ApplicationStatus.REJECTED
    assert done.note == decisions.ALL_REJECTED
