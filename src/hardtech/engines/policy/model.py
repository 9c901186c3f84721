"""A policy as the engines see it: articles, items, conditions, dated parameters, caps and groups.

Built by `loader.py` from a YAML file written from the legal text; immutable once loaded.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from .expr import Compare, Const, FieldSpec, Node, Ref, Seq, Truth

PASS, FAIL = "pass", "fail"
EVENT_DATE, PREVIOUS_YEAR_END = "event_date", "previous_year_end"


@dataclass(frozen=True)
class ParamValue:
    value: Decimal
    start: date | None  # None: from the beginning
    end: date | None  # inclusive; None: until changed
    source: str | None  # the article that set it, for explanations


@dataclass(frozen=True)
class Parameter:
    name: str
    label: str
    unit: str  # money | rate | number
    values: tuple[ParamValue, ...]

    def at(self, day: date) -> ParamValue:
        """The value in force on `day` (the loader makes the values cover every date without overlap)."""
        return next(v for v in reversed(self.values) if v.start is None or v.start <= day)

    @property
    def starts(self) -> list[date]:
        return [v.start for v in self.values[1:] if v.start is not None]


@dataclass(frozen=True)
class Condition:
    expr: Compare | Truth
    text: str  # the expression as written
    label: str  # what the legal text requires, in Chinese
    if_missing: str | None = None  # what the text says when the data is not reported: pass | fail
    if_zero: str | None = None  # for ratios: what the text says when the denominator is 0
    # The references whose absence `if_missing` speaks for: those no sibling condition requires outright
    # (第九条 says what a missing Y-2 figure means; a missing Y-1 figure stays missing data).
    optional: frozenset[Ref] = frozenset()

    @property
    def categorical(self) -> bool:
        """A test of what kind of entry this is (type == 'key_lab', role in [...]), not of its merits."""
        e = self.expr
        return isinstance(e, Compare) and (
            isinstance(e.right, Seq) or (isinstance(e.right, Const) and isinstance(e.right.value, str))
        )


@dataclass(frozen=True)
class RecordSource:
    """A list in the profile (events, contracts, investments) whose entries items can count."""

    name: str
    label: str
    fields: dict[str, FieldSpec]
    date_field: str  # the entry's own date: the date its dated parameters are read at


@dataclass(frozen=True)
class Item:
    article: int
    id: int
    label: str
    amount: Node
    amount_text: str
    kinds: frozenset[str] | None = None
    conditions: tuple[Condition, ...] = ()
    records: str | None = None  # name of a RecordSource: the amount is computed per qualifying entry
    where: tuple[Condition, ...] = ()
    combine: str = "max"  # how entries add up: max (one award) | sum (per entry)
    cap_each: Decimal | None = None
    cap: Decimal | None = None

    @property
    def key(self) -> str:
        return f"{self.article}.{self.id}"


@dataclass(frozen=True)
class Article:
    number: int
    title: str
    text: str
    kinds: frozenset[str] | None = None
    conditions: tuple[Condition, ...] = ()
    items: tuple[Item, ...] = ()
    groups: tuple[tuple[int, ...], ...] = ()  # items of which only the highest counts
    cap: Decimal | None = None
    parameter_date: str = EVENT_DATE
    matter: str | None = None  # articles on the same matter pay only the highest (就高不重复) ...
    stacks_with: tuple[int, ...] = ()  # ... unless the text lets them stack
    eligibility: bool = False  # conditions every applicant must meet for any article to apply


@dataclass(frozen=True)
class AnnualCap:
    amount: Decimal
    exempt: frozenset[str]  # item keys "10.1" not counted towards the cap
    article: int | None


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: engines cache per policy
class Policy:
    name: str
    title: str
    source: Path
    unit: str
    first_year: int
    last_year: int
    effective: date
    period_article: int | None
    places: int
    kinds: dict[str, str]
    fields: dict[str, FieldSpec]
    records: dict[str, RecordSource]
    params: dict[str, Parameter]
    articles: tuple[Article, ...]
    annual_cap: AnnualCap | None = None
    _by_number: dict[int, Article] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_number.update({a.number: a for a in self.articles})

    def article(self, number: int) -> Article:
        return self._by_number[number]

    @property
    def paying_articles(self) -> tuple[Article, ...]:
        return tuple(a for a in self.articles if a.items)

    @property
    def eligibility_articles(self) -> tuple[Article, ...]:
        return tuple(a for a in self.articles if a.eligibility)
