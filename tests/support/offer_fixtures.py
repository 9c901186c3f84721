"""Builders for the 免申即享 tests: a profile the sample policy pays 第十一条 on complete data, an offer made,
confirmed or approved, and a valid 对公收款账户.

pay(operator, item, "40.00"): part of an award paid through the ledger (a batch sent and settled as paid).

seller_contract_profile(org, paid=1000): a registered technology-development contract as 技术输出方 in the year
before the call's year, so 第十一条 pays 2% of it on the platform's data (1000 → 20.00 万元; 5000 cap 100.00).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from hardtech.grants import ledger, offers
from hardtech.grants.models import Application, Call, PaymentBatch
from hardtech.policies.models import ApplicantProfile, TechContract
from support.grant_fixtures import YEAR, applicant_profile


def seller_contract_profile(org, paid: str = "1000", year: int = YEAR) -> ApplicantProfile:
    profile = applicant_profile(org)
    TechContract.objects.create(
        profile=profile,
        role=TechContract.Role.SELLER,
        type=TechContract.Type.DEVELOPMENT,
        registered=True,
        date=date(year - 1, 5, 1),
        paid_amount=Decimal(paid),
        counterparty_name="区内合作企业",
        counterparty_kind=TechContract.CounterpartyKind.ENTERPRISE,
        counterparty_in_zone=True,
    )
    return profile


def bank_for(org) -> dict[str, str]:
    return {
        "account_name": org.name,
        "bank_name": "中国工商银行西安高新技术产业开发区支行",
        "bank_code": "102791000123",
        "account_number": "3700 0212 0910 0123 456",
    }


def offer_for(operator, call: Call, org) -> Application:
    """The offer make_offers made to `org` (made now if it is not there yet)."""
    offers.make_offers(operator, call)
    return Application.objects.get(call=call, applicant=org, route="offer")


def confirmed_offer(operator, user, call: Call, org) -> Application:
    offer = offer_for(operator, call, org)
    return offers.confirm_offer(user, offer, **bank_for(org))


def pay(operator, item, amount: str, number: str = "BF2026001") -> None:
    """`amount` of the award sent to the bank in a batch of its own and paid (the ledger's entries only)."""
    batch = PaymentBatch.objects.create(number=number, year=item.application.call.year)
    ledger.send(operator, batch, [(item, Decimal(amount))])
    ledger.settle(operator, batch, item, Decimal(amount), paid=True, memo="测试回执")


def overdue(call: Call) -> Call:
    """The call's deadline (the offers' confirmation deadline) has passed."""
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    call.refresh_from_db()
    return call
