"""拨付批次: a batch takes every payable award of the year for its whole payable balance and the payee of its
application; awards without a bank account or already in an unsettled batch stay out (and are refused when
named); sending moves the lines into transit in one entry, refused as a whole when a line would overpay; only a
draft may be cancelled; only the operator does any of it."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.core.workflow import WrongState
from hardtech.grants import ledger, payments
from hardtech.grants.choices import BatchStatus, EntryKind
from hardtech.grants.models import JournalEntry, PaymentBatch
from support.grant_awards import BANK, award, item_of


@pytest.fixture
def approved(operator, call, applicant):
    return award(operator, call, applicant, {"6": "40.00", "8": "60.00"})


def test_a_batch_pays_each_award_its_payable_balance(operator, approved, applicant):
    batch = payments.create_batch(operator, year=2026)
    assert batch.number == "BF2026001" and batch.status == BatchStatus.DRAFT
    lines = {line.item.article: line for line in batch.lines.select_related("item")}
    assert {a: line.amount for a, line in lines.items()} == {"6": Decimal("40.00"), "8": Decimal("60.00")}
    assert lines["6"].account_name == applicant.name
    assert (lines["6"].account_number, lines["6"].bank_code) == (
        BANK["bank_account_number"],
        BANK["bank_code"],
    )
    assert payments.payable_items(2026) == []


def test_the_next_batch_of_the_year_has_the_next_number(operator, approved, call, other_enterprise):
    payments.create_batch(operator, year=2026)
    award(operator, call, other_enterprise, {"6": "40.00"})
    assert payments.create_batch(operator, year=2026).number == "BF2026002"


def test_an_award_without_a_bank_account_is_held_back(operator, call, applicant, other_enterprise):
    award(operator, call, applicant, {"6": "40.00"})
    missing = award(operator, call, other_enterprise, {"7": "10.00"}, bank=False)
    shown = {p.item.pk: p.blocked for p in payments.payables(2026)}
    assert shown[item_of(missing, "7").pk] == "收款账户未填写完整"
    batch = payments.create_batch(operator, year=2026)
    assert [line.item.article for line in batch.lines.all()] == ["6"]
    with pytest.raises(ValidationError) as exc:
        payments.create_batch(operator, year=2026, items=[item_of(missing, "7")])
    assert "收款账户未填写完整" in str(exc.value)


def test_an_award_in_an_unsettled_batch_is_refused_for_another(operator, approved):
    first = payments.create_batch(operator, year=2026)
    with pytest.raises(ValidationError) as exc:
        payments.create_batch(operator, year=2026, items=[item_of(approved, "6")])
    assert f"已在拨付批次 {first.number} 中" in str(exc.value)
    with pytest.raises(ValidationError, match="没有可拨付"):
        payments.create_batch(operator, year=2026)
    assert PaymentBatch.objects.count() == 1


def test_a_cancelled_batch_frees_its_awards(operator, approved):
    payments.cancel_batch(operator, payments.create_batch(operator, year=2026))
    assert len(payments.payable_items(2026)) == 2


def test_sending_moves_every_line_into_transit(operator, approved):
    batch = payments.send_batch(operator, payments.create_batch(operator, year=2026))
    assert batch.status == BatchStatus.SENT and batch.sent_by == operator
    assert JournalEntry.objects.filter(batch=batch, kind=EntryKind.SENT).count() == 1
    b = ledger.balances(item_of(approved, "8"))
    assert (b.payable, b.in_transit) == (Decimal("0.00"), Decimal("60.00"))


def test_a_batch_that_would_overpay_is_refused_whole(operator, approved):
    batch = payments.create_batch(operator, year=2026)
    # Revoked in part after the batch was made (directly in the ledger, as the service refuses it).
    ledger.revoke(operator, item_of(approved, "8"), "部分研发费用不予认定", Decimal("20.00"))
    with pytest.raises(ValidationError, match="拨付批次超额"):
        payments.send_batch(operator, batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT
    assert ledger.balances(item_of(approved, "6")).in_transit == Decimal("0.00")
    assert not JournalEntry.objects.filter(kind=EntryKind.SENT).exists()


def test_a_sent_batch_can_neither_be_sent_again_nor_cancelled(operator, approved):
    batch = payments.send_batch(operator, payments.create_batch(operator, year=2026))
    with pytest.raises(WrongState, match="已提交银行"):
        payments.send_batch(operator, batch)
    with pytest.raises(WrongState, match="不能作废"):
        payments.cancel_batch(operator, batch)


def test_the_bank_file_waits_for_the_batch_to_be_sent(operator, approved):
    with pytest.raises(WrongState, match="尚未提交银行"):
        payments.bank_file(payments.create_batch(operator, year=2026))


def test_only_the_operator_moves_money(approved, applicant_user, operator):
    with pytest.raises(PermissionDenied):
        payments.create_batch(applicant_user, year=2026)
    batch = payments.create_batch(operator, year=2026)
    for step in (payments.send_batch, payments.cancel_batch):
        with pytest.raises(PermissionDenied):
            step(applicant_user, batch)
