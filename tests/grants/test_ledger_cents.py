"""Balances are amounts to the cent (万元, two places) on every database: SQLite sums decimals as floats, so a
balance read back must still be exactly what the entries add up to (not 0.00999999999999091 for 0.01)."""

from decimal import Decimal

from hardtech.grants import ledger
from support.grant_awards import award, item_of, loose_batch


def test_a_balance_left_by_a_partial_revocation_is_exact(operator, call, applicant):
    item = item_of(award(operator, call, applicant, {"8": "200.00"}), "8")
    ledger.revoke(operator, item, "部分研发费用不予认定", Decimal("199.99"))
    b = ledger.balances(item)
    assert (b.approved, b.payable) == (Decimal("0.01"), Decimal("0.01"))
    assert str(b.payable) == "0.01"


def test_what_is_payable_to_the_cent_can_be_sent(operator, call, applicant):
    item = item_of(award(operator, call, applicant, {"8": "200.00"}), "8")
    ledger.revoke(operator, item, "部分研发费用不予认定", Decimal("199.99"))
    ledger.send(operator, loose_batch(), [(item, Decimal("0.01"))])
    assert ledger.balances(item).in_transit == Decimal("0.01")
