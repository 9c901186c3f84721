"""政策计算器: an applicant's own profile (or, for the operator and managers, any profile) or a hypothetical one
typed into a form, evaluated for a year and explained article by article."""

from dataclasses import dataclass, field

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from hardtech.catalogue.models import Organisation
from hardtech.core.views import require
from hardtech.engines.policy import Explanation, Policy, explain
from hardtech.engines.policy.errors import chinese_number
from hardtech.engines.policy.explain import STATUS, ArticleExplained, ItemExplained
from hardtech.policies.forms import (
    HYPOTHETICAL_RECORDS,
    CalculatorForm,
    HypotheticalForm,
    default_year,
    hypothetical_formsets,
    hypothetical_records,
)
from hardtech.policies.models import Recognition, TechContract
from hardtech.policies.views.access import can_view_profile, is_applicant, own_applicant
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


def _choose(data: QueryDict | None) -> tuple[CalculatorForm, Policy, int]:
    policies = all_policies()
    names = [p.name for p in policies]
    fallback = policy_named(DEFAULT_POLICY if DEFAULT_POLICY in names else names[0])
    form = CalculatorForm(data, policies, default_year(fallback))
    if data is not None and form.is_valid():
        policy = policy_named(form.cleaned_data["policy"])
        year = form.cleaned_data["year"]
    else:
        policy, year = fallback, default_year(fallback)
    return form, policy, year


def calculator(request: HttpRequest) -> HttpResponse:
    user = request.user
    org = _stored_subject(request)
    hypothetical = org is None
    data = request.POST if request.method == "POST" else (request.GET if "year" in request.GET else None)
    choice, policy, year = _choose(data)
    context: dict = {
        "choice": choice,
        "policy": policy,
        "year": year,
        "org": org,
        "own": own_applicant(user),
        "hypothetical": hypothetical,
    }
    if not hypothetical:
        profile = profile_of(org)
        context["profile_saved"] = profile.pk is not None
        engine_profile = profile.to_profile()
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
