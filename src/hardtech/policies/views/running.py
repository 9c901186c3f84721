"""Running a policy over the stored applicant profiles: the 免申即享 list and the missing-data list, filtered.

Shared by the operator's page, its Excel export and the batch API, so all three count the same way. Telling
the applicants on the 免申即享 list their result is a separate, deliberate step (`announce`): looking at a
list or exporting it sends nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from hardtech.engines.policy import Policy, Result, evaluate, list_policies, load_policy, split_no_application
from hardtech.policies import notifications
from hardtech.policies.models import ApplicantProfile


@cache
def policy_named(name: str) -> Policy:
    # Policy files ship with the code; loading and checking one takes milliseconds, but not on every request.
    return load_policy(name)


def all_policies() -> list[Policy]:
    return [policy_named(n) for n in list_policies()]


def money(value: Decimal) -> str:
    """Amounts leave the engine with two decimals; written so everywhere (API strings, page cells)."""
    return f"{value:.2f}"


@dataclass(frozen=True)
class Filters:
    article: str = ""  # an article number: only rows that article pays (ready) or lacks data for (missing)
    kind: str = ""  # an applicant kind of the policy (enterprise, investor, …)
    min_amount: Decimal | None = None  # ready rows whose payable total reaches this


@dataclass(frozen=True)
class Row:
    profile: ApplicantProfile
    result: Result
    kind_label: str  # the policy's name for the applicant kind (企业, 投资机构, …)

    @property
    def ready_amount(self) -> Decimal:
        """What is paid without an application: the total, capped as the policy says (article 5)."""
        return self.result.total


@dataclass
class RunOutcome:
    policy: Policy
    year: int
    evaluated: int
    ready: list[Row] = field(default_factory=list)
    missing: list[Row] = field(default_factory=list)

    @property
    def ready_total(self) -> Decimal:
        return sum((r.ready_amount for r in self.ready), Decimal("0.00"))

    def article_totals(self) -> list[tuple[str, str, int, Decimal]]:
        """Per paying article of the ready rows: number, title, applicants, amount (before the annual cap)."""
        out = []
        for a in self.policy.paying_articles:
            key = str(a.number)
            paid = [r.result.articles[key] for r in self.ready if key in r.result.ready]
            if paid:
                out.append((key, a.title, len(paid), sum(paid, Decimal("0.00"))))
        return out


def evaluate_profiles(policy: Policy, profiles: list[ApplicantProfile], year: int) -> list[Result]:
    """One vectorised engine call for all of them; profiles without an applicant kind are not sent."""
    return evaluate(policy, [p.to_profile() for p in profiles], year)


def run(policy: Policy, year: int, filters: Filters = Filters()) -> RunOutcome:
    profiles = [
        p
        for p in ApplicantProfile.objects.with_records().order_by("organisation__name")
        if p.applicant_kind is not None
    ]
    results = evaluate_profiles(policy, profiles, year)
    profile_of = {id(r): p for p, r in zip(profiles, results, strict=True)}
    split = split_no_application(results)
    out = RunOutcome(policy, year, len(results))

    def row(r: Result) -> Row:
        profile = profile_of[id(r)]
        return Row(profile, r, policy.kinds.get(profile.applicant_kind or "", ""))

    out.ready = [row(r) for r in split.ready if _ready_matches(r, profile_of[id(r)], filters)]
    out.missing = [row(r) for r in split.incomplete if _missing_matches(r, profile_of[id(r)], filters)]
    return out


def announce(policy: Policy, year: int) -> int:
    """Tell every applicant on the year's 免申即享 list (whatever a page's filters show) its result, once per
    result; returns how many were told now."""
    return notifications.announce(
        policy, year, [(row.profile, row.result) for row in run(policy, year).ready]
    )


def _ready_matches(result: Result, profile: ApplicantProfile, filters: Filters) -> bool:
    return (
        (not filters.kind or profile.applicant_kind == filters.kind)
        and (not filters.article or filters.article in result.ready)
        and (filters.min_amount is None or result.total >= filters.min_amount)
    )


def _missing_matches(result: Result, profile: ApplicantProfile, filters: Filters) -> bool:
    return (not filters.kind or profile.applicant_kind == filters.kind) and (
        not filters.article or filters.article in result.missing
    )
