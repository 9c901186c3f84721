"""/api/grants/payments and /api/grants/ledger: 资金拨付 and 资金台账, the operator's — payable awards, payment
batches (make, send, cancel, the bank transfer file, the bank's result file), the journal with its totals and
each award's balances, and revoking an award, recording a recovery, reversing an entry.

Every write goes through hardtech.grants.payments. Anyone but the operator gets a 403; a batch or entry that
does not exist a 404 (an application the caller may not see as well); a step the batch's or application's state
does not allow a 409; bad input a 422 naming what is wrong. Reads take the session or a token, writes a token.
"""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from hardtech.core.api.auth import token_auth
from hardtech.core.api.common import caller, forbid_unless, paginate, refusals
from hardtech.core.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    Id,
    Page,
    PageParams,
    choice,
    text,
)
from hardtech.core.workflow import WrongState
from hardtech.grants import ledger, payments, permissions
from hardtech.grants.choices import BatchStatus, EntryKind
from hardtech.grants.models import Application, ApplicationItem, JournalEntry, PaymentBatch, Posting

router = Router(tags=["政策兑现"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READ = {**READ_ERRORS, 403: ErrorOut}
WRITE = WRITE_ERRORS
OPERATOR_ONLY = "只有管委会可以查看和办理资金拨付"


def _operator(request: HttpRequest) -> None:
    forbid_unless(permissions.can_manage(caller(request)), OPERATOR_ONLY)


# --- shapes -----------------------------------------------------------------------------------------------------


class AwardBalancesOut(Schema):
    approved: Decimal = Field(description="核定（净额）")
    payable: Decimal = Field(description="应付未拨")
    in_transit: Decimal = Field(description="拨付在途")
    paid: Decimal = Field(description="已拨付")
    receivable: Decimal = Field(description="应追回")
    outstanding: Decimal = Field(description="待拨付（应付 + 在途）")


class LedgerAwardOut(Schema):
    item_id: int
    application_id: int
    application_number: str | None
    applicant: str
    year: int
    article: str
    title: str
    balances: AwardBalancesOut


class PaymentPayableOut(Schema):
    item_id: int
    application_id: int
    applicant: str
    article: str
    amount: Decimal = Field(description="应付金额（万元）")
    blocked: str = Field(description="不能列入批次的原因（空：可以）")


class PaymentLineOut(Schema):
    id: int
    reference: str = Field(description="业务参考号")
    item_id: int
    applicant: str
    article: str
    amount: Decimal
    account_name: str
    account_number: str
    bank_name: str
    bank_code: str
    status: str
    status_label: str
    bank_reference: str
    failure_reason: str


class PaymentBatchOut(Schema):
    id: int
    number: str
    year: int
    status: str
    status_label: str
    note: str
    lines: int
    total: Decimal
    created_at: datetime
    sent_at: datetime | None
    settled_at: datetime | None


class PaymentBatchDetail(PaymentBatchOut):
    items: list[PaymentLineOut]


class PaymentBatchPage(Page):
    items: list[PaymentBatchOut]


class PaymentBatchFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="年度")
    status: str | None = choice(BatchStatus, "批次状态", None)


class PaymentBatchIn(Schema):
    year: int = Field(ge=2000, le=2100, description="年度")
    item_ids: list[Id] | None = Field(
        None, max_length=500, description="列入的支持事项；省略则为该年度全部可拨付事项"
    )
    note: str = Field("", max_length=500)


class BankResultOut(Schema):
    id: int
    name: str
    paid: int
    failed: int
    batch: PaymentBatchOut


class LedgerPostingOut(Schema):
    account: str
    account_label: str
    item_id: int
    amount: Decimal = Field(description="借正贷负（万元）")


class LedgerEntryOut(Schema):
    id: int
    kind: str
    kind_label: str
    memo: str
    batch: str | None
    reverses: int | None
    created_at: datetime
    postings: list[LedgerPostingOut]


class LedgerPage(Page):
    debit: Decimal = Field(description="借方合计（随筛选条件）")
    credit: Decimal = Field(description="贷方合计（随筛选条件）")
    balanced: bool
    items: list[LedgerEntryOut]


class LedgerFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    applicant: Id | None = Field(None, description="申报主体（机构 id）")
    kind: str | None = choice(EntryKind, "业务类型", None)


class RevokeAwardIn(Schema):
    reason: str = Field(min_length=1, max_length=500)
    amounts: dict[str, Decimal] | None = Field(
        None, description='各支持事项撤销金额 {"<item id>": "20.00"}；省略为全部撤销'
    )


class RecoveryIn(Schema):
    amount: Decimal = Field(description="到账金额（万元）")
    memo: str = text(200, "摘要")


class ReversalIn(Schema):
    reason: str = Field(min_length=1, max_length=300)


# --- helpers ----------------------------------------------------------------------------------------------------


def _balances(b: ledger.Balances) -> dict:
    return {
        **{f: getattr(b, f) for f in ("approved", "payable", "in_transit", "paid", "receivable")},
        "outstanding": b.outstanding,
    }


def _award_out(i: ApplicationItem, b: ledger.Balances) -> dict:
    return {
        "item_id": i.pk,
        "application_id": i.application_id,
        "application_number": i.application.number,
        "applicant": i.application.applicant.name,
        "year": i.application.call.year,
        "article": i.article,
        "title": i.title,
        "balances": _balances(b),
    }


def _entry_out(e: JournalEntry, postings) -> dict:
    return {
        "id": e.pk,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "memo": e.memo,
        "batch": e.batch.number if e.batch_id else None,
        "reverses": e.reverses_id,
        "created_at": e.created_at,
        "postings": [
            {
                "account": p.account,
                "account_label": p.get_account_display(),
                "item_id": p.item_id,
                "amount": p.amount,
            }
            for p in postings
        ],
    }


def _batch_out(b: PaymentBatch) -> dict:
    lines = list(b.lines.all())
    return {
        "id": b.pk,
        "number": b.number,
        "year": b.year,
        "status": b.status,
        "status_label": b.get_status_display(),
        "note": b.note,
        "lines": len(lines),
        "total": sum((line.amount for line in lines), ledger.ZERO),
        "created_at": b.created_at,
        "sent_at": b.sent_at,
        "settled_at": b.settled_at,
    }


def _batch_detail(b: PaymentBatch) -> dict:
    b = PaymentBatch.objects.get(pk=b.pk)
    return {
        **_batch_out(b),
        "items": [
            {
                "id": line.pk,
                "reference": ref,
                "item_id": line.item_id,
                "applicant": line.item.application.applicant.name,
                "article": line.item.article,
                "amount": line.amount,
                "account_name": line.account_name,
                "account_number": line.account_number,
                "bank_name": line.bank_name,
                "bank_code": line.bank_code,
                "status": line.status,
                "status_label": line.get_status_display(),
                "bank_reference": line.bank_reference,
                "failure_reason": line.failure_reason,
            }
            for ref, line in payments.numbered_lines(b)
        ],
    }


def _batch(request: HttpRequest, batch_id: int) -> PaymentBatch:
    _operator(request)
    return get_object_or_404(PaymentBatch, pk=batch_id)


# --- batches ----------------------------------------------------------------------------------------------------


@router.get("/payments", auth=token_auth, response={200: PaymentBatchPage, **READ}, summary="拨付批次列表")
def list_batches(request: HttpRequest, filters: Query[PaymentBatchFilters], page: Query[PageParams]) -> dict:
    _operator(request)
    qs = PaymentBatch.objects.prefetch_related("lines")
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    found = paginate(qs, page)
    return {**found, "items": [_batch_out(b) for b in found["items"]]}


@router.get(
    "/payments/payables", auth=token_auth, response={200: list[PaymentPayableOut], **READ}, summary="应付未拨"
)
def list_payables(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100)) -> list[dict]:
    """Every award with a payable balance; `blocked` says why one cannot go into a batch now."""
    _operator(request)
    return [
        {
            "item_id": p.item.pk,
            "application_id": p.item.application_id,
            "applicant": p.item.application.applicant.name,
            "article": p.item.article,
            "amount": p.amount,
            "blocked": p.blocked,
        }
        for p in payments.payables(year)
    ]


@router.get(
    "/payments/{batch_id}",
    auth=token_auth,
    response={200: PaymentBatchDetail, **READ},
    summary="拨付批次详情",
)
def get_batch(request: HttpRequest, batch_id: Id) -> dict:
    return _batch_detail(_batch(request, batch_id))


@router.post(
    "/payments", auth=token_auth, response={201: PaymentBatchDetail, **WRITE}, summary="生成拨付批次"
)
def create_batch(request: HttpRequest, payload: PaymentBatchIn):
    _operator(request)
    items = None
    if payload.item_ids is not None:
        items = list(ApplicationItem.objects.filter(pk__in=payload.item_ids))
        if missing := sorted(set(payload.item_ids) - {i.pk for i in items}):
            raise ValidationError({"item_ids": f"支持事项不存在：{'、'.join(map(str, missing))}"})
    with refusals(WrongState):
        batch = payments.create_batch(caller(request), year=payload.year, items=items, note=payload.note)
    return Status(201, _batch_detail(batch))


@router.post(
    "/payments/{batch_id}/send",
    auth=token_auth,
    response={200: PaymentBatchDetail, **WRITE},
    summary="提交银行",
)
def send_batch(request: HttpRequest, batch_id: Id) -> dict:
    batch = _batch(request, batch_id)
    with refusals(WrongState):
        payments.send_batch(caller(request), batch)
    return _batch_detail(batch)


@router.post(
    "/payments/{batch_id}/cancel",
    auth=token_auth,
    response={200: PaymentBatchDetail, **WRITE},
    summary="作废批次",
)
def cancel_batch(request: HttpRequest, batch_id: Id) -> dict:
    batch = _batch(request, batch_id)
    with refusals(WrongState):
        payments.cancel_batch(caller(request), batch)
    return _batch_detail(batch)


@router.get(
    "/payments/{batch_id}/file",
    auth=token_auth,
    response={200: None, **READ, 409: ErrorOut},
    summary="银行转账文件（.xlsx）",
    openapi_extra={"responses": {200: {"description": "xlsx", "content": {XLSX: {}}}}},
)
def batch_file(request: HttpRequest, batch_id: Id):
    """The bank batch-transfer file (columns in grants.bankfile); once the batch is sent."""
    batch = _batch(request, batch_id)
    with refusals(WrongState):
        data = payments.bank_file(batch)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{batch.number}.xlsx"'
    return response


@router.post(
    "/payments/{batch_id}/result",
    auth=token_auth,
    response={201: BankResultOut, **WRITE},
    summary="导入银行回执",
)
def import_result(request: HttpRequest, batch_id: Id, file: File[UploadedFile]):
    """multipart/form-data `file`: the bank's result file (.xlsx). The same file twice, a row not of the batch,
    an amount or account that differs: 422 naming each row, nothing recorded."""
    batch = _batch(request, batch_id)
    with refusals(WrongState):
        record = payments.import_result(caller(request), batch, file)
    batch = PaymentBatch.objects.prefetch_related("lines").get(pk=batch.pk)
    return Status(
        201,
        {
            "id": record.pk,
            "name": record.name,
            "paid": record.paid,
            "failed": record.failed,
            "batch": _batch_out(batch),
        },
    )


# --- the ledger -------------------------------------------------------------------------------------------------


@router.get("/ledger", auth=token_auth, response={200: LedgerPage, **READ}, summary="资金台账分录")
def journal(request: HttpRequest, filters: Query[LedgerFilters], page: Query[PageParams]) -> dict:
    """Entries newest first with their postings (those the filters select), and Σ debits = Σ credits."""
    _operator(request)
    postings = Posting.objects.all()
    if filters.year:
        postings = postings.filter(year=filters.year)
    if filters.applicant:
        postings = postings.filter(applicant_id=filters.applicant)
    if filters.kind:
        postings = postings.filter(entry__kind=filters.kind)
    debit = credit = ledger.ZERO
    for amount in postings.order_by().values_list("amount", flat=True).iterator(chunk_size=5000):
        if amount > 0:
            debit += amount
        else:
            credit -= amount
    entries = (
        JournalEntry.objects.filter(pk__in=postings.values("entry_id"))
        .select_related("batch")
        .order_by("-pk")
    )
    found = paginate(entries, page)
    return {
        **found,
        "debit": debit,
        "credit": credit,
        "balanced": debit == credit,
        "items": [_entry_out(e, postings.filter(entry=e).order_by("pk")) for e in found["items"]],
    }


@router.get(
    "/ledger/awards", auth=token_auth, response={200: list[LedgerAwardOut], **READ}, summary="各支持事项余额"
)
def awards(
    request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100), applicant: Id | None = None
) -> list[dict]:
    _operator(request)
    postings = Posting.objects.all()
    if year:
        postings = postings.filter(year=year)
    if applicant:
        postings = postings.filter(applicant_id=applicant)
    ids = set(postings.order_by().values_list("item_id", flat=True).distinct())
    found = ledger.balances_for(ids)
    items = ApplicationItem.objects.filter(pk__in=ids).select_related(
        "application__applicant", "application__call"
    )
    return [_award_out(i, found[i.pk]) for i in items.order_by("pk")]


@router.post(
    "/applications/{application_id}/revoke",
    auth=token_auth,
    response={200: list[LedgerAwardOut], **WRITE},
    summary="撤销支持（追回已拨付部分）",
)
def revoke(request: HttpRequest, application_id: Id, payload: RevokeAwardIn) -> list[dict]:
    app = Application.objects.select_related("applicant", "call").filter(pk=application_id).first()
    if app is None or not permissions.can_view(caller(request), app):
        raise Http404
    _operator(request)
    amounts = None
    if payload.amounts is not None:
        try:
            amounts = {int(k): v for k, v in payload.amounts.items()}
        except ValueError:
            raise ValidationError({"amounts": "键须为支持事项 id"}) from None
    with refusals(WrongState):
        payments.revoke_award(caller(request), app, payload.reason, amounts)
    items = list(app.items.select_related("application__applicant", "application__call"))
    found = ledger.balances_for(i.pk for i in items)
    return [_award_out(i, found[i.pk]) for i in items]


@router.post(
    "/ledger/items/{item_id}/recover",
    auth=token_auth,
    response={200: LedgerAwardOut, **WRITE},
    summary="登记追回到账",
)
def recover(request: HttpRequest, item_id: Id, payload: RecoveryIn) -> dict:
    _operator(request)
    item = get_object_or_404(
        ApplicationItem.objects.select_related("application__applicant", "application__call"), pk=item_id
    )
    with refusals(WrongState):
        payments.record_recovery(caller(request), item, payload.amount, payload.memo or "")
    return _award_out(item, ledger.balances(item))


@router.post(
    "/ledger/entries/{entry_id}/reverse",
    auth=token_auth,
    response={201: LedgerEntryOut, **WRITE},
    summary="冲正分录",
)
def reverse(request: HttpRequest, entry_id: Id, payload: ReversalIn):
    _operator(request)
    entry = get_object_or_404(JournalEntry, pk=entry_id)
    with refusals(WrongState):
        made = payments.reverse_entry(caller(request), entry, payload.reason)
    return Status(201, _entry_out(made, made.postings.order_by("pk")))
