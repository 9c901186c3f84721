"""Results in FORMAT.md's shape, with the data-completeness facts the 免申即享 list is built from."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .reference import HELD, Trace


@dataclass(frozen=True)
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
        return {"id": self.id, "year": self.year, "eligible": self.eligible,
                "articles": {k: float(v) for k, v in self.articles.items()}, "total": float(self.total)}


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


def result_from_trace(t: Trace) -> Result:
    missing = {str(n): labels for n, labels in t.eligibility_missing.items()}
    missing.update({str(o.article.number): o.missing for o in t.articles if o.missing})
    return Result(
        id=t.id, year=t.year, eligible=t.eligible,
        articles={str(o.article.number): o.amount for o in t.articles if o.amount},
        total=t.total, missing=missing,
        ready=tuple(str(o.article.number) for o in t.articles if o.amount and o.status == HELD and not o.missing))
