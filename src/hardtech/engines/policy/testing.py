"""YAML test cases written from the legal text: an applicant in, amounts out.

A file `NAME.tests.yaml` next to `NAME.yaml` holds `defaults` (merged into every profile) and `cases`, each
with `name`, `year`, `profile` and `expect` (`eligible`, `articles` — unlisted articles must be 0 —, `total`,
and optionally `missing` and `ready`). Every case runs through both evaluators.
"""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .api import evaluate, evaluate_reference
from .errors import PolicyError
from .loader import load_policy
from .model import Policy
from .results import Result

_CASE = {"name", "year", "profile", "expect"}
_EXPECT = {"eligible", "articles", "total", "missing", "ready"}


@dataclass
class Case:
    name: str
    year: int
    profile: dict
    expect: dict


def cases_path(policy: Policy) -> Path:
    return policy.source.with_name(policy.source.stem + ".tests.yaml")


def load_cases(path: Path) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    defaults = data.get("defaults") or {}
    cases = []
    for i, raw in enumerate(data.get("cases") or [], start=1):
        unknown = set(raw) - _CASE or set(raw.get("expect") or {}) - _EXPECT
        if unknown:
            raise PolicyError(f"case {i}: unknown field `{sorted(unknown)[0]}`", source=str(path))
        profile = {"id": f"case{i}", **defaults, **(raw.get("profile") or {})}
        cases.append(
            Case(str(raw.get("name") or f"case {i}"), int(raw["year"]), profile, raw.get("expect") or {})
        )
    return cases


def check(result: Result, expect: dict[str, Any]) -> list[str]:
    """Differences between a result and what the case expects (amounts compared exactly, as decimals)."""
    problems = []
    if "eligible" in expect and result.eligible != expect["eligible"]:
        problems.append(f"eligible {result.eligible}, expected {expect['eligible']}")
    if "articles" in expect:
        want = {str(k): Decimal(str(v)) for k, v in (expect["articles"] or {}).items()}
        for article in sorted(set(want) | set(result.articles), key=int):
            got, exp = result.articles.get(article, Decimal(0)), want.get(article, Decimal(0))
            if got != exp:
                problems.append(f"article {article}: {got}, expected {exp}")
    if "total" in expect and result.total != Decimal(str(expect["total"])):
        problems.append(f"total {result.total}, expected {expect['total']}")
    if "missing" in expect:
        want_missing = {str(k): list(v) for k, v in (expect["missing"] or {}).items()}
        if result.missing != want_missing:
            problems.append(f"missing {result.missing}, expected {want_missing}")
    if "ready" in expect and list(result.ready) != [str(a) for a in expect["ready"]]:
        problems.append(f"ready {list(result.ready)}, expected {expect['ready']}")
    return problems


def run_cases(policy: Policy | str, path: Path | None = None) -> tuple[list[Case], dict[str, list[str]]]:
    """All cases of a policy, through both evaluators; returns the cases and the failures by case name."""
    p = policy if isinstance(policy, Policy) else load_policy(policy)
    cases = load_cases(path or cases_path(p))
    profiles, years = [c.profile for c in cases], [c.year for c in cases]
    failures: dict[str, list[str]] = {}
    for label, results in (
        ("", evaluate(p, profiles, years)),
        ("reference: ", evaluate_reference(p, profiles, years)),
    ):
        for case, result in zip(cases, results, strict=True):
            problems = check(result, case.expect)
            if problems:
                failures.setdefault(case.name, []).extend(label + x for x in problems)
    return cases, failures
