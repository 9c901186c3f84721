"""生成免申即享名单: who gets an offer, with which articles and amounts, who is told, and what is refused."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hardtech.grants import offers
from hardtech.grants.choices import ApplicationStatus, Mode, Route
from hardtech.grants.models import Application
from hardtech.notifications.models import Notification
from support.grant_awards import award
from support.grant_fixtures import open_call, qualifying_profile
from support.offer_fixtures import confirmed_offer, seller_contract_profile

pytestmark = pytest.mark.django_db


def test_an_applicant_paid_a_no_application_article_on_complete_data_gets_one_offer(
    operator, applicant_user, enterprise
):
    seller_contract_profile(enterprise)
    call = open_call(operator)

    assert offers.make_offers(operator, call) == 1

    offer = Application.objects.get(call=call, applicant=enterprise)
    assert (offer.route, offer.status) == (Route.OFFER, ApplicationStatus.OFFERED)
    [item] = offer.items.all()
    assert (item.article, item.mode) == ("11", Mode.NO_APPLICATION)
    assert item.computed == item.requested == Decimal("20.00")
    assert item.explanation and item.computed_at is not None
    told = Notification.objects.filter(recipient=applicant_user, kind="grant.offer")
    assert told.count() == 1
    assert "20.00 万元" in told.get().body


def test_articles_applied_for_are_not_offered_and_an_applicant_without_a_paying_offer_article_gets_none(
    operator, enterprise, other_enterprise
):
    qualifying_profile(enterprise)  # pays 6, 7, 8, 9 — all applied for in this call
    seller_contract_profile(other_enterprise)
    call = open_call(operator)

    assert offers.make_offers(operator, call) == 1

    assert list(Application.objects.values_list("applicant", flat=True)) == [other_enterprise.pk]


def test_making_offers_again_skips_those_offered_and_those_who_declined(
    operator, applicant_user, enterprise, other_enterprise
):
    seller_contract_profile(enterprise)
    call = open_call(operator)
    offers.make_offers(operator, call)
    offers.decline_offer(applicant_user, Application.objects.get(applicant=enterprise), "暂不需要")
    seller_contract_profile(other_enterprise, paid="3000")

    assert offers.make_offers(operator, call) == 1
    assert offers.make_offers(operator, call) == 0

    assert Application.objects.filter(applicant=enterprise).count() == 1
    assert Application.objects.get(applicant=other_enterprise).items.get().computed == Decimal("60.00")


def test_an_applicant_whose_data_is_incomplete_gets_no_offer(operator, enterprise):
    profile = seller_contract_profile(enterprise)
    profile.tax_in_zone = None  # eligibility undecided: the 免申即享 list needs complete data
    profile.save()
    call = open_call(operator)

    assert offers.make_offers(operator, call) == 0


def test_only_the_operator_makes_offers(users, enterprise):
    seller_contract_profile(enterprise)
    call = open_call(users["operator"])

    with pytest.raises(PermissionDenied, match="管委会"):
        offers.make_offers(users["enterprise"], call)
    assert not Application.objects.exists()


def test_a_call_without_no_application_articles_or_past_its_deadline_is_refused(operator, enterprise):
    seller_contract_profile(enterprise)
    without = open_call(operator, modes={"6": Mode.INSTANT})
    closed = open_call(operator, deadline=timezone.now() - timedelta(minutes=1))

    with pytest.raises(ValidationError, match="没有免申即享条款"):
        offers.make_offers(operator, without)
    with pytest.raises(ValidationError, match="不在受理期内"):
        offers.make_offers(operator, closed)
    assert not Application.objects.exists()


def test_an_article_already_asked_for_in_another_call_of_the_year_is_not_offered(operator, enterprise):
    seller_contract_profile(enterprise)
    other = open_call(operator, modes={"11": Mode.INSTANT})
    award(operator, other, enterprise, {"11": "20.00"}, post=False, status=ApplicationStatus.SUBMITTED)
    call = open_call(operator)

    assert offers.make_offers(operator, call) == 0


def test_an_offered_article_is_not_awarded_again_in_another_call_of_the_year(
    operator, applicant_user, enterprise
):
    seller_contract_profile(enterprise)
    call = open_call(operator)
    offer = confirmed_offer(operator, applicant_user, call, enterprise)

    other = open_call(operator, modes={"11": Mode.INSTANT})
    with pytest.raises(ValidationError, match="已另有申报或兑现包含第11条"):
        award(operator, other, enterprise, {"11": "20.00"})
    other.applications.all().delete()  # the application the refused award had opened
    offers.approve_offer(operator, offer)
    assert Application.objects.get(pk=offer.pk).status == ApplicationStatus.APPROVED
