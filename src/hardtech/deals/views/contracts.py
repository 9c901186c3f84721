"""技术合同认定登记 pages: the team's record form (with its non-technical cost lines), the record as the
registration form shows it (costs, status, corrections, the registration certificate), the registrar's queue and
steps (return, register, correct), and the Excel export and import of registration records. Thin views: every
write goes through hardtech.deals.contracts; a refusal is shown on the form that was sent."""

import io
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from hardtech.catalogue.services import Conflict
from hardtech.core.history import history_rows
from hardtech.core.views import paginate, refusal_on, require
from hardtech.deals import contracts, permissions
from hardtech.deals.choices import ContractStatus, ContractType, CostKind
from hardtech.deals.importer import export_contracts, import_contracts
from hardtech.deals.models import Contract
from hardtech.spreadsheets.forms import ImportOptions

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COST_ROWS = 3  # blank cost lines offered below the stored ones


# --- forms ------------------------------------------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ContractForm(forms.ModelForm):
    """The registration form's fields; the model's checks (credit codes, regions, buyer ≠ seller, transfer
    contracts' expected figures) run on submission, the services' (costs against the total) after."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Contract
        fields = list(contracts.EDITABLE)
        widgets = {
            "signed_on": DateInput,
            "valid_from": DateInput,
            "valid_to": DateInput,
        }
        help_texts = {
            "buyer_region": "GB/T 2260 六位行政区划代码，如 610131",
            "seller_region": "GB/T 2260 六位行政区划代码，如 610131",
            "buyer_credit_code": "18 位；自然人可不填",
            "seller_credit_code": "18 位；自然人可不填",
            "expected_investment": "技术转让合同必填",
            "expected_output": "技术转让合同必填",
        }

    def _post_clean(self) -> None:
        # The model's checks run in the services, on the locked record; here only the fields' own.
        pass

    def fields_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in contracts.EDITABLE}


class CostForm(forms.Form):
    kind = forms.ChoiceField(label="费用类别", choices=[("", "—"), *CostKind.choices], required=False)
    description = forms.CharField(label="说明", max_length=200, required=False)
    amount = forms.DecimalField(
        label="金额（万元）", max_digits=14, decimal_places=2, min_value=0, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("amount") is not None and not data.get("kind"):
            self.add_error("kind", "请选择费用类别")
        if data.get("kind") and data.get("amount") is None:
            self.add_error("amount", "请填写金额")
        return data


CostFormSet = forms.formset_factory(CostForm, extra=0, max_num=30, absolute_max=30)


def cost_formset(request: HttpRequest, contract: Contract | None = None) -> forms.BaseFormSet:
    initial = [
        {"kind": kind, "description": description, "amount": amount}
        for kind, description, amount in (contracts.cost_rows(contract) if contract else [])
    ]
    if request.method == "POST":
        return CostFormSet(request.POST, prefix="costs")
    return CostFormSet(prefix="costs", initial=initial + [{}] * COST_ROWS)


def costs_of(formset: forms.BaseFormSet) -> list[contracts.Cost]:
    return [
        (f.cleaned_data["kind"], f.cleaned_data.get("description", ""), f.cleaned_data["amount"])
        for f in formset.forms
        if f.cleaned_data.get("kind") and f.cleaned_data.get("amount") is not None
    ]


class RegisterForm(forms.Form):
    contract_type = forms.ChoiceField(label="认定的合同类型", choices=ContractType.choices)
    technology_amount = forms.DecimalField(
        label="核定技术交易额（万元）", max_digits=14, decimal_places=2, min_value=0
    )
    note = forms.CharField(
        label="登记意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(forms.Form):
    note = forms.CharField(label="退回补正意见", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class CorrectForm(ContractForm):
    technology_amount = forms.DecimalField(
        label="技术交易额（万元）",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="留空：按合同总额减非技术性费用计算",
    )
    reason = forms.CharField(label="更正理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class RegistryFilter(forms.Form):
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *ContractStatus.choices], required=False)
    type = forms.ChoiceField(label="合同类型", choices=[("", "全部"), *ContractType.choices], required=False)
    year = forms.IntegerField(label="签订年度", min_value=1985, max_value=2100, required=False)
    q = forms.CharField(label="关键词", max_length=100, required=False)


class ContractImportForm(ImportOptions):
    file = forms.FileField(label="登记记录文件（.xlsx）")
    field_order = ["file", "mode", "dry_run"]


# --- reading ----------------------------------------------------------------------------------------------------


def _contract(request: HttpRequest, pk: int) -> Contract:
    """The record, or a 404 for whoever may not see it (drafts are never revealed to the registry)."""
    contract = get_object_or_404(
        Contract.objects.select_related("deal", "buyer", "seller", "registrar"), pk=pk
    )
    if not permissions.can_view_contract(request.user, contract):
        raise Http404
    return contract


def _deal(request: HttpRequest, deal_pk: int):
    return get_object_or_404(permissions.visible_deals(request.user), pk=deal_pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    user = request.user
    may_register = permissions.can_register(user, contract)
    context = {
        "contract": contract,
        "costs": contract.costs.all(),
        "revisions": contract.revisions.select_related("corrected_by"),
        "non_technical": contract.non_technical_total(),
        "may_edit": permissions.can_edit_contract(user, contract),
        "may_register": may_register,
        "may_correct": permissions.can_correct(user, contract),
        "registry": contracts.registry_name(contract.registration_no),
        "may_see_deal": contract.deal is not None and permissions.can_view(user, contract.deal),
        "history": history_rows(contract) if permissions.can_import_contracts(user) else None,
    }
    if may_register:
        context["register_form"] = RegisterForm(
            initial={"contract_type": contract.contract_type, "technology_amount": contract.technology_amount}
        )
        context["return_form"] = ReturnForm()
    return render(request, "deals/contract_detail.html", context)


# --- the team's pages -------------------------------------------------------------------------------------------


@login_required
def new(request: HttpRequest, deal_pk: int) -> HttpResponse:
    deal = _deal(request, deal_pk)
    existing = Contract.objects.filter(deal=deal).first()
    if existing is not None:
        return redirect("deals:contract", existing.pk)
    require(permissions.can_work(request.user, deal))
    form = ContractForm(request.POST or None, initial=contracts.prefill(deal))
    formset = cost_formset(request)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            contract = contracts.draft_contract(request.user, deal, form.fields_data(), costs_of(formset))
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, "技术合同登记信息已保存为草稿，核对无误后提交认定登记")
            return redirect("deals:contract", contract.pk)
    return render(
        request,
        "deals/contract_form.html",
        {"form": form, "formset": formset, "deal": deal, "contract": None},
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    require(permissions.can_edit_contract(request.user, contract))
    form = ContractForm(
        request.POST or None, instance=Contract.objects.get(pk=pk), initial={"version": contract.version}
    )
    formset = cost_formset(request, contract)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            contracts.save_contract(
                request.user, contract, form.fields_data(), costs_of(formset), form.cleaned_data["version"]
            )
        except Conflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, "技术合同登记信息已保存")
            return redirect("deals:contract", contract.pk)
    return render(
        request,
        "deals/contract_form.html",
        {"form": form, "formset": formset, "deal": contract.deal, "contract": contract},
    )


@require_POST
@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    require(permissions.can_edit_contract(request.user, contract))
    try:
        contracts.submit(request.user, contract)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已提交认定登记，登记员将进行审核")
    return redirect("deals:contract", contract.pk)


# --- the registrar's pages --------------------------------------------------------------------------------------


@login_required
def registry(request: HttpRequest) -> HttpResponse:
    """登记台: submitted records first (oldest submission first), then the others, newest first."""
    require(permissions.can_import_contracts(request.user))
    form = RegistryFilter(request.GET or None)
    queryset = permissions.visible_contracts(request.user).select_related("deal")
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["type"]:
            queryset = queryset.filter(contract_type=data["type"])
        if data["year"]:
            queryset = queryset.annotate(signed_year=ExtractYear("signed_on")).filter(
                signed_year=data["year"]
            )
        if data["q"]:
            q = data["q"]
            queryset = queryset.filter(
                Q(project_name__icontains=q)
                | Q(buyer_name__icontains=q)
                | Q(seller_name__icontains=q)
                | Q(registration_no__startswith=q)
            )
    figures = contracts.indicators(queryset)
    queryset = queryset.annotate(
        waiting=Case(
            When(status=ContractStatus.SUBMITTED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("waiting", "submitted_at", "-registered_at", "-id")
    counts = {
        "submitted": permissions.visible_contracts(request.user)
        .filter(status=ContractStatus.SUBMITTED)
        .count(),
        "registered": permissions.visible_contracts(request.user)
        .filter(status=ContractStatus.REGISTERED)
        .count(),
    }
    return render(
        request,
        "deals/contract_registry.html",
        {
            "form": form,
            "page": paginate(request, queryset),
            "counts": counts,
            "figure_tables": [
                (title, figures[key])
                for key, title in (
                    ("type", "按合同类型"),
                    ("field", "按技术领域"),
                    ("buyer_kind", "按买方主体类型"),
                    ("seller_kind", "按卖方主体类型"),
                    ("flow", "区内 / 区外"),
                )
            ],
        },
    )


@require_POST
@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    require(permissions.can_register(request.user, contract))
    form = RegisterForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(m for ms in form.errors.values() for m in ms))
        return redirect("deals:contract", contract.pk)
    data = form.cleaned_data
    try:
        registered = contracts.register(
            request.user, contract, data["contract_type"], data["technology_amount"], data["note"]
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        outcome = f"。{registered.deal_outcome}" if registered.deal_outcome else ""
        messages.success(request, f"已登记，技术合同登记号 {registered.registration_no}{outcome}")
    return redirect("deals:contract", contract.pk)


@require_POST
@login_required
def return_for_correction(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    require(permissions.can_register(request.user, contract))
    try:
        contracts.return_for_correction(request.user, contract, request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已退回补正，并通知了项目团队")
    return redirect("deals:contract", contract.pk)


@login_required
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    require(permissions.can_correct(request.user, contract))
    form = CorrectForm(
        request.POST or None,
        instance=Contract.objects.get(pk=pk),
        initial={"version": contract.version, "technology_amount": contract.technology_amount},
    )
    formset = cost_formset(request, contract)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        amount = data["technology_amount"]
        if amount is not None and amount == contract.technology_amount:
            amount = None if _derived(contract) else amount
        try:
            contracts.correct(
                request.user,
                contract,
                form.fields_data(),
                costs_of(formset),
                data["reason"],
                amount,
                version=data["version"],
            )
        except Conflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, "登记内容已更正，更正前的内容已存档")
            return redirect("deals:contract", contract.pk)
    return render(
        request,
        "deals/contract_form.html",
        {"form": form, "formset": formset, "deal": contract.deal, "contract": contract, "correcting": True},
    )


def _derived(contract: Contract) -> bool:
    """Whether the stored 技术交易额 is simply the total less the costs (then a correction recomputes it)."""
    return contract.technology_amount == contract.total_amount - contract.non_technical_total()


# --- Excel ------------------------------------------------------------------------------------------------------


@login_required
def export(request: HttpRequest) -> HttpResponse:
    require(permissions.can_import_contracts(request.user))
    buffer = io.BytesIO()
    export_contracts(buffer, fmt="xlsx")
    name = f"技术合同登记记录-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    require(permissions.can_import_contracts(request.user))
    form = ContractImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = import_contracts(data["file"], data["mode"], data["dry_run"], request.user)
    return render(request, "deals/contract_import.html", {"form": form, "report": report})


urls = [
    path("<int:deal_pk>/contract/new/", new, name="contract_new"),
    path("contracts/<int:pk>/", detail, name="contract"),
    path("contracts/<int:pk>/edit/", edit, name="contract_edit"),
    path("contracts/<int:pk>/submit/", submit, name="contract_submit"),
    path("contracts/<int:pk>/register/", register, name="contract_register"),
    path("contracts/<int:pk>/return/", return_for_correction, name="contract_return"),
    path("contracts/<int:pk>/correct/", correct, name="contract_correct"),
    path("contracts/export/", export, name="contracts_export"),
    path("contracts/import/", import_page, name="contracts_import"),
    path("registry/", registry, name="registry"),
]
