"""撤销支持 and 追回: revoking an unpaid award cancels what is payable; revoking a paid one makes a receivable to
claw back and tells the applicant what to return; the application is 已撤销支持 once nothing remains approved;
an award in an unsettled batch cannot be revoked; a recovery reduces the receivable and never exceeds it; a
recovery or approval recorded in error is reversed by a reversing entry, once."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.grants import ledger, payments
from hardtech.grants.choices import ApplicationStatus, EntryKind
from hardtech.grants.models import JournalEntry
from hardtech.notifications.models import Notification
from support.grant_awards import award, bank_result, item_of


@pytest.fixture
def approved(operator, call, applicant):
    return award(operator, call, applicant, {"6": "40.00", "8": "60.00"})


def _paid(operator, app):
    batch = payments.send_batch(operator, payments.create_batch(operator, year=2026))
    payments.import_result(operator, batch, bank_result(payments.bank_file(batch)))
    app.refresh_from_db()
    return app


def test_revoking_one_unpaid_award_cancels_its_payable(operator, approved):
    item = item_of(approved, "8")
    payments.revoke_award(operator, approved, "研发费用归集不实", {item.pk: Decimal("25.00")})
    b = ledger.balances(item)
    assert (b.approved, b.payable, b.receivable) == (Decimal("35.00"), Decimal("35.00"), Decimal("0.00"))
    approved.refresh_from_db()
    assert approved.status == ApplicationStatus.APPROVED


def test_revoking_everything_paid_claws_it_back_and_ends_the_application(operator, approved, applicant_user):
    app = _paid(operator, approved)
    assert app.status == ApplicationStatus.PAID
    payments.revoke_award(operator, app, "提供虚假材料")
    app.refresh_from_db()
    assert app.status == ApplicationStatus.REVOKED and app.note == "提供虚假材料"
    b = ledger.balances(item_of(app, "8"))
    assert (b.approved, b.paid, b.receivable) == (Decimal("0.00"), Decimal("60.00"), Decimal("60.00"))
    assert Notification.objects.filter(
        recipient=applicant_user, title="政策兑现支持已撤销，需退回 100.00 万元"
    ).exists()


def test_a_recovery_reduces_the_receivable_and_may_not_exceed_it(operator, approved):
    app = _paid(operator, approved)
    payments.revoke_award(operator, app, "提供虚假材料")
    item = item_of(app, "6")
    with pytest.raises(ValidationError, match="超过应追回余额"):
        payments.record_recovery(operator, item, Decimal("40.01"))
    payments.record_recovery(operator, item, Decimal("15.00"), "第一笔退款")
    b = ledger.balances(item)
    assert (b.paid, b.receivable) == (Decimal("25.00"), Decimal("25.00"))


def test_a_recovery_recorded_in_error_is_reversed_once(operator, approved):
    app = _paid(operator, approved)
    payments.revoke_award(operator, app, "提供虚假材料")
    item = item_of(app, "6")
    entry = payments.record_recovery(operator, item, Decimal("15.00"))
    reversal = payments.reverse_entry(operator, entry, "银行退款登记错误")
    assert reversal.kind == EntryKind.REVERSAL and reversal.reverses == entry
    assert ledger.balances(item).receivable == Decimal("40.00")
    with pytest.raises(ValidationError, match="已冲正"):
        payments.reverse_entry(operator, entry, "再次冲正")


def test_an_award_in_an_unsettled_batch_cannot_be_revoked(operator, approved):
    batch = payments.create_batch(operator, year=2026)
    with pytest.raises(ValidationError) as exc:
        payments.revoke_award(operator, approved, "提供虚假材料")
    assert f"在拨付批次 {batch.number} 中" in str(exc.value)
    assert not JournalEntry.objects.filter(kind=EntryKind.REVOCATION).exists()


def test_revocation_needs_a_reason_and_the_operator(operator, approved, applicant_user):
    with pytest.raises(ValidationError, match="须填写理由"):
        payments.revoke_award(operator, approved, "  ")
    with pytest.raises(PermissionDenied):
        payments.revoke_award(applicant_user, approved, "提供虚假材料")
    with pytest.raises(PermissionDenied):
        payments.record_recovery(applicant_user, item_of(approved, "6"), Decimal("1.00"))


def test_revoking_more_than_approved_writes_nothing(operator, approved):
    six, eight = item_of(approved, "6"), item_of(approved, "8")
    with pytest.raises(ValidationError, match="不能超过已核定"):
        payments.revoke_award(
            operator, approved, "核减", {six.pk: Decimal("10.00"), eight.pk: Decimal("60.01")}
        )
    assert ledger.balances(six).approved == Decimal("40.00")
    assert not JournalEntry.objects.filter(kind=EntryKind.REVOCATION).exists()
