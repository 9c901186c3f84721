"""拨付审批 of a confirmed offer: re-evaluated, posted to the ledger at the engine's amount, within the annual cap
counted together with the applicant's applications; a refusal writes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.core.workflow import WrongState
from hardtech.grants import ledger, offers
from hardtech.grants.choices import ApplicationStatus, Decision
from hardtech.grants.models import Application, JournalEntry
from hardtech.policies.models import TechContract
from support.grant_awards import award
from support.grant_fixtures import capped_profile, open_call
from support.offer_fixtures import confirmed_offer, offer_for, seller_contract_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(operator):
    return open_call(operator)


def _item(offer: Application):
    return offer.items.select_related("application__call", "application__applicant").get()


def test_approval_posts_the_engines_amount_and_makes_the_offer_payable(
    operator, applicant_user, enterprise, call
):
    seller_contract_profile(enterprise)
    offer = confirmed_offer(operator, applicant_user, call, enterprise)

    assert offers.approve_offer(operator, offer) == []

    offer.refresh_from_db()
    item = _item(offer)
    assert offer.status == ApplicationStatus.APPROVED
    assert (item.decision, item.approved_amount, item.decided_by) == (
        Decision.APPROVED,
        Decimal("20.00"),
        operator,
    )
    b = ledger.balances(item)
    assert (b.approved, b.payable, b.paid) == (Decimal("20.00"), Decimal("20.00"), Decimal("0.00"))


def test_approval_uses_the_data_as_it_stands_and_reports_the_change(
    operator, applicant_user, enterprise, call
):
    profile = seller_contract_profile(enterprise)
    offer = confirmed_offer(operator, applicant_user, call, enterprise)
    TechContract.objects.create(
        profile=profile,
        role=TechContract.Role.SELLER,
        type=TechContract.Type.TRANSFER,
        registered=True,
        date=date(call.year - 1, 9, 1),
        paid_amount=Decimal("500"),
        counterparty_kind=TechContract.CounterpartyKind.ENTERPRISE,
        counterparty_in_zone=True,
    )

    [change] = offers.approve_offer(operator, offer)

    assert (change.article, change.before, change.after) == ("11", Decimal("20.00"), Decimal("30.00"))
    assert ledger.balances(_item(offer)).approved == Decimal("30.00")


def test_an_offer_beyond_the_annual_cap_is_refused_as_a_whole(operator, applicant_user, enterprise, call):
    capped_profile(enterprise)
    seller_contract_profile(enterprise)
    award(
        operator,
        call,
        enterprise,
        {"8": "200.00", "9": "100.00", "12": "100.00", "13": "50.00", "7": "50.00"},
    )
    offer = confirmed_offer(operator, applicant_user, call, enterprise)
    entries = JournalEntry.objects.count()

    with pytest.raises(ValidationError, match="超过年度支持上限 500(.00)? 万元"):
        offers.approve_offer(operator, offer)

    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.CONFIRMED
    assert _item(offer).decision == Decision.PENDING
    assert JournalEntry.objects.count() == entries


def test_an_offer_no_longer_paid_on_the_data_is_refused(operator, applicant_user, enterprise, call):
    profile = seller_contract_profile(enterprise)
    offer = confirmed_offer(operator, applicant_user, call, enterprise)
    profile.contracts.all().delete()

    with pytest.raises(ValidationError, match="均不再符合（第11条 20.00 → 0.00 万元）"):
        offers.approve_offer(operator, offer)

    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.CONFIRMED
    assert _item(offer).computed == Decimal("20.00")  # the reassessment rolled back with the refusal
    assert not JournalEntry.objects.exists()


def test_only_a_confirmed_offer_is_approved_and_only_by_the_operator(
    operator, applicant_user, enterprise, call
):
    seller_contract_profile(enterprise)
    offer = offer_for(operator, call, enterprise)

    with pytest.raises(WrongState):
        offers.approve_offer(operator, offer)
    offer = confirmed_offer(operator, applicant_user, call, enterprise)
    with pytest.raises(PermissionDenied):
        offers.approve_offer(applicant_user, offer)
    assert not JournalEntry.objects.exists()
