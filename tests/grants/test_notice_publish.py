"""公示: the call's decided applications' supported items become the notice's entries (applicant, article,
amount), and the applications are 公示中."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.grants import decisions, notices
from hardtech.grants.choices import ApplicationStatus, NoticeStatus
from support.grant_applications import checked_application
from support.grant_reviews import decided, item_of, published, second_applicant

pytestmark = pytest.mark.django_db


def test_supported_items_are_listed_and_applications_in_notice(operator, applicant_user, applicant, call):
    other, other_user = second_applicant()
    app = decided(applicant_user, operator, call, applicant, {"6": "40.00", "7": "8.50"})
    rival = checked_application(other_user, operator, call, other, articles=["6", "7"])
    decisions.decide(operator, item_of(rival, "6"), approve=True, amount=Decimal("40.00"), reason="符合")
    decisions.decide(operator, item_of(rival, "7"), approve=False, reason="不符合")
    decisions.conclude(operator, rival)
    notice = published(operator, call)
    assert notice.status == NoticeStatus.OPEN and notice.days == 7
    assert notice.ends_on == notice.starts_on + timedelta(days=6)
    rows = [
        (e.applicant_name, e.article, e.amount) for e in notice.entries.order_by("applicant_name", "article")
    ]
    assert rows == [
        ("丝路测试装备有限公司", "6", Decimal("40.00")),
        ("秦创测试科技有限公司", "6", Decimal("40.00")),
        ("秦创测试科技有限公司", "7", Decimal("8.50")),
    ]
    for a in (app, rival):
        a.refresh_from_db()
        assert a.status == ApplicationStatus.IN_NOTICE


def test_undecided_applications_stay_out(operator, applicant_user, applicant, call):
    checked_application(applicant_user, operator, call, applicant, articles=["6"])
    with pytest.raises(ValidationError, match="没有已审定待公示的申报"):
        published(operator, call)


def test_a_back_dated_notice_is_refused(operator, applicant_user, applicant, call):
    decided(applicant_user, operator, call, applicant, {"6": "40.00"})
    yesterday = notices.today() - timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        notices.publish_notice(operator, call, title="公示", starts_on=yesterday, days=0)
    assert set(refused.value.message_dict) == {"starts_on", "days"}
    assert not call.notices.exists()


def test_only_the_operator_publishes(operator, applicant_user, applicant, call):
    decided(applicant_user, operator, call, applicant, {"6": "40.00"})
    with pytest.raises(PermissionDenied):
        notices.publish_notice(applicant_user, call, title="公示", starts_on=notices.today())
