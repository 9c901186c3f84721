"""Results in FORMAT.md's shape, with the data-completeness facts the 免申即享 list is built from."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from .expr import Ref, refs
from .model import Article, Policy
from .reference import HELD, MissingKey, Trace
from .words import Words


@dataclass(
    slots=True
)  # not frozen: frozen dataclasses are 3x slower to build, and evaluate() builds 100,000s
class Result:
    id: str
    year: int
    eligible: bool
    articles: dict[str, Decimal]  # article number -> amount, articles worth 0 left out
    total: Decimal
    # article number -> Chinese names of the data that is missing to decide it (eligibility articles included)
    missing: dict[str, list[str]] = field(default_factory=dict)
    ready: tuple[str, ...] = ()  # articles that pay on complete data: 免申即享

    def to_json(self) -> dict:
        """Exactly FORMAT.md's result; amounts are exact two-decimal values written as JSON numbers."""
        return {
            "id": self.id,
            "year": self.year,
            "eligible": self.eligible,
            "articles": {k: float(v) for k, v in self.articles.items()},
            "total": float(self.total),
        }


@dataclass(frozen=True)
class NoApplicationSplit:
    """免申即享: who is paid on the data the platform already holds, and who must supply what."""

    ready: list[Result]  # eligible, with at least one article paying on complete data
    incomplete: list[Result]  # missing data that could decide eligibility or an article (see Result.missing)


def split_no_application(results: Iterable[Result]) -> NoApplicationSplit:
    ready, incomplete = [], []
    for r in results:
        if r.eligible and r.ready:
            ready.append(r)
        if r.missing:
            incomplete.append(r)
    return NoApplicationSplit(ready, incomplete)


def result_from_trace(policy: Policy, t: Trace) -> Result:
    missing = {str(n): missing_labels(policy, n, keys, t.year) for n, keys in t.eligibility_missing.items()}
    missing.update(
        {
            str(o.article.number): missing_labels(policy, o.article.number, o.missing, t.year)
            for o in t.articles
            if o.missing
        }
    )
    return Result(
        id=t.id,
        year=t.year,
        eligible=t.eligible,
        articles={str(o.article.number): o.amount for o in t.articles if o.amount},
        total=t.total,
        missing=missing,
        ready=tuple(
            str(o.article.number) for o in t.articles if o.amount and o.status == HELD and not o.missing
        ),
    )


def missing_labels(policy: Policy, article: int, keys: Iterable[MissingKey], year: int) -> list[str]:
    """Chinese names of missing data (2024年度研发费用, 技术合同的登记日期), in the order the article reads them."""
    order = _reading_order(policy, article)
    labels = []
    for source, ref in sorted(set(keys), key=lambda k: (order.get(k, len(order)), k[1].name)):
        spec = policy.records[source] if source else None
        words = Words(policy.fields, {}, policy.unit, spec.fields if spec else None)
        name = words.name(ref, year)
        labels.append(f"{spec.label}的{name}" if spec else name)
    return list(dict.fromkeys(labels))


@cache
def _reading_order(policy: Policy, number: int) -> dict[MissingKey, int]:
    a: Article = policy.article(number)
    keys: list[MissingKey] = [(None, r) for c in a.conditions for r in refs(c.expr)]
    for item in a.items:
        keys += [(None, r) for c in item.conditions for r in refs(c.expr)]
        keys += [(item.records, r) for c in item.where for r in refs(c.expr)]
        keys += [(item.records if r.scope == "record" else None, r) for r in refs(item.amount)]
        if item.records:
            keys.append((item.records, Ref("record", policy.records[item.records].date_field)))
    return {k: i for i, k in enumerate(dict.fromkeys(keys))}
