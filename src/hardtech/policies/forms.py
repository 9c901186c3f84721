"""Forms of the policy pages: the 一企一档 profile with its record formsets, the calculator's hypothetical
applicant, the operator's run filters and the Excel upload."""

from datetime import date
from decimal import Decimal

from django import forms
from django.forms import BaseInlineFormSet, formset_factory, inlineformset_factory

from hardtech.catalogue.models import MONEY
from hardtech.engines.policy import Policy
from hardtech.policies.models import (
    FILED_FIELDS,
    ApplicantProfile,
    Investment,
    PriorAward,
    Recognition,
    TechContract,
    YearFigures,
)
from hardtech.spreadsheets.forms import ImportOptions

UNKNOWN_YES_NO = [("unknown", "未填报"), ("true", "是"), ("false", "否")]
YES_NO = [("true", "是"), ("false", "否")]
MONEY_INPUT = forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})


class FlagSelect(forms.NullBooleanSelect):
    """是 / 否 / 未填报: an unreported flag stays missing data instead of becoming 否."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.choices = UNKNOWN_YES_NO


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _widgets(model: type) -> dict:
    """Date pickers, money inputs with two decimals and 是/否/未填报 selects for the model's fields."""
    out = {}
    for f in model._meta.concrete_fields:
        kind = f.get_internal_type()
        if kind == "DateField":
            out[f.name] = DateInput()
        elif kind == "DecimalField":
            out[f.name] = MONEY_INPUT
        elif kind == "BooleanField" and f.null:
            out[f.name] = FlagSelect()
    return out


def _filed_form(model: type) -> type[forms.ModelForm]:
    """The form for what an applicant files of `model` (its `FILED_FIELDS`), with the fitting widgets."""
    return forms.modelform_factory(model, fields=FILED_FIELDS[model], widgets=_widgets(model))


ProfileFlagsForm = _filed_form(ApplicantProfile)
YearFiguresForm = _filed_form(YearFigures)
RecognitionForm = _filed_form(Recognition)
TechContractForm = _filed_form(TechContract)
InvestmentForm = _filed_form(Investment)
PriorAwardForm = _filed_form(PriorAward)


# prefix → (title, form); the profile page shows one table per entry, in this order.
RECORD_FORMS: dict[str, tuple[str, type[forms.ModelForm]]] = {
    "years": ("年度财务数据", YearFiguresForm),
    "recognitions": ("认定与获奖", RecognitionForm),
    "contracts": ("技术合同", TechContractForm),
    "investments": ("投资记录", InvestmentForm),
    "prior_awards": ("已获本政策奖励", PriorAwardForm),
}


class RecordFormSet(BaseInlineFormSet):
    def get_unique_error_message(self, unique_check: tuple[str, ...]) -> str:
        # Django names the fields by their code names ("year"); users know them by their labels.
        labels = [str(self.model._meta.get_field(f).verbose_name) for f in unique_check if f != self.fk.name]
        return f"{'、'.join(labels)}重复：同一{'、'.join(labels)}只能填写一行"


def profile_formsets(data: dict | None, profile: ApplicantProfile) -> dict[str, BaseInlineFormSet]:
    """One inline formset per record type, with a blank row to add and a 删除 box per saved row."""
    out = {}
    for prefix, (_, form) in RECORD_FORMS.items():
        cls = inlineformset_factory(
            ApplicantProfile, form._meta.model, form=form, formset=RecordFormSet, extra=1, can_delete=True
        )
        out[prefix] = cls(data, instance=profile, prefix=prefix)
    return out


# --- the calculator ------------------------------------------------------------------------------------------


class CalculatorForm(forms.Form):
    """Which policy and application year; the first of the policy's years is preselected."""

    policy = forms.ChoiceField(label="政策")
    year = forms.TypedChoiceField(label="申报年度", coerce=int)

    def __init__(self, data: dict | None, policies: list[Policy], year: int) -> None:
        super().__init__(data, initial={"year": year})
        self.fields["policy"].choices = [(p.name, p.title) for p in policies]
        years = sorted({y for p in policies for y in range(p.first_year, p.last_year + 1)}, reverse=True)
        self.fields["year"].choices = [(y, f"{y} 年") for y in years]


class HypotheticalForm(forms.Form):
    """An applicant that is not (or not yet) on file: the facts the sample policy reads, for two years."""

    kind = forms.ChoiceField(label="主体类型")
    registered_in_zone = forms.TypedChoiceField(
        label="注册地在本区", choices=YES_NO, coerce=lambda v: v == "true", initial="true"
    )
    tax_in_zone = forms.TypedChoiceField(
        label="税务关系在本区", choices=YES_NO, coerce=lambda v: v == "true", initial="true"
    )
    serious_dishonesty = forms.TypedChoiceField(
        label="近三年有严重失信记录", choices=YES_NO, coerce=lambda v: v == "true", initial="false"
    )
    # 上年度 is the year before the application year, 前一年度 the one before that (第二条).
    rd_last = forms.DecimalField(label="上年度研发费用（万元）", required=False, widget=MONEY_INPUT, **MONEY)
    revenue_last = forms.DecimalField(
        label="上年度营业收入（万元）", required=False, widget=MONEY_INPUT, **MONEY
    )
    rd_before = forms.DecimalField(
        label="前一年度研发费用（万元）", required=False, widget=MONEY_INPUT, **MONEY
    )
    revenue_before = forms.DecimalField(
        label="前一年度营业收入（万元）", required=False, widget=MONEY_INPUT, **MONEY
    )
    specialized_provincial = forms.DecimalField(
        label="此前已获省级专精特新奖励（万元）", required=False, widget=MONEY_INPUT, **MONEY
    )

    def __init__(self, data: dict | None, kinds: dict[str, str]) -> None:
        super().__init__(data)
        self.fields["kind"].choices = list(kinds.items())

    def profile(self, year: int, records: dict[str, list[dict]]) -> dict:
        """The engine's profile dict for application year `year`; blank figures stay absent (未填报), which
        the policy tells apart from 0."""
        d = self.cleaned_data
        by_year: dict[str, dict[str, Decimal]] = {"rd_expense": {}, "revenue": {}}
        for name, key, offset in (
            ("rd_last", "rd_expense", 1),
            ("revenue_last", "revenue", 1),
            ("rd_before", "rd_expense", 2),
            ("revenue_before", "revenue", 2),
        ):
            if d[name] is not None:
                by_year[key][str(year - offset)] = d[name]
        prior = (
            {}
            if d["specialized_provincial"] is None
            else {"specialized_provincial": d["specialized_provincial"]}
        )
        return {
            "id": "试算",
            "name": "试算主体",
            "kind": d["kind"],
            "registered_in_zone": d["registered_in_zone"],
            "tax_in_zone": d["tax_in_zone"],
            "serious_dishonesty": d["serious_dishonesty"],
            **by_year,
            **records,
            "prior_awards": prior,
        }


# record key in the engine's profile → (title, form, the model method that gives the engine's dict)
HYPOTHETICAL_RECORDS: dict[str, tuple[str, type[forms.ModelForm], str]] = {
    "events": ("认定、获批、获奖事项", RecognitionForm, "to_event"),
    "contracts": ("技术合同", TechContractForm, "to_contract"),
    "investments": ("投资（仅投资机构）", InvestmentForm, "to_investment"),
}


def hypothetical_formsets(data: dict | None) -> dict[str, forms.BaseFormSet]:
    """Blank rows for a few records; the model forms validate them like the profile page, nothing is saved."""
    return {
        key: formset_factory(form, extra=3, max_num=20)(data, prefix=key)
        for key, (_, form, _) in HYPOTHETICAL_RECORDS.items()
    }


def hypothetical_records(formsets: dict[str, forms.BaseFormSet]) -> dict[str, list[dict]]:
    return {
        key: [getattr(f.instance, HYPOTHETICAL_RECORDS[key][2])() for f in fs if f.has_changed()]
        for key, fs in formsets.items()
    }


# --- the operator's pages -------------------------------------------------------------------------------------


class RunForm(forms.Form):
    """Run a policy for a year; the filters narrow both lists and their totals."""

    policy = forms.ChoiceField(label="政策")
    year = forms.TypedChoiceField(label="申报年度", coerce=int)
    article = forms.TypedChoiceField(label="条款", coerce=str, required=False, empty_value="")
    kind = forms.ChoiceField(label="主体类型", required=False)
    min_amount = forms.DecimalField(
        label="金额不低于（万元）",
        required=False,
        min_value=Decimal(0),
        decimal_places=2,
        max_digits=14,
        widget=MONEY_INPUT,
    )

    def __init__(self, data: dict | None, policy: Policy, policies: list[Policy], year: int) -> None:
        super().__init__(data, initial={"policy": policy.name, "year": year})
        self.fields["policy"].choices = [(p.name, p.title) for p in policies]
        self.fields["year"].choices = [
            (y, f"{y} 年") for y in range(policy.last_year, policy.first_year - 1, -1)
        ]
        self.fields["article"].choices = [("", "全部条款")] + [
            (str(a.number), f"第{a.number}条 {a.title}") for a in policy.paying_articles
        ]
        self.fields["kind"].choices = [("", "全部类型"), *policy.kinds.items()]


class ProfileImportForm(ImportOptions):
    file = forms.FileField(
        label="Excel 文件（.xlsx）", help_text="每类数据一张工作表，表头为中文列名；可先下载模板"
    )
    field_order = ["file", "mode", "dry_run"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件")
        return upload


def default_year(policy: Policy, today: date | None = None) -> int:
    """This year when the policy applies to it, else the nearest year it does apply to."""
    year = (today or date.today()).year
    return min(max(year, policy.first_year), policy.last_year)
