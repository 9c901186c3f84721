"""A partial revocation: when what remains of the award was all paid already the application is 已拨付 (not left
待拨付 for ever), and the applicant's users are told which articles and amounts were revoked and what to return."""

from decimal import Decimal

import pytest

from hardtech.grants import payments
from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.notifications import GRANT_PAYMENT
from hardtech.notifications.models import Notification
from support.grant_awards import award, bank_result, item_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(operator, call, applicant):
    return award(operator, call, applicant, {"6": "40.00", "8": "60.00"})


def _pay(operator, *items):
    batch = payments.create_batch(operator, year=2026, items=items)
    batch = payments.send_batch(operator, batch)
    payments.import_result(operator, batch, bank_result(payments.bank_file(batch)))


def _told(user):
    return Notification.objects.filter(
        recipient=user, kind=GRANT_PAYMENT.code, title__startswith="政策兑现支持已撤销"
    )


def test_revoking_the_unpaid_rest_makes_the_application_paid(operator, approved, applicant_user):
    _pay(operator, item_of(approved, "6"))
    approved.refresh_from_db()
    assert approved.status == ApplicationStatus.APPROVED

    payments.revoke_award(operator, approved, "第8条研发费用归集不实", {item_of(approved, "8").pk: None})

    approved.refresh_from_db()
    assert approved.status == ApplicationStatus.PAID
    [told] = _told(applicant_user)
    assert "第8条 60.00 万元" in told.body and "第8条研发费用归集不实" in told.body
    assert "须退回" not in told.body


def test_a_partial_revocation_of_paid_money_names_the_article_and_what_to_return(
    operator, approved, applicant_user
):
    _pay(operator, item_of(approved, "6"), item_of(approved, "8"))
    approved.refresh_from_db()
    assert approved.status == ApplicationStatus.PAID

    payments.revoke_award(operator, approved, "多计研发投入", {item_of(approved, "6").pk: Decimal("15.00")})

    approved.refresh_from_db()
    assert approved.status == ApplicationStatus.PAID
    [told] = _told(applicant_user)
    assert told.title == "政策兑现支持已撤销，需退回 15.00 万元"
    assert "第6条 15.00 万元" in told.body and "第8条" not in told.body


def test_a_partial_revocation_of_unpaid_money_keeps_the_rest_to_pay_and_tells_the_applicant(
    operator, approved, applicant_user
):
    payments.revoke_award(operator, approved, "多计研发投入", {item_of(approved, "8").pk: Decimal("25.00")})

    approved.refresh_from_db()
    assert approved.status == ApplicationStatus.APPROVED
    [told] = _told(applicant_user)
    assert "第8条 25.00 万元" in told.body and "须退回" not in told.body
