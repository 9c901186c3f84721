"""政策计算器: an applicant's own profile (or, for the operator and managers, any profile) or a hypothetical one
typed into a form, evaluated for a year and explained article by article."""

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from hardtech.catalogue.models import Organisation
from hardtech.core.views import require
from hardtech.engines.policy import Explanation, Policy, explain
from hardtech.engines.policy.errors import chinese_number
from hardtech.engines.policy.explain import STATUS, ArticleExplained, ItemExplained
from hardtech.engines.policy.expr import Ref
from hardtech.policies.forms import (
    HYPOTHETICAL_RECORDS,
    CalculatorForm,
    HypotheticalForm,
    default_year,
    hypothetical_formsets,
    hypothetical_records,
)
from hardtech.policies.models import Recognition, TechContract
from hardtech.policies.permissions import can_view_profile, is_applicant, own_applicant
from hardtech.policies.views.profiles import profile_of
from hardtech.policies.views.running import all_policies, policy_named

DEFAULT_POLICY = "sample"


@dataclass
class ItemShown:
    number: str  # （一）
    item: ItemExplained
    status: str


@dataclass
class ArticleShown:
    """An article as the page shows it: Chinese number and status, and only the items worth a line."""

    number: str
    article: ArticleExplained
    status: str
    items: list[ItemShown] = field(default_factory=list)


def present(explanation: Explanation) -> list[ArticleShown]:
    out = []
    for a in explanation.articles:
        shown = ArticleShown(chinese_number(a.number), a, STATUS.get(a.status, a.status))
        for i in a.items:
            # An item with nothing of its kind in the profile says nothing (as in the text explanation).
            if i.status == "held" or i.entries or i.conditions or i.cuts:
                number = chinese_number(int(i.key.partition(".")[2]))
                shown.items.append(ItemShown(f"（{number}）", i, STATUS.get(i.status, i.status)))
        out.append(shown)
    return out


def numbered_records(profile: dict) -> list[tuple[str, list[str]]]:
    """The profile's lists as the explanation numbers them (认定、获批、获奖事项第3项 is the third line here)."""
    events = [
        f"{Recognition.Type(e['type']).label}：{Recognition.Grade(e.get('subtype') or e.get('level')).label}"
        + (f" {Recognition.Rank(e['rank']).label}" if e.get("rank") else "")
        + f"，{e['date']}"
        for e in profile.get("events", [])
    ]
    contracts = [
        f"{TechContract.Role(c['role']).label} {TechContract.Type(c['type']).label}，登记日期 {c['date']}，"
        f"实际支付额 {c['paid_amount']} 万元，对方为{'区内' if c['counterparty_in_zone'] else '区外'}"
        f"{TechContract.CounterpartyKind(c['counterparty_kind']).label}"
        + ("" if c["registered"] else "（未在本区登记）")
        for c in profile.get("contracts", [])
    ]
    investments = [
        f"{i['date']} {'现金' if i['cash'] else '非现金'}投资 {i['amount']} 万元，被投企业成立于 {i['investee_founded']}，"
        f"职工 {i['investee_employees']} 人{'' if i['investee_in_zone'] else '（区外）'}"
        for i in profile.get("investments", [])
    ]
    return [
        (title, lines)
        for title, lines in (("认定、获批、获奖事项", events), ("技术合同", contracts), ("投资", investments))
        if lines
    ]


def _year_offsets(node: object) -> Iterator[int]:
    if isinstance(node, Ref):
        if node.offset is not None:
            yield node.offset
    elif dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            yield from _year_offsets(getattr(node, f.name))
    elif isinstance(node, tuple | list | frozenset | set):
        for child in node:
            yield from _year_offsets(child)


@cache
def years_back(policy: Policy) -> tuple[int, ...]:
    """How many years before the application year the policy reads yearly figures of (the sample: 1 and 2,
    上年度 and 前一年度), nearest first."""
    return tuple(sorted({-o for o in _year_offsets(policy.articles)}))


@dataclass
class YearsOnFile:
    """Which application years a stored profile's yearly figures (研发费用, 营业收入) can be evaluated for."""

    labels: list[str]  # the yearly figures the policy reads
    back: tuple[int, ...]  # years before the application year it reads them for
    figures: list[int]  # years the profile has any of them for
    complete: list[int]  # application years with figures for every year read, latest first
    partial: list[int]  # ... with figures for some of them

    @property
    def opening(self) -> int | None:
        """The year the calculator opens on: the latest the figures support."""
        return next(iter(self.complete or self.partial), None)


def years_on_file(policy: Policy, profile: dict) -> YearsOnFile:
    by_year = [name for name, spec in policy.fields.items() if spec.by_year]
    figures = sorted({int(y) for name in by_year for y in profile.get(name, {})})
    back = years_back(policy)
    complete, partial = [], []
    for year in range(policy.last_year, policy.first_year - 1, -1):
        read = {year - n for n in back}
        if read and read <= set(figures):
            complete.append(year)
        elif read & set(figures):
            partial.append(year)
    labels = [policy.fields[name].label for name in by_year]
    return YearsOnFile(labels, back, figures, complete, partial)


def _choose(data: QueryDict | None, opening: Callable[[Policy], int]) -> tuple[CalculatorForm, Policy, int]:
    """The policy and year asked for, else the default policy on the year `opening` gives for it."""
    policies = all_policies()
    names = [p.name for p in policies]
    fallback = policy_named(DEFAULT_POLICY if DEFAULT_POLICY in names else names[0])
    form = CalculatorForm(data, policies, opening(fallback))
    if data is not None and form.is_valid():
        policy = policy_named(form.cleaned_data["policy"])
        year = form.cleaned_data["year"]
    else:
        policy, year = fallback, opening(fallback)
    return form, policy, year


def calculator(request: HttpRequest) -> HttpResponse:
    user = request.user
    org = _stored_subject(request)
    hypothetical = org is None
    data = request.POST if request.method == "POST" else (request.GET if "year" in request.GET else None)
    stored = None if hypothetical else profile_of(org)
    engine_profile = stored.to_profile() if stored is not None else None

    def opening(policy: Policy) -> int:
        # A stored profile opens on the latest year its figures support, not on a year it has none for.
        supported = years_on_file(policy, engine_profile).opening if engine_profile is not None else None
        return supported or default_year(policy)

    choice, policy, year = _choose(data, opening)
    context: dict = {
        "choice": choice,
        "policy": policy,
        "year": year,
        "org": org,
        "own": own_applicant(user),
        "hypothetical": hypothetical,
    }
    if stored is not None and engine_profile is not None:
        context["profile_saved"] = stored.pk is not None
        context["on_file"] = years_on_file(policy, engine_profile)
        context["explanation"] = explain(policy, engine_profile, year)
        context["records"] = numbered_records(engine_profile)
    else:
        post = request.POST if request.method == "POST" else None
        form = HypotheticalForm(post, policy.kinds)
        formsets = hypothetical_formsets(post)
        context["form"] = form
        context["sections"] = [(key, HYPOTHETICAL_RECORDS[key][0], fs) for key, fs in formsets.items()]
        if post is not None and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            engine_profile = form.profile(year, hypothetical_records(formsets))
            context["explanation"] = explain(policy, engine_profile, year)
            context["records"] = numbered_records(engine_profile)
    if "explanation" in context:
        context["articles"] = present(context["explanation"])
    return render(request, "policies/calculator.html", context)


def _stored_subject(request: HttpRequest) -> Organisation | None:
    """Whose stored profile to evaluate: ?org= for those who may see it, else the user's own, unless the user
    asked for the form (?mode=form)."""
    if request.method == "POST" or request.GET.get("mode") == "form":
        return None
    pk = request.GET.get("org", "")
    if not pk:
        return own_applicant(request.user)
    # isdigit() would take "²" (then int() fails); only ASCII digits are an id.
    org = Organisation.objects.filter(pk=int(pk)).first() if pk.isascii() and pk.isdecimal() else None
    if org is None or not is_applicant(org):
        raise Http404
    require(can_view_profile(request.user, org))
    return org
