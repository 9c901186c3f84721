"""拨付: payable awards gathered into payment batches, sent to the bank (the transfer file), settled from the bank's
result file; revocations of awards with their clawbacks (追回), recoveries and reversing entries (冲正).

Every money movement is an entry of hardtech.grants.ledger, written in the same transaction as the batch's or
line's state, so a refusal leaves nothing half-written. Only the operator (管委会) moves money. Refusals:
PermissionDenied (not the operator), WrongState (a batch or application in a state that does not allow the
step), ValidationError (bad input, naming what is wrong).
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from hardtech.accounts.membership import members
from hardtech.core.numbering import save_numbered
from hardtech.core.workflow import WrongState, run
from hardtech.grants import bankfile, ledger, permissions
from hardtech.grants.choices import Account, ApplicationStatus, BatchStatus, LineStatus
from hardtech.grants.models import (
    Application,
    ApplicationItem,
    BankResultImport,
    JournalEntry,
    PaymentBatch,
    PaymentLine,
    Posting,
)
from hardtech.grants.notifications import GRANT_PAYMENT
from hardtech.grants.workflow import APPLICATION
from hardtech.notifications.services import notify

ZERO = Decimal("0.00")
UNSETTLED = Q(status=LineStatus.PENDING, batch__status__in=(BatchStatus.DRAFT, BatchStatus.SENT))
RESULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Payable:
    """An award with something still to pay, and why it cannot go into a batch now (empty: it can)."""

    item: ApplicationItem
    amount: Decimal
    blocked: str = ""


def _deny_unless_operator(user) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied("只有管委会可以办理资金拨付")


def _in_batch(item_ids: Iterable[int]) -> dict[int, str]:
    """Awards on a line of a batch not yet settled → that batch's number."""
    lines = PaymentLine.objects.filter(UNSETTLED, item_id__in=list(item_ids)).select_related("batch")
    return {line.item_id: line.batch.number for line in lines}


def payables(year: int | None = None) -> list[Payable]:
    """Every award with a payable balance (of `year`), with the reason it cannot be batched now if any."""
    postings = Posting.objects.filter(account=Account.PAYABLE)
    if year is not None:
        postings = postings.filter(year=year)
    # The ledger sums the balances (exactly, as Decimals); here only which awards ever had something payable.
    found = ledger.balances_for(postings.order_by().values_list("item_id", flat=True).distinct())
    owed = {pk: b.payable for pk, b in found.items() if b.payable > ZERO}
    items = ApplicationItem.objects.filter(pk__in=owed).select_related(
        "application__call", "application__applicant"
    )
    batched = _in_batch(owed)
    listed = []
    for item in items.order_by("application__applicant__name", "application_id", "pk"):
        blocked = ""
        if item.pk in batched:
            blocked = f"已在拨付批次 {batched[item.pk]} 中"
        elif not item.application.bank_ready:
            blocked = "收款账户未填写完整"
        listed.append(Payable(item, owed[item.pk], blocked))
    return listed


def payable_items(year: int | None = None) -> list[Payable]:
    """What a new batch would pay: awards with a payable balance, a complete bank account and no unsettled line."""
    return [p for p in payables(year) if not p.blocked]


def create_batch(
    user, *, year: int, items: Iterable[ApplicationItem] | None = None, note: str = ""
) -> PaymentBatch:
    """拨付批次 BF{year}001 … of the given awards (default: every one payable of the year), each line for its
    whole payable balance, paid to the account the application names (copied, as the bank file will show)."""
    _deny_unless_operator(user)
    with transaction.atomic():
        wanted = None if items is None else {i.pk for i in items}
        candidates = wanted if wanted is not None else {p.item.pk for p in payable_items(year)}
        # Locked (with their applications) so that two batches made at once cannot both take an award; what is
        # payable is read again under the lock.
        chosen = list(
            ApplicationItem.objects.select_for_update()
            .filter(application__call__year=year, pk__in=candidates)
            .select_related("application__applicant")
            .order_by("pk")
        )
        by_pk = {p.item.pk: p for p in payables(year)}
        errors = []
        if wanted is not None and (elsewhere := wanted - {i.pk for i in chosen}):
            errors.append(f"{len(elsewhere)} 项支持不属于 {year} 年度，不能列入本批次")
        lines = []
        for item in chosen:
            payable = by_pk.get(item.pk)
            if payable is None:
                if wanted is not None:
                    errors.append(f"{item}：没有应付未拨的金额")
                continue
            if payable.blocked:
                if wanted is not None:
                    errors.append(f"{item}：{payable.blocked}")
                continue
            app = item.application
            lines.append(
                PaymentLine(
                    item=item,
                    amount=payable.amount,
                    account_name=app.bank_account_name,
                    account_number=app.bank_account_number,
                    bank_name=app.bank_name,
                    bank_code=app.bank_code,
                )
            )
        if errors:
            raise ValidationError({"items": errors})
        if not lines:
            raise ValidationError({"items": f"{year} 年度没有可拨付的支持事项"})
        batch = PaymentBatch(year=year, note=note.strip()[:500], created_by=user)
        save_numbered(batch, "number", f"BF{year}", width=3, message="批次号分配冲突，请重试")
        for line in lines:
            line.batch = batch
        PaymentLine.objects.bulk_create(lines)
    return batch


def _locked_batch(batch: PaymentBatch, *states: str, doing: str) -> PaymentBatch:
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in states:
        raise WrongState(f"拨付批次 {batch.number} 当前为“{batch.get_status_display()}”，不能{doing}")
    return batch


def cancel_batch(user, batch: PaymentBatch) -> PaymentBatch:
    """作废 a draft batch: its awards are free for another batch (the lines stay, for the record)."""
    _deny_unless_operator(user)
    with transaction.atomic():
        batch = _locked_batch(batch, BatchStatus.DRAFT, doing="作废")
        batch.status = BatchStatus.CANCELLED
        batch.save(update_fields=["status"])
    return batch


def _lines(batch: PaymentBatch) -> list[PaymentLine]:
    return list(
        batch.lines.select_related("item__application__call", "item__application__applicant").order_by("pk")
    )


def send_batch(user, batch: PaymentBatch) -> PaymentBatch:
    """提交银行: every line moves from payable to in transit in one entry; a line beyond what is payable now (an
    award revoked meanwhile) refuses the whole batch."""
    _deny_unless_operator(user)
    with transaction.atomic():
        batch = _locked_batch(batch, BatchStatus.DRAFT, doing="提交银行")
        ledger.send(user, batch, [(line.item, line.amount) for line in _lines(batch)])
        batch.status, batch.sent_by, batch.sent_at = BatchStatus.SENT, user, timezone.now()
        batch.save(update_fields=["status", "sent_by", "sent_at"])
    return batch


def reference(batch: PaymentBatch, n: int) -> str:
    """业务参考号 of the batch's n-th line (from 1)."""
    return f"{batch.number}-{n:04d}"


def numbered_lines(batch: PaymentBatch) -> list[tuple[str, PaymentLine]]:
    """The batch's lines with their 业务参考号, in the bank file's order."""
    return [(reference(batch, n), line) for n, line in enumerate(_lines(batch), start=1)]


def _by_reference(batch: PaymentBatch) -> dict[str, PaymentLine]:
    return dict(numbered_lines(batch))


def bank_file(batch: PaymentBatch) -> bytes:
    """The batch's bank transfer file (bankfile.COLUMNS); only once the batch is sent, so that what the bank
    pays is always in transit in the ledger."""
    if batch.status not in (BatchStatus.SENT, BatchStatus.SETTLED):
        raise WrongState(f"拨付批次 {batch.number} 尚未提交银行，不能导出银行转账文件")
    transfers = [
        bankfile.Transfer(
            reference=ref,
            account_number=line.account_number,
            account_name=line.account_name,
            bank_name=line.bank_name,
            bank_code=line.bank_code,
            amount=line.amount,
            purpose=f"{line.item.application.call.year}年度政策兑现 第{line.item.article}条",
            note=line.item.application.number or "",
        )
        for ref, line in _by_reference(batch).items()
    ]
    return bankfile.write(batch.number, transfers)


def _matched(
    batch: PaymentBatch, rows: list[bankfile.ResultRow]
) -> list[tuple[PaymentLine, bankfile.ResultRow]]:
    """Each result row with its line; every row that does not fit refuses the file, each named."""
    lines = _by_reference(batch)
    errors, matched, seen = [], [], set()
    for row in rows:
        where = f"第 {row.row} 行（{row.reference}）"
        line = lines.get(row.reference)
        if line is None:
            errors.append(f"{where}：业务参考号不属于拨付批次 {batch.number}")
            continue
        if row.reference in seen:
            errors.append(f"{where}：业务参考号重复")
            continue
        seen.add(row.reference)
        if row.account_number != line.account_number:
            errors.append(
                f"{where}：收款人账号 {row.account_number or '空'} 与批次中的 {line.account_number} 不符"
            )
        if row.amount != bankfile.yuan(line.amount):
            errors.append(
                f"{where}：金额 {row.amount or '空'} 元与批次中的 {bankfile.yuan(line.amount)} 元不符"
            )
        if line.status != LineStatus.PENDING and (line.status == LineStatus.PAID) != row.paid:
            errors.append(f"{where}：该笔已登记为“{line.get_status_display()}”，与本文件不符")
        matched.append((line, row))
    if errors:
        raise ValidationError({"file": errors})
    return matched


def import_result(user, batch: PaymentBatch, upload: UploadedFile) -> BankResultImport:
    """银行回执: each line paid or failed as the bank's result file says, in one transaction. A file imported
    before (the same bytes) is refused, as is a file with any row that does not match the batch."""
    _deny_unless_operator(user)
    if upload.size > RESULT_MAX_BYTES:
        raise ValidationError({"file": "回执文件不能超过 5 MB"})
    data = upload.read()
    digest = hashlib.sha256(data).hexdigest()
    duplicate = ValidationError({"file": "该回执文件已导入过，不能重复导入"})
    if earlier := BankResultImport.objects.filter(sha256=digest).select_related("batch").first():
        raise ValidationError(
            {
                "file": f"该回执文件已于 {timezone.localtime(earlier.imported_at):%Y-%m-%d %H:%M} 导入（批次 {earlier.batch.number}），不能重复导入"
            }
        )
    rows = bankfile.read_result(data)
    with transaction.atomic():
        batch = _locked_batch(batch, BatchStatus.SENT, doing="导入银行回执")
        matched = _matched(batch, rows)
        try:
            with transaction.atomic():
                record = BankResultImport.objects.create(
                    batch=batch, sha256=digest, name=(upload.name or "回执文件")[:200], imported_by=user
                )
        except IntegrityError:
            raise duplicate from None
        now = timezone.now()
        settled: list[PaymentLine] = []
        for line, row in matched:
            if line.status != LineStatus.PENDING:
                continue  # the same outcome as an earlier file recorded
            memo = f"{row.reference} " + (
                f"银行流水号 {row.bank_reference}"
                if row.paid
                else f"拨付失败：{row.reason or '银行未说明原因'}"
            )
            ledger.settle(user, batch, line.item, line.amount, paid=row.paid, memo=memo)
            line.status = LineStatus.PAID if row.paid else LineStatus.FAILED
            line.bank_reference = row.bank_reference
            line.failure_reason = "" if row.paid else (row.reason or "银行未说明原因")
            line.settled_at = now
            line.save(update_fields=["status", "bank_reference", "failure_reason", "settled_at"])
            settled.append(line)
        record.paid = sum(1 for line in settled if line.status == LineStatus.PAID)
        record.failed = len(settled) - record.paid
        record.save(update_fields=["paid", "failed"])
        if not batch.lines.filter(status=LineStatus.PENDING).exists():
            batch.status, batch.settled_at = BatchStatus.SETTLED, now
            batch.save(update_fields=["status", "settled_at"])
        for application in {line.item.application_id: line.item.application for line in settled}.values():
            _after_settlement(
                user, application, [line for line in settled if line.item.application_id == application.pk]
            )
    return record


def _after_settlement(user, application: Application, lines: list[PaymentLine]) -> None:
    """Tell the applicant what the bank did; an application whose every award is now paid in full is 已拨付."""
    paid = [line for line in lines if line.status == LineStatus.PAID]
    failed = [line for line in lines if line.status == LineStatus.FAILED]
    url = APPLICATION.page(application)
    if paid:
        total = sum((line.amount for line in paid), ZERO)
        articles = "、".join(f"第{line.item.article}条" for line in paid)
        notify(
            members(application.applicant),
            GRANT_PAYMENT.code,
            application,
            f"政策兑现资金已拨付 {total} 万元",
            f"{articles}已拨付至账户 {application.masked_account}",
            url,
            actor=user,
        )
    if failed:
        reasons = "；".join(
            f"第{line.item.article}条 {line.amount} 万元：{line.failure_reason}" for line in failed
        )
        notify(
            members(application.applicant),
            GRANT_PAYMENT.code,
            application,
            "政策兑现资金拨付失败，请核对收款账户",
            reasons,
            url,
            actor=user,
        )
    if application.status == ApplicationStatus.APPROVED and fully_paid(application):
        run(APPLICATION, "mark_paid", user, application)


def fully_paid(application: Application) -> bool:
    """Every award of the application approved in the ledger is paid out (nothing payable or at the bank)."""
    found = ledger.balances_for(application.items.values_list("pk", flat=True)).values()
    awards = [b for b in found if b.approved > ZERO]
    return bool(awards) and all(b.outstanding == ZERO for b in awards)


def revoke_award(
    user, application: Application, reason: str, amounts: Mapping[int, Decimal | None] | None = None
) -> list[JournalEntry]:
    """撤销支持: each award of the application (or those in `amounts`, item pk → amount, None for all of it) is
    revoked in the ledger — what is payable cancelled, what was paid to be clawed back; the application is
    已撤销支持 once nothing of it remains approved, and 已拨付 when what remains was all paid already. The
    applicant's users are told of every revocation. Refused while an award is in a batch not yet settled."""
    _deny_unless_operator(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "撤销支持须填写理由"})
    if application.status not in (ApplicationStatus.APPROVED, ApplicationStatus.PAID):
        raise WrongState(f"“{application.get_status_display()}”的申报不能撤销支持")
    items = {i.pk: i for i in application.items.select_related("application__call", "application__applicant")}
    posted = ledger.balances_for(items)
    chosen = {pk: None for pk, b in posted.items() if b.approved > ZERO} if amounts is None else dict(amounts)
    errors = [f"第 {pk} 项不属于本申报" for pk in chosen if pk not in items]
    if batched := _in_batch(chosen):
        errors += [
            f"{items[pk]} 在拨付批次 {number} 中，请先作废该批次或待银行回执"
            for pk, number in batched.items()
        ]
    if not chosen:
        errors.append("没有可撤销的支持金额")
    if errors:
        raise ValidationError({"amounts": errors})
    with transaction.atomic():
        entries = [ledger.revoke(user, items[pk], reason, amount) for pk, amount in chosen.items()]
        after = ledger.balances_for(items)
        if all(b.approved == ZERO for b in after.values()):
            run(APPLICATION, "revoke", user, application, reason)
        elif application.status == ApplicationStatus.APPROVED and fully_paid(application):
            # What is left of the award was paid already: nothing more to pay, so the application is 已拨付.
            run(APPLICATION, "mark_paid", user, application)
        _tell_revoked(user, application, reason, posted, after)
    return entries


def _tell_revoked(
    user,
    application: Application,
    reason: str,
    before: Mapping[int, ledger.Balances],
    after: Mapping[int, ledger.Balances],
) -> None:
    """The applicant's users are told of every revocation, in part too: each article and amount revoked, and
    what was paid and must now be returned."""
    items = {i.pk: i for i in application.items.all()}
    revoked = [(items[pk], before[pk].approved - b.approved) for pk, b in after.items()]
    listed = "、".join(f"第{item.article}条 {amount} 万元" for item, amount in revoked if amount > ZERO)
    clawback = sum((b.receivable - before[pk].receivable for pk, b in after.items()), ZERO)
    title = f"政策兑现支持已撤销，需退回 {clawback} 万元" if clawback > ZERO else "政策兑现支持已撤销"
    body = (
        f"撤销{listed}。"
        + (f"已拨付的 {clawback} 万元须退回。" if clawback > ZERO else "")
        + f"理由：{reason}"
    )
    notify(
        members(application.applicant),
        GRANT_PAYMENT.code,
        application,
        title,
        body,
        APPLICATION.page(application),
        actor=user,
    )


def record_recovery(user, item: ApplicationItem, amount: Decimal, memo: str = "") -> JournalEntry:
    """追回到账: a clawed-back amount has come back to the fund's account."""
    _deny_unless_operator(user)
    return ledger.recover(user, item, amount, memo.strip())


def reverse_entry(user, entry: JournalEntry, reason: str) -> JournalEntry:
    """冲正 an approval or a recovery recorded in error (the ledger says when it may)."""
    _deny_unless_operator(user)
    return ledger.reverse(user, entry, reason)
