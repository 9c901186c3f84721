"""The call's report ties to the ledger with a lapsed offer and partial revocations (of paid and of unpaid money):
its totals, and the sums over applicants and over articles, equal the call's postings per account."""

from collections import defaultdict
from decimal import Decimal

import pytest

from hardtech.grants import offers, payments, reports
from hardtech.grants.choices import Account
from hardtech.grants.models import Posting
from support.grant_awards import award, item_of
from support.grant_fixtures import open_call
from support.offer_fixtures import confirmed_offer, pay, seller_contract_profile

pytestmark = pytest.mark.django_db
FIELDS = ("approved", "paid", "outstanding", "receivable")


def _ledger(call) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for account, amount in Posting.objects.filter(item__application__call=call).values_list(
        "account", "amount"
    ):
        sums[account] += amount
    return {
        "approved": sums[Account.EXPENSE],
        "paid": -sums[Account.BANK],
        "outstanding": -sums[Account.PAYABLE] - sums[Account.IN_TRANSIT],
        "receivable": sums[Account.RECEIVABLE],
    }


def _of(totals) -> dict[str, Decimal]:
    return {f: getattr(totals, f) for f in FIELDS}


def _sum(many) -> dict[str, Decimal]:
    many = list(many)
    return {f: sum((getattr(t, f) for t in many), Decimal("0.00")) for f in FIELDS}


def test_the_report_ties_to_the_ledger(operator, applicant_user, enterprise, other_enterprise):
    call = open_call(operator)
    app = award(operator, call, other_enterprise, {"6": "40.00", "8": "60.00"})
    pay(operator, item_of(app, "6"), "40.00")
    payments.revoke_award(operator, app, "多计研发投入", {item_of(app, "6").pk: Decimal("15.00")})
    payments.revoke_award(operator, app, "多计研发投入", {item_of(app, "8").pk: Decimal("25.00")})
    seller_contract_profile(enterprise)
    offer = confirmed_offer(operator, applicant_user, call, enterprise)
    offers.lapse_offer(operator, offer, "技术合同登记已撤销")

    report = reports.call_report(call)

    ledger = _ledger(call)
    assert ledger == {
        "approved": Decimal("60.00"),
        "paid": Decimal("40.00"),
        "outstanding": Decimal("35.00"),
        "receivable": Decimal("15.00"),
    }
    assert _of(report.totals) == ledger
    assert _sum(t for _, t in report.applicants) == ledger
    assert _sum(a.totals for a in report.articles) == ledger
    assert _sum(r.totals for r in report.rows) == ledger
    assert report.totals.requested == Decimal("100.00")  # the lapsed offer's 20.00 is not requested
