"""银行回执: importing the bank's result file settles each line (paid → 已拨付, failed → payable again), the batch is
回执完成 when every line is settled, an application paid in full is 已拨付 and its applicant is told; the same file
twice, a row not of the batch, an amount or account that differs — each refuses the whole file, nothing written."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hardtech.core.workflow import WrongState
from hardtech.grants import ledger, payments
from hardtech.grants.choices import ApplicationStatus, BatchStatus, EntryKind, LineStatus
from hardtech.grants.models import BankResultImport, JournalEntry
from hardtech.notifications.models import Notification
from support.grant_awards import award, bank_result


@pytest.fixture
def sent(operator, call, applicant):
    award(operator, call, applicant, {"6": "40.00", "8": "60.00"})
    return payments.send_batch(operator, payments.create_batch(operator, year=2026))


def test_a_result_with_every_line_paid_settles_the_batch_and_the_application(operator, sent, applicant_user):
    record = payments.import_result(operator, sent, bank_result(payments.bank_file(sent)))
    assert (record.paid, record.failed) == (2, 0)
    sent.refresh_from_db()
    assert sent.status == BatchStatus.SETTLED
    line = sent.lines.select_related("item__application").first()
    assert line.status == LineStatus.PAID and line.bank_reference.startswith("LS")
    b = ledger.balances(line.item)
    assert (b.in_transit, b.paid) == (Decimal("0.00"), Decimal("40.00"))
    assert (
        line.item.application.__class__.objects.get(pk=line.item.application_id).status
        == ApplicationStatus.PAID
    )
    titles = list(Notification.objects.filter(recipient=applicant_user).values_list("title", flat=True))
    assert "政策兑现资金已拨付 100.00 万元" in titles


def test_a_failed_line_goes_back_to_payable_and_the_applicant_is_told(operator, sent, applicant_user):
    payments.import_result(operator, sent, bank_result(payments.bank_file(sent), failed={2: "账户已销户"}))
    failed = sent.lines.get(status=LineStatus.FAILED)
    assert failed.failure_reason == "账户已销户"
    b = ledger.balances(failed.item)
    assert (b.payable, b.in_transit, b.paid) == (failed.amount, Decimal("0.00"), Decimal("0.00"))
    assert JournalEntry.objects.filter(kind=EntryKind.FAILED, batch=sent).count() == 1
    app = failed.item.application
    app.refresh_from_db()
    assert app.status == ApplicationStatus.APPROVED
    told = Notification.objects.get(recipient=applicant_user, title="政策兑现资金拨付失败，请核对收款账户")
    assert "账户已销户" in told.body
    # The failed award can go into the next batch.
    assert [p.item.pk for p in payments.payable_items(2026)] == [failed.item_id]


def test_the_same_result_file_is_refused_the_second_time(operator, sent):
    upload = bank_result(payments.bank_file(sent), failed={1: "户名不符", 2: "户名不符"})
    payments.import_result(operator, sent, upload)
    upload.seek(0)
    with pytest.raises(ValidationError, match="不能重复导入"):
        payments.import_result(operator, sent, upload)
    assert BankResultImport.objects.count() == 1
    assert JournalEntry.objects.filter(kind=EntryKind.FAILED).count() == 2


def test_a_row_not_of_the_batch_refuses_the_whole_file(operator, sent):
    upload = bank_result(payments.bank_file(sent), 业务参考号="BF2026999-0001")
    with pytest.raises(ValidationError) as exc:
        payments.import_result(operator, sent, upload)
    assert "第 2 行（BF2026999-0001）：业务参考号不属于拨付批次 BF2026001" in exc.value.messages
    _nothing_settled(sent)


def test_a_different_amount_or_account_refuses_the_whole_file(operator, sent):
    upload = bank_result(payments.bank_file(sent), **{"金额（元）": 400001, "收款人账号": "6217000099999999"})
    with pytest.raises(ValidationError) as exc:
        payments.import_result(operator, sent, upload)
    text = "；".join(exc.value.messages)
    assert "金额 400001.00 元与批次中的 400000.00 元不符" in text
    assert "收款人账号 6217000099999999 与批次中的 6217000012345678 不符" in text
    _nothing_settled(sent)


def test_a_draft_batch_takes_no_result(operator, call, other_enterprise, sent):
    award(operator, call, other_enterprise, {"6": "40.00"})
    draft = payments.create_batch(operator, year=2026)
    with pytest.raises(WrongState, match="不能导入银行回执"):
        payments.import_result(operator, draft, bank_result(payments.bank_file(sent)))


def _nothing_settled(batch):
    assert not BankResultImport.objects.exists()
    assert set(batch.lines.values_list("status", flat=True)) == {LineStatus.PENDING}
    assert not JournalEntry.objects.filter(kind__in=(EntryKind.PAID, EntryKind.FAILED)).exists()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.SENT
