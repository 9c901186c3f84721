"""确认兑现 and 放弃兑现: the applicant's one step, with its 收款账户, before the deadline; refusals write nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hardtech.core.workflow import WrongState
from hardtech.grants import offers
from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application, Call
from support.grant_fixtures import open_call
from support.offer_fixtures import bank_for, offer_for, seller_contract_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(operator, enterprise):
    seller_contract_profile(enterprise)
    return offer_for(operator, open_call(operator), enterprise)


def test_confirming_stores_the_account_without_spaces_and_waits_for_approval(
    offer, applicant_user, enterprise
):
    offers.confirm_offer(applicant_user, offer, **bank_for(enterprise))

    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.CONFIRMED
    assert offer.bank_account_number == "3700021209100123456"
    assert (offer.bank_account_name, offer.bank_code) == (enterprise.name, "102791000123")
    assert offer.submitted_at is not None and offer.bank_confirmed_at is not None


def test_an_account_in_the_wrong_form_is_refused_naming_each_field_and_nothing_is_written(
    offer, applicant_user, enterprise
):
    bad = {**bank_for(enterprise), "account_name": "别的公司", "bank_code": "10279"}

    with pytest.raises(ValidationError) as refused:
        offers.confirm_offer(applicant_user, offer, **bad)

    errors = refused.value.message_dict
    assert "与申报主体名称" in errors["account_name"][0]
    assert "12 位数字" in errors["bank_code"][0]
    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.OFFERED and offer.bank_account_number == ""


def test_confirming_after_the_deadline_is_refused(offer, applicant_user, enterprise):
    Call.objects.filter(pk=offer.call_id).update(deadline=timezone.now() - timedelta(minutes=1))
    offer.refresh_from_db()

    with pytest.raises(ValidationError, match="已于 .* 截止"):
        offers.confirm_offer(applicant_user, offer, **bank_for(enterprise))
    assert Application.objects.get(pk=offer.pk).status == ApplicationStatus.OFFERED


def test_only_the_applicants_users_confirm_or_decline(offer, users, enterprise):
    for user in (users["operator"], users["institution"]):
        with pytest.raises(PermissionDenied):
            offers.confirm_offer(user, offer, **bank_for(enterprise))
        with pytest.raises(PermissionDenied):
            offers.decline_offer(user, offer)
    assert Application.objects.get(pk=offer.pk).status == ApplicationStatus.OFFERED


def test_a_declined_offer_keeps_the_reason_and_can_no_longer_be_confirmed(offer, applicant_user, enterprise):
    offers.decline_offer(applicant_user, offer, "本年度不申请")

    offer.refresh_from_db()
    assert (offer.status, offer.note) == (ApplicationStatus.DECLINED, "本年度不申请")
    with pytest.raises(WrongState):
        offers.confirm_offer(applicant_user, offer, **bank_for(enterprise))


def test_an_offer_is_confirmed_once(offer, applicant_user, enterprise):
    offers.confirm_offer(applicant_user, offer, **bank_for(enterprise))

    with pytest.raises(WrongState):
        offers.confirm_offer(applicant_user, offer, **bank_for(enterprise))
    with pytest.raises(WrongState):
        offers.decline_offer(applicant_user, offer)
