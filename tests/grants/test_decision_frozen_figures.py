"""A decided item keeps the engine's figures its decision was checked against: deciding another item of the
application after the applicant's data changed does not lower them, so the notice still closes for everyone."""

from decimal import Decimal

import pytest

from hardtech.grants import decisions, notices
from hardtech.grants.choices import ApplicationStatus, NoticeStatus
from hardtech.policies.models import Recognition
from support.grant_applications import checked_application
from support.grant_reviews import decided, ended, item_of, published, second_applicant

pytestmark = pytest.mark.django_db


def test_a_later_data_change_leaves_a_decided_item_and_the_notice_closes(
    operator, call, applicant, applicant_user
):
    other_org, other_user = second_applicant()
    other = decided(other_user, operator, call, other_org, {"6": "40.00"})
    app = checked_application(applicant_user, operator, call, applicant, articles=["6", "7"])
    decisions.decide(operator, item_of(app, "6"), approve=True, amount=Decimal("40.00"), reason="首次高企")
    Recognition.objects.filter(profile__organisation=applicant, type="high_tech_recognition").delete()
    decisions.decide(
        operator, item_of(app, "7"), approve=True, amount=Decimal("10.00"), reason="省级专精特新"
    )
    assert item_of(app, "6").computed == Decimal("40.00")
    decisions.conclude(operator, app)

    notice = notices.finalise_notice(operator, ended(published(operator, call)))
    assert notice.status == NoticeStatus.FINAL
    for application in (app, other):
        application.refresh_from_db()
        assert application.status == ApplicationStatus.APPROVED
