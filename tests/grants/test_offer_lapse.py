"""不予兑现（失效）: the operator ends an offer (待确认 or 已确认) with the reason, the applicant is told, the offer is
not made again to that applicant for the call, and nothing of it counts as requested in the reports."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.core.workflow import WrongState
from hardtech.grants import offers, reports
from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application
from hardtech.notifications.models import Notification
from support.grant_fixtures import open_call
from support.offer_fixtures import confirmed_offer, offer_for, overdue, seller_contract_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(operator, enterprise):
    seller_contract_profile(enterprise)
    return open_call(operator)


def test_a_confirmed_offer_lapses_with_the_reason_and_the_applicant_is_told(
    operator, applicant_user, enterprise, call
):
    offer = confirmed_offer(operator, applicant_user, call, enterprise)

    offers.lapse_offer(operator, offer, "技术合同登记已撤销，不再符合第十一条")

    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.LAPSED and offer.note == "技术合同登记已撤销，不再符合第十一条"
    told = Notification.objects.get(recipient=applicant_user, title="免申即享兑现已失效")
    assert told.body == "技术合同登记已撤销，不再符合第十一条"


def test_a_lapse_needs_the_operator_a_reason_and_an_open_offer(operator, applicant_user, enterprise, call):
    offer = offer_for(operator, call, enterprise)
    with pytest.raises(PermissionDenied):
        offers.lapse_offer(applicant_user, offer, "不予兑现")
    with pytest.raises(ValidationError, match="须填写理由"):
        offers.lapse_offer(operator, offer, "  ")
    with pytest.raises(ValidationError, match="待确认的兑现不能作废"):
        offers.lapse_offer(operator, offer, "逾期未确认")  # the applicant may still confirm it
    overdue(call)
    offers.lapse_offer(operator, Application.objects.get(pk=offer.pk), "逾期未确认")
    with pytest.raises(WrongState):
        offers.lapse_offer(operator, Application.objects.get(pk=offer.pk), "再次失效")


def test_an_applicant_whose_offer_lapsed_or_was_declined_is_not_offered_again(
    operator, applicant_user, enterprise, other_enterprise, call
):
    seller_contract_profile(other_enterprise)
    lapsed = confirmed_offer(operator, applicant_user, call, enterprise)
    offers.make_offers(operator, call)
    offers.lapse_offer(operator, lapsed, "技术合同登记已撤销")
    declined = Application.objects.get(call=call, applicant=other_enterprise)
    declined.status = ApplicationStatus.DECLINED
    declined.save(update_fields=["status"])

    assert offers.make_offers(operator, call) == 0
    assert Application.objects.filter(call=call).count() == 2


def test_a_lapsed_offer_is_counted_as_lapsed_and_not_requested(operator, applicant_user, enterprise, call):
    offer = confirmed_offer(operator, applicant_user, call, enterprise)
    offers.lapse_offer(operator, offer, "不再符合")

    report = reports.call_report(call)

    eleven = next(a for a in report.articles if a.article == "11")
    assert (eleven.offers_made, eleven.offers_confirmed, eleven.offers_declined, eleven.offers_lapsed) == (
        1,
        1,
        0,
        1,
    )
    assert eleven.applicants == 0 and eleven.totals.requested == report.totals.requested == Decimal("0.00")
    assert (ApplicationStatus.LAPSED, "未兑现（已失效）", 1) in report.by_status
    assert ApplicationStatus.LAPSED in dict(offers.OFFER_STATUSES)
