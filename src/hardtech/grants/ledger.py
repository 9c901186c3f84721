"""The one write path of the ledger (资金台账): approvals, payments sent, paid or failed, revocations, clawbacks,
recoveries and reversing entries — each a balanced journal entry, written in one transaction after its checks.

Per award (an application item) the accounts read:
    approved   = expense          核定（净额，撤销后减少）
    payable    = −payable         应付未拨
    in_transit = −in_transit      已提交银行、待回执
    paid       = −bank            已拨付净额（追回到账后减少）
    receivable = receivable       应追回未到账
and always approved = payable + in_transit + paid − receivable (the entries balance). The checks keep payable,
in_transit and receivable from going below zero — so nothing is sent beyond what is payable and the sum paid
never exceeds the approved — keep the approved amount within the engine's amount for the article, and keep an
applicant's counted approvals of a policy year within the annual cap (第五条), across every article, call and
offer. Writes for one applicant are serialised on its organisation row, so two approvals at once cannot both
pass the cap.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hardtech.catalogue.models import Organisation
from hardtech.grants.choices import ENDED_STATUSES, Account, ApplicationStatus, Decision, EntryKind
from hardtech.grants.models import ApplicationItem, JournalEntry, PaymentBatch, Posting

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
LIMIT = Decimal("1e12")  # 万元: the 14 digits a money column holds
REVERSIBLE = (EntryKind.APPROVAL, EntryKind.RECOVERY)


@dataclass(frozen=True)
class Balances:
    approved: Decimal = ZERO
    payable: Decimal = ZERO
    in_transit: Decimal = ZERO
    paid: Decimal = ZERO
    receivable: Decimal = ZERO

    @property
    def outstanding(self) -> Decimal:
        """待拨付: approved and not yet paid out (payable or at the bank)."""
        return self.payable + self.in_transit


def _from_sums(sums: dict[str, Decimal]) -> Balances:
    return Balances(
        approved=sums.get(Account.EXPENSE, ZERO),
        payable=-sums.get(Account.PAYABLE, ZERO),
        in_transit=-sums.get(Account.IN_TRANSIT, ZERO),
        paid=-sums.get(Account.BANK, ZERO),
        receivable=sums.get(Account.RECEIVABLE, ZERO),
    )


def _sums(item_ids: Iterable[int]) -> dict[int, dict[str, Decimal]]:
    """Per award and account, the sum of its postings — added up here as Decimals, since SQLite would sum them
    as floats (0.00999… for 0.01)."""
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    rows = Posting.objects.filter(item_id__in=list(item_ids)).values_list("item_id", "account", "amount")
    for item_id, account, amount in rows.iterator(chunk_size=5000):
        sums[item_id][account] += amount
    return sums


def balances_for(item_ids: Iterable[int]) -> dict[int, Balances]:
    """Each award's balances, in one query (awards without postings are all zero)."""
    ids = list(item_ids)
    sums = _sums(ids)
    return {pk: _from_sums(sums.get(pk, {})) for pk in ids}


def balances(item: ApplicationItem) -> Balances:
    return balances_for([item.pk])[item.pk]


def annual_cap(policy_name: str) -> Decimal | None:
    """第五条: the policy's cap on one applicant's support in one year (None when the policy has none)."""
    from hardtech.policies.views.running import policy_named

    cap = policy_named(policy_name).annual_cap
    return None if cap is None else Decimal(cap.amount).quantize(CENT)


def _counted(approved: Decimal, exempt: Decimal) -> Decimal:
    return max(ZERO, approved - exempt)


def committed(
    applicant_id: int,
    policy: str,
    year: int,
    *,
    replacing: ApplicationItem | None = None,
    amount: Decimal = ZERO,
) -> Decimal:
    """What the applicant's support of the policy year counts towards the annual cap: for awards in the ledger
    what is approved plus what was paid and is still to be clawed back (revoked money frees the cap only once it
    is back), and decisions to approve not yet in the ledger. With `replacing`, that item's approved amount is
    counted as `amount` instead."""
    items = list(
        ApplicationItem.objects.filter(
            application__applicant_id=applicant_id,
            application__call__policy=policy,
            application__call__year=year,
        )
        .select_related("application")
        .only("pk", "exempt", "decision", "approved_amount", "application__status")
    )
    sums = _sums(i.pk for i in items)
    total = ZERO
    for i in items:
        posted = _from_sums(sums[i.pk]) if i.pk in sums else None
        if replacing is not None and i.pk == replacing.pk:
            value = amount
        elif (
            posted is not None
        ):  # in the ledger (even if since revoked to nothing): the ledger says what counts
            value = posted.approved
        else:
            standing = i.decision == Decision.APPROVED and i.application.status not in ENDED_STATUSES
            value = (i.approved_amount or ZERO) if standing else ZERO
        total += _counted(value + (posted.receivable if posted else ZERO), i.exempt)
    if replacing is not None and replacing.pk not in {i.pk for i in items}:
        total += _counted(amount, replacing.exempt)
    return total


def taken_articles(applicant_id: int, policy: str, year: int, *, besides: int | None = None) -> set[str]:
    """The articles the applicant has in an application or offer of the policy year that stands (any call;
    not withdrawn, declined, lapsed or rejected, and not refused there), other than application `besides`: an
    article pays an applicant once a year."""
    items = ApplicationItem.objects.filter(
        application__applicant_id=applicant_id,
        application__call__policy=policy,
        application__call__year=year,
    ).exclude(application__status__in=ENDED_STATUSES)
    items = items.exclude(decision=Decision.REJECTED)
    # a draft left when its call closed was never an application: its articles are free
    items = items.exclude(
        application__status=ApplicationStatus.DRAFT, application__call__deadline__lt=timezone.now()
    )
    if besides is not None:
        items = items.exclude(application_id=besides)
    return set(items.values_list("article", flat=True))


def check_amount(item: ApplicationItem, amount: Decimal) -> None:
    """Refuse an approved amount for `item` above the article's engine amount, for an article the applicant has
    in another standing application or offer of the year, or beyond the annual cap."""
    if amount < ZERO:
        raise ValidationError({"amount": "核定金额不能为负数"})
    if amount > item.computed:
        raise ValidationError(
            {"amount": f"核定金额 {amount} 万元超过第{item.article}条测算上限 {item.computed} 万元"}
        )
    application = item.application
    call = application.call
    if amount and item.article in taken_articles(
        application.applicant_id, call.policy, call.year, besides=application.pk
    ):
        raise ValidationError(
            {
                "amount": f"{application.applicant.name} {call.year} 年度已另有申报或兑现包含第{item.article}条，同一条款一年只兑现一次"
            }
        )
    cap = annual_cap(call.policy)
    if cap is None:
        return
    after = committed(application.applicant_id, call.policy, call.year, replacing=item, amount=amount)
    if after > cap:
        before = committed(application.applicant_id, call.policy, call.year, replacing=item, amount=ZERO)
        raise ValidationError(
            {
                "amount": f"超过年度支持上限 {cap} 万元（第五条）：{application.applicant.name} {call.year} "
                f"年度已核定（含待拨付、待追回）计入上限 {before} 万元，本项最多可核定 {max(ZERO, cap - before)} 万元"
            }
        )


def _post(
    kind: str,
    user,
    lines: Sequence[tuple[str, ApplicationItem, Decimal]],
    *,
    memo: str = "",
    batch: PaymentBatch | None = None,
    reverses: JournalEntry | None = None,
) -> JournalEntry:
    if sum((amount for _, _, amount in lines), ZERO) != ZERO:
        raise ValueError("unbalanced journal entry")
    entry = JournalEntry.objects.create(
        kind=kind,
        memo=memo[:500],
        batch=batch,
        reverses=reverses,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    Posting.objects.bulk_create(
        Posting(
            entry=entry,
            account=account,
            item=item,
            applicant_id=item.application.applicant_id,
            year=item.application.call.year,
            amount=amount,
        )
        for account, item, amount in lines
        if amount
    )
    return entry


def _locked(item: ApplicationItem) -> ApplicationItem:
    """The item with its applicant's row locked (serialises every ledger write of that applicant)."""
    Organisation.objects.select_for_update().filter(pk=item.application.applicant_id).first()
    return (
        ApplicationItem.objects.select_for_update()
        .select_related("application__call", "application__applicant")
        .get(pk=item.pk)
    )


def positive_amount(amount, what: str) -> Decimal:
    """`amount` as a sum of money: above 0, to the cent, within a money column; refused naming `what`."""
    refusal = ValidationError({"amount": f"{what}须为大于 0、最多两位小数的金额（万元）"})
    try:
        amount = Decimal(str(amount).strip())
        exact = amount == amount.quantize(CENT)
    except (InvalidOperation, TypeError, ValueError):  # 1E+400 and the like cannot be kept to the cent
        raise refusal from None
    if not exact or amount <= ZERO or amount >= LIMIT:  # NaN is never exact (and cannot be compared)
        raise refusal
    return amount


def approve(user, item: ApplicationItem, amount: Decimal, memo: str = "") -> JournalEntry:
    """核定支持: the award becomes payable (Dr 支出 / Cr 应付)."""
    amount = positive_amount(amount, "核定金额")
    with transaction.atomic():
        item = _locked(item)
        check_amount(item, balances(item).approved + amount)
        return _post(
            EntryKind.APPROVAL,
            user,
            [(Account.EXPENSE, item, amount), (Account.PAYABLE, item, -amount)],
            memo=memo or f"{item} 核定支持",
        )


def send(user, batch: PaymentBatch, lines: Iterable[tuple[ApplicationItem, Decimal]]) -> JournalEntry:
    """提交银行: each line's amount moves from payable to in transit; a line beyond what is payable refuses the
    whole batch (nothing is written)."""
    with transaction.atomic():
        postings: list[tuple[str, ApplicationItem, Decimal]] = []
        wanted: dict[int, Decimal] = defaultdict(lambda: ZERO)
        locked: dict[int, ApplicationItem] = {}
        for item, amount in sorted(lines, key=lambda pair: (pair[0].application.applicant_id, pair[0].pk)):
            amount = positive_amount(amount, "拨付金额")
            locked.setdefault(item.pk, _locked(item))
            wanted[item.pk] += amount
            postings += [
                (Account.PAYABLE, locked[item.pk], amount),
                (Account.IN_TRANSIT, locked[item.pk], -amount),
            ]
        have = balances_for(wanted)
        for pk, amount in wanted.items():
            if amount > have[pk].payable:
                raise ValidationError(
                    f"拨付批次超额：{locked[pk]} 应付余额 {have[pk].payable} 万元，本批拟拨付 {amount} 万元"
                )
        return _post(EntryKind.SENT, user, postings, memo=f"拨付批次 {batch.number} 提交银行", batch=batch)


def settle(
    user, batch: PaymentBatch, item: ApplicationItem, amount: Decimal, *, paid: bool, memo: str = ""
) -> JournalEntry:
    """银行回执: a paid line leaves in transit for the bank (Dr 在途 / Cr 银行); a failed one goes back to payable."""
    amount = positive_amount(amount, "回执金额")
    with transaction.atomic():
        item = _locked(item)
        if amount > balances(item).in_transit:
            raise ValidationError(f"{item} 在途金额不足 {amount} 万元，不能登记银行回执")
        other = Account.BANK if paid else Account.PAYABLE
        return _post(
            EntryKind.PAID if paid else EntryKind.FAILED,
            user,
            [(Account.IN_TRANSIT, item, amount), (other, item, -amount)],
            memo=memo,
            batch=batch,
        )


def revoke(user, item: ApplicationItem, reason: str, amount: Decimal | None = None) -> JournalEntry:
    """撤销支持 (in full, or `amount` of it): what is still payable is cancelled; what was paid becomes a
    receivable to claw back (追回). Refused while a payment of the award is at the bank."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "撤销支持须填写理由"})
    with transaction.atomic():
        item = _locked(item)
        b = balances(item)
        if b.in_transit:
            raise ValidationError(f"{item} 有 {b.in_transit} 万元拨付在途，请待银行回执后再撤销")
        amount = b.approved if amount is None else positive_amount(amount, "撤销金额")
        if amount <= ZERO or amount > b.approved:
            raise ValidationError({"amount": f"撤销金额不能超过已核定的 {b.approved} 万元"})
        cancelled = min(amount, b.payable)
        clawback = amount - cancelled
        return _post(
            EntryKind.REVOCATION,
            user,
            [
                (Account.PAYABLE, item, cancelled),
                (Account.RECEIVABLE, item, clawback),
                (Account.EXPENSE, item, -amount),
            ],
            memo=f"{item} 撤销支持：{reason}" + (f"（追回 {clawback} 万元）" if clawback else ""),
        )


def recover(user, item: ApplicationItem, amount: Decimal, memo: str = "") -> JournalEntry:
    """追回到账: a clawed-back amount returned to the fund's account (Dr 银行 / Cr 应收)."""
    amount = positive_amount(amount, "追回金额")
    with transaction.atomic():
        item = _locked(item)
        if amount > balances(item).receivable:
            raise ValidationError({"amount": f"追回金额超过应追回余额 {balances(item).receivable} 万元"})
        return _post(
            EntryKind.RECOVERY,
            user,
            [(Account.BANK, item, amount), (Account.RECEIVABLE, item, -amount)],
            memo=memo or f"{item} 追回到账",
        )


def reverse(user, entry: JournalEntry, reason: str) -> JournalEntry:
    """冲正: an approval or a recovery recorded in error is undone by an entry of the opposite postings — only
    while what it moved is still there (an approval's amount still payable, a recovery's still in the bank)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "冲正须填写理由"})
    with transaction.atomic():
        entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.kind not in REVERSIBLE:
            raise ValidationError(
                f"“{entry.get_kind_display()}”分录不能冲正（拨付与回执随批次处理，撤销请用撤销支持）"
            )
        if JournalEntry.objects.filter(reverses=entry).exists():
            raise ValidationError("该分录已冲正")
        postings = list(entry.postings.select_related("item__application__call"))
        for item in {p.item_id: p.item for p in postings}.values():
            _locked(item)
        lines = [(p.account, p.item, -p.amount) for p in postings]
        after = balances_for({p.item_id for p in postings})
        for account, item, amount in lines:
            b = after[item.pk]
            moved = _from_sums({account: amount})
            after[item.pk] = Balances(*(x + y for x, y in zip(_fields(b), _fields(moved), strict=True)))
        for b in after.values():
            if min(b.payable, b.in_transit, b.receivable, b.approved) < ZERO:
                raise ValidationError("冲正后余额将为负（款项已拨付或已处理），不能冲正")
        return _post(EntryKind.REVERSAL, user, lines, memo=f"冲正 #{entry.pk}：{reason}", reverses=entry)


def _fields(b: Balances) -> tuple[Decimal, ...]:
    return (b.approved, b.payable, b.in_transit, b.paid, b.receivable)
