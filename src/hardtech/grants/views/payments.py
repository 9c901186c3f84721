"""资金拨付 and 资金台账 pages, the operator's: payable awards and payment batches (make, send, cancel, the bank
transfer file, the bank's result file), the journal with balances per award and totals that tie out, and the
forms to revoke an award (撤销支持), record a clawback coming back (追回到账) and reverse an entry (冲正).

Views parse and render; every write is a call to hardtech.grants.payments, whose refusals reach the user as they
are: on the form that was sent when the page draws it, else (a form the page no longer shows: a result file for
a batch already settled, a batch when nothing is payable, a revocation of an application no longer approved) as
a message after a redirect — never a page that silently ignores the post.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from hardtech.core.views import form_errors, paginate, refusal_on, require
from hardtech.core.workflow import WrongState
from hardtech.grants import ledger, payments, permissions
from hardtech.grants.choices import Account, ApplicationStatus, BatchStatus, EntryKind
from hardtech.grants.ledger import REVERSIBLE, ZERO
from hardtech.grants.models import Application, ApplicationItem, Call, JournalEntry, PaymentBatch, Posting

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BALANCE_FIELDS = ("approved", "payable", "in_transit", "paid", "receivable")
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01")}


def _operator(request: HttpRequest) -> None:
    require(permissions.can_manage(request.user))


def _years() -> list[int]:
    return sorted(set(Call.objects.values_list("year", flat=True)), reverse=True)


# --- forms ------------------------------------------------------------------------------------------------------


class BatchForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, widget=forms.HiddenInput)
    items = forms.TypedMultipleChoiceField(label="支持事项", coerce=int, required=False)
    note = forms.CharField(label="批次备注", max_length=500, required=False)

    def __init__(self, *args, payable: list[payments.Payable], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(p.item.pk, str(p.item)) for p in payable]


class ResultForm(forms.Form):
    file = forms.FileField(label="银行回执文件（.xlsx）")


class RecoveryForm(forms.Form):
    amount = forms.DecimalField(label="到账金额（万元）", **MONEY)
    memo = forms.CharField(label="摘要", max_length=200, required=False, help_text="如：退款凭证号、到账日期")


class ReversalForm(forms.Form):
    reason = forms.CharField(label="冲正理由", max_length=300)


class RevokeForm(forms.Form):
    """The reason, and either everything or, per award of the application, the amount to revoke."""

    reason = forms.CharField(label="撤销理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    everything = forms.BooleanField(label="全部撤销（各条款已核定的金额全部撤销）", required=False)

    def __init__(self, *args, awards: list[tuple[ApplicationItem, ledger.Balances]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.awards = awards
        for item, b in awards:
            self.fields[f"item_{item.pk}"] = forms.DecimalField(
                label=f"第{item.article}条 {item.title} 撤销金额（万元）",
                required=False,
                help_text=f"已核定 {b.approved} 万元，其中已拨付 {b.paid - b.receivable} 万元；留空为不撤销本条",
                **MONEY,
            )

    def clean(self):
        data = super().clean()
        if not data.get("everything") and not any(data.get(f"item_{i.pk}") for i, _ in self.awards):
            raise ValidationError("请选择全部撤销，或填写要撤销的条款金额")
        return data

    def amounts(self) -> dict[int, Decimal] | None:
        """None: everything; else the awards with an amount."""
        if self.cleaned_data["everything"]:
            return None
        chosen = {item.pk: self.cleaned_data[f"item_{item.pk}"] for item, _ in self.awards}
        return {pk: amount for pk, amount in chosen.items() if amount}


# --- payment batches --------------------------------------------------------------------------------------------


def _year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.POST.get("year") or request.GET.get("year") or ""
    if raw.isascii() and raw.isdigit():
        return int(raw)
    return years[0] if years else None


@login_required
def payments_page(request: HttpRequest) -> HttpResponse:
    """拨付: the year's payable awards (ready, or why not) with the form that makes a batch, and the batches."""
    _operator(request)
    years = _years()
    year = _year(request, years)
    listed = payments.payables(year) if year else []
    ready = [p for p in listed if not p.blocked]
    form = BatchForm(request.POST or None, payable=ready, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["items"]
        try:
            batch = payments.create_batch(
                request.user,
                year=form.cleaned_data["year"],
                items=ApplicationItem.objects.filter(pk__in=chosen) if chosen else None,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, f"已生成拨付批次 {batch.number}，核对后提交银行")
            return redirect("grants:payment", batch.pk)
    if request.method == "POST" and not listed:
        # The page draws the batch form only over payable awards.
        return _hidden_refusal(request, form, f"{reverse('grants:payments')}?year={year or ''}")
    batches = PaymentBatch.objects.select_related("created_by").prefetch_related("lines")
    if year:
        batches = batches.filter(year=year)
    return render(
        request,
        "grants/payments.html",
        {
            "years": years,
            "year": year,
            "payables": listed,
            "ready_total": sum((p.amount for p in ready), ZERO),
            "form": form,
            "batches": [(b, sum((line.amount for line in b.lines.all()), ZERO)) for b in batches],
        },
    )


def _hidden_refusal(request: HttpRequest, form: forms.Form, to: str) -> HttpResponse:
    """A post refused from a form the page would not draw: the reason as a message, back to the page."""
    messages.error(request, form_errors(form) or "请求未能办理")
    return redirect(to)


def _batch(pk: int) -> PaymentBatch:
    return get_object_or_404(PaymentBatch.objects.select_related("created_by", "sent_by"), pk=pk)


def _batch_page(
    request: HttpRequest, batch: PaymentBatch, result_form: ResultForm | None = None
) -> HttpResponse:
    lines = payments.numbered_lines(batch)
    return render(
        request,
        "grants/payment_detail.html",
        {
            "batch": batch,
            "lines": lines,
            "total": sum((line.amount for _, line in lines), ZERO),
            "result_form": result_form or ResultForm(),
            "imports": batch.imports.select_related("imported_by"),
            "entries": batch.entries.order_by("pk"),
        },
    )


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _operator(request)
    return _batch_page(request, _batch(pk))


def _step(request: HttpRequest, pk: int, act, done: str) -> HttpResponse:
    _operator(request)
    batch = _batch(pk)
    try:
        act(request.user, batch)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except WrongState as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done.format(batch=batch))
    return redirect("grants:payment", batch.pk)


@require_POST
@login_required
def send(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, payments.send_batch, "拨付批次 {batch.number} 已提交银行：请下载银行转账文件并在网银上传"
    )


@require_POST
@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, payments.cancel_batch, "拨付批次 {batch.number} 已作废，其中的支持事项可重新列入批次"
    )


@login_required
def bank_file(request: HttpRequest, pk: int) -> HttpResponse:
    _operator(request)
    batch = _batch(pk)
    try:
        data = payments.bank_file(batch)
    except WrongState as exc:
        messages.error(request, str(exc))
        return redirect("grants:payment", batch.pk)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(f'{batch.number}-银行转账文件.xlsx')}"
    )
    return response


@require_POST
@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """银行回执: settled and back to the batch, or the refusal (each row named) on the upload form."""
    _operator(request)
    batch = _batch(pk)
    form = ResultForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            record = payments.import_result(request.user, batch, form.cleaned_data["file"])
        except (ValidationError, WrongState) as exc:
            refusal_on(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, f"银行回执已导入：成功 {record.paid} 笔，失败 {record.failed} 笔")
            return redirect("grants:payment", batch.pk)
    batch = _batch(pk)
    if batch.status != BatchStatus.SENT:
        # The upload form is drawn only while the batch is at the bank (e.g. the same file again once settled).
        return _hidden_refusal(request, form, reverse("grants:payment", args=[batch.pk]))
    return _batch_page(request, batch, form)


# --- the ledger -------------------------------------------------------------------------------------------------


class LedgerFilter(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label="业务类型", choices=[("", "全部"), *EntryKind.choices], required=False)
    q = forms.CharField(label="申报主体 / 受理编号", max_length=100, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部"), *((y, f"{y} 年度") for y in _years())]


@dataclass
class Award:
    item: ApplicationItem
    balances: ledger.Balances


@dataclass
class Totals:
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    accounts: dict[str, Decimal] = field(default_factory=dict)


def _totals(postings) -> Totals:
    """Σ debits and Σ credits (they tie out), and each account's balance; summed as Decimals, exactly."""
    t = Totals(accounts=dict.fromkeys(Account.values, ZERO))
    for account, amount in postings.order_by().values_list("account", "amount").iterator(chunk_size=5000):
        if amount > 0:
            t.debit += amount
        else:
            t.credit -= amount
        t.accounts[account] += amount
    return t


def _sum_balances(found: Iterable[ledger.Balances]) -> ledger.Balances:
    found = list(found)
    return ledger.Balances(*(sum((getattr(b, f) for b in found), ZERO) for f in BALANCE_FIELDS))


@login_required
def ledger_page(request: HttpRequest) -> HttpResponse:
    """资金台账: the journal (filtered), each award's balances with column totals, and the trial balance."""
    _operator(request)
    form = LedgerFilter(request.GET or None)
    postings = Posting.objects.all()
    entries = JournalEntry.objects.select_related("created_by", "batch").order_by("-pk")
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            postings = postings.filter(year=data["year"])
        if data["q"]:
            q = data["q"].strip()
            postings = postings.filter(
                Q(applicant__name__icontains=q) | Q(item__application__number__startswith=q)
            )
        if data["kind"]:
            postings = postings.filter(entry__kind=data["kind"])
    entries = entries.filter(pk__in=postings.values("entry_id")).prefetch_related(
        Prefetch("postings", queryset=postings.select_related("item__application__applicant").order_by("pk"))
    )
    page = paginate(request, entries)
    reversed_ids = set(
        JournalEntry.objects.filter(reverses__in=page.object_list).values_list("reverses_id", flat=True)
    )
    item_ids = set(postings.order_by().values_list("item_id", flat=True).distinct())
    items = ApplicationItem.objects.filter(pk__in=item_ids).select_related(
        "application__applicant", "application__call"
    )
    found = ledger.balances_for(item_ids)
    totals = _totals(postings)
    awards = [
        Award(i, found[i.pk]) for i in items.order_by("application__applicant__name", "application_id", "pk")
    ]
    return render(
        request,
        "grants/ledger.html",
        {
            "form": form,
            "page": page,
            "reversible": {
                e.pk for e in page.object_list if e.kind in REVERSIBLE and e.pk not in reversed_ids
            },
            "awards": awards,
            "award_totals": _sum_balances(a.balances for a in awards),
            "totals": totals,
            "accounts": [(label, totals.accounts[code]) for code, label in Account.choices],
            "reversal_form": ReversalForm(),
        },
    )


@require_POST
@login_required
def reverse_entry(request: HttpRequest, pk: int) -> HttpResponse:
    _operator(request)
    entry = get_object_or_404(JournalEntry, pk=pk)
    form = ReversalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "冲正须填写理由")
        return redirect("grants:ledger")
    try:
        reversal = payments.reverse_entry(request.user, entry, form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已冲正分录 #{entry.pk}（冲正分录 #{reversal.pk}）")
    return redirect("grants:ledger")


@login_required
def recover(request: HttpRequest, pk: int) -> HttpResponse:
    """追回到账 of an award with a receivable."""
    _operator(request)
    item = get_object_or_404(
        ApplicationItem.objects.select_related("application__applicant", "application__call"), pk=pk
    )
    form = RecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            payments.record_recovery(
                request.user, item, form.cleaned_data["amount"], form.cleaned_data["memo"]
            )
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, f"已登记 {item} 追回到账 {form.cleaned_data['amount']} 万元")
            return redirect("grants:application", item.application_id)
    return render(
        request, "grants/ledger_recover.html", {"item": item, "balances": ledger.balances(item), "form": form}
    )


@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """撤销支持 of an application's awards, in full or in part, with the reason."""
    _operator(request)
    app = get_object_or_404(Application.objects.select_related("applicant", "call"), pk=pk)
    items = list(app.items.all())
    found = ledger.balances_for(i.pk for i in items)
    awards = [(i, found[i.pk]) for i in items if found[i.pk].approved > ZERO]
    form = RevokeForm(request.POST or None, awards=awards)
    if request.method == "POST" and form.is_valid():
        try:
            payments.revoke_award(request.user, app, form.cleaned_data["reason"], form.amounts())
        except (ValidationError, WrongState) as exc:
            refusal_on(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, "已撤销支持；已拨付的部分记为应追回")
            return redirect("grants:application", app.pk)
    revocable = app.status in (ApplicationStatus.APPROVED, ApplicationStatus.PAID)
    if request.method == "POST" and not (revocable and awards):
        return _hidden_refusal(request, form, reverse("grants:application", args=[app.pk]))
    return render(
        request,
        "grants/ledger_revoke.html",
        {"application": app, "awards": awards, "form": form, "revocable": revocable},
    )


urls = [
    path("payments/", payments_page, name="payments"),
    path("payments/<int:pk>/", batch_detail, name="payment"),
    path("payments/<int:pk>/send/", send, name="payment_send"),
    path("payments/<int:pk>/cancel/", cancel, name="payment_cancel"),
    path("payments/<int:pk>/file/", bank_file, name="payment_file"),
    path("payments/<int:pk>/result/", result, name="payment_result"),
    path("ledger/", ledger_page, name="ledger"),
    path("ledger/entries/<int:pk>/reverse/", reverse_entry, name="ledger_reverse"),
    path("ledger/items/<int:pk>/recover/", recover, name="recover"),
    path("applications/<int:pk>/revoke/", revoke, name="revoke"),
]
