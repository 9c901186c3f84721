"""A revoked award stops counting towards the annual cap (第五条) as the part revoked — in full as in part, before
payment as after the clawback has come back: an award once in the ledger counts as the ledger says, not as its
decision did."""

from decimal import Decimal

import pytest

from hardtech.grants import ledger
from hardtech.grants.choices import Mode, Route
from support.grant_awards import award, item_of, loose_batch
from support.grant_fixtures import open_call

# Counted 500.00 — the sample policy's cap — across five articles.
CAPPED = {"8": "200.00", "9": "100.00", "7": "50.00", "12": "100.00", "13": "50.00"}


def _committed(app) -> Decimal:
    return ledger.committed(app.applicant_id, app.call.policy, app.call.year)


@pytest.fixture
def capped(operator, call, applicant):
    app = award(operator, call, applicant, CAPPED)
    assert _committed(app) == Decimal("500.00")
    return app


def test_revoking_part_of_an_award_frees_that_part(operator, capped):
    ledger.revoke(operator, item_of(capped, "8"), "核查发现研发费用归集有误", Decimal("150.00"))
    assert _committed(capped) == Decimal("350.00")


def test_revoking_an_award_in_full_frees_all_of_it(operator, capped):
    ledger.revoke(operator, item_of(capped, "8"), "核查发现研发费用归集有误")
    assert ledger.balances(item_of(capped, "8")).approved == Decimal("0.00")
    assert _committed(capped) == Decimal("300.00")


def test_paid_money_revoked_frees_the_cap_only_once_it_is_back(operator, capped):
    item = item_of(capped, "8")
    batch = loose_batch()
    ledger.send(operator, batch, [(item, Decimal("200.00"))])
    ledger.settle(operator, batch, item, Decimal("200.00"), paid=True)
    ledger.revoke(operator, item, "骗取补助，全额追回")
    assert _committed(capped) == Decimal("500.00")  # the 200.00 is still out, to be clawed back
    ledger.recover(operator, item, Decimal("150.00"), "追回款部分到账")
    assert _committed(capped) == Decimal("350.00")
    ledger.recover(operator, item, Decimal("50.00"), "追回款到账")
    assert _committed(capped) == Decimal("300.00")


def test_after_a_full_revocation_an_offer_fits_under_the_cap(operator, capped, applicant):
    ledger.revoke(operator, item_of(capped, "8"), "核查发现研发费用归集有误")
    offers = open_call(operator, modes={"11": Mode.NO_APPLICATION}, documents=False)
    offer = award(operator, offers, applicant, {"11": "150.00"}, post=False, route=Route.OFFER)
    # 300.00 still counted after the revocation: a 免申即享 award of 150.00 of the same year fits.
    ledger.approve(operator, item_of(offer, "11"), Decimal("150.00"))
    assert _committed(capped) == Decimal("450.00")
