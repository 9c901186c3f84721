"""Broker performance (技术经理人绩效): each technology manager's figures over a period, per manager (the deals
they lead, Deal.lead) or per team (the deals they lead or work on as a specialist, DealMember).

What each figure counts (口径), and the deal list behind it (`behind`, the same filters as the figure):

- 新增项目, 按阶段: deals opened in the period, by the stage they are in now (basis "opened");
- 转化率 k → k+1: of the deals opened in the period that entered stage k, the share that went on to enter k+1
  (from StageVisit; basis "reached");
- 中位停留天数: the median length of the finished stays (left_at set) in each stage of those deals;
- 登记合同, 合同额, 技术交易额: contracts registered in the period (registered_at), in 万元 (basis "contract");
- 落地企业: deals that entered 落地 in the period with the landing form 成立企业 (basis "landed");
- 服务企业: the distinct buyers of the deals active in the period (opened before its end, not finished before
  its start; basis "served");
- 服务评价: the mean rating and count per side of the feedback on the deals closed in the period
  (basis "feedback").

Every figure is one aggregate query for all managers at once (two for the team scope: the deals led and the
deals worked on as a specialist, which are disjoint), never one per deal; medians are taken in Python from one
query of (manager, stage, duration).
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, FloatField, Func, Q, QuerySet, Sum
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.catalogue.models import CENT
from hardtech.deals.choices import PIPELINE, ContractStatus, Landing, Stage
from hardtech.deals.models import Contract, Deal, DealMember, Feedback, StageVisit

LEAD, TEAM = "lead", "team"
SCOPES = {LEAD: "牵头项目", TEAM: "团队项目（牵头或参与）"}
BASES = {
    "opened": "期间新增的项目",
    "reached": "期间新增、进入过该阶段的项目",
    "contract": "期间完成技术合同登记的项目",
    "landed": "期间落地并成立企业的项目",
    "served": "期间在办的项目",
    "feedback": "期间完结并收到评价的项目",
}
# The stages whose stays are timed, and the steps k → k+1 a conversion is measured over.
TIMED = PIPELINE[:-1]
STEPS = tuple(zip(PIPELINE, PIPELINE[1:], strict=False))
ALL_STAGES = (*PIPELINE, Stage.ENDED)
SIDES = tuple(Feedback.Side)
ZERO = Decimal("0")


@dataclass(frozen=True)
class Period:
    """[start, end], both days included, in the site's time zone."""

    start: date
    end: date

    @classmethod
    def this_year(cls, today: date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(date(today.year, 1, 1), date(today.year, 12, 31))

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def q(self, name: str) -> Q:
        return Q(**{f"{name}__gte": self.since, f"{name}__lt": self.until})

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


@dataclass
class Figures:
    """One manager's figures over a period."""

    user_id: int
    by_stage: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ALL_STAGES, 0))
    reached: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ALL_STAGES, 0))
    stays: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in TIMED})
    contracts: int = 0
    contract_amount: Decimal = ZERO
    technology_amount: Decimal = ZERO
    landed: int = 0
    served: int = 0
    ratings: dict[str, list[int]] = field(default_factory=lambda: {s: [0, 0] for s in SIDES})  # sum, count

    @property
    def opened(self) -> int:
        return sum(self.by_stage.values())

    @property
    def open_now(self) -> int:
        return sum(n for s, n in self.by_stage.items() if s not in (Stage.CLOSED, Stage.ENDED))

    def conversion(self, source: str, target: str) -> Decimal | None:
        """Percent of the deals that entered `source` that entered `target`; None when none entered `source`."""
        if not self.reached[source]:
            return None
        return percent(self.reached[target], self.reached[source])

    @property
    def conversions(self) -> list[tuple[str, str, Decimal | None]]:
        return [(s, t, self.conversion(s, t)) for s, t in STEPS]

    @property
    def signing_rate(self) -> Decimal | None:
        """对接 → 签约: the share of the period's new deals that reached a signed contract."""
        return self.conversion(Stage.INTRODUCED, Stage.SIGNED)

    def median_days(self, stage: str) -> Decimal | None:
        days = self.stays[stage]
        return round1(Decimal(str(statistics.median(days)))) if days else None

    def rating(self, side: str) -> Decimal | None:
        total, count = self.ratings[side]
        return (Decimal(total) / count).quantize(Decimal("0.01"), ROUND_HALF_UP) if count else None

    def rating_count(self, side: str) -> int:
        return self.ratings[side][1]

    @property
    def stage_rows(self) -> list[dict]:
        """Per stage: deals in it now, deals that entered it, the conversion onwards, the median stay."""
        nxt = dict(STEPS)
        return [
            {
                "stage": s,
                "label": Stage(s).label,
                "now": self.by_stage[s],
                "reached": self.reached[s],
                "next_label": Stage(nxt[s]).label if s in nxt else "",
                "conversion": self.conversion(s, nxt[s]) if s in nxt else None,
                "median_days": self.median_days(s) if s in TIMED else None,
                "stays": len(self.stays[s]) if s in TIMED else 0,
            }
            for s in ALL_STAGES
        ]


def percent(part: int, whole: int) -> Decimal:
    return round1(Decimal(part) * 100 / Decimal(whole))


def round1(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


class DaysBetween(Func):
    """DaysBetween(end, start): the days from `start` to `end` as a float, computed by the database (reading
    thousands of datetimes into Python costs more than the whole query)."""

    arity = 2
    output_field = FloatField()
    template = "(CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision) / 86400.0)"
    arg_joiner = " - "

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )


# --- the deals behind each figure -------------------------------------------------------------------------------


def _scoped(deals: QuerySet[Deal], user_id: int | None, scope: str) -> QuerySet[Deal]:
    if user_id is None:
        return deals
    if scope == TEAM:
        member_deals = DealMember.objects.filter(user_id=user_id).values("deal_id")
        return deals.filter(Q(lead_id=user_id) | Q(pk__in=member_deals))
    return deals.filter(lead_id=user_id)


def behind(
    basis: str, period: Period, user_id: int | None = None, scope: str = LEAD, stage: str = ""
) -> QuerySet[Deal]:
    """The deals a figure counts (see the module docstring); `stage` narrows "opened" (the stage now) and
    "reached" (entered that stage)."""
    deals = Deal.objects.all()
    if basis == "opened":
        deals = deals.filter(period.q("opened_at"))
        if stage:
            deals = deals.filter(stage=stage)
    elif basis == "reached":
        visited = StageVisit.objects.filter(stage=stage or Stage.INTRODUCED).values("deal_id")
        deals = deals.filter(period.q("opened_at"), pk__in=visited)
    elif basis == "contract":
        deals = deals.filter(period.q("contract__registered_at"), contract__status=ContractStatus.REGISTERED)
    elif basis == "landed":
        landed = StageVisit.objects.filter(period.q("entered_at"), stage=Stage.LANDED).values("deal_id")
        deals = deals.filter(pk__in=landed, landing=Landing.COMPANY)
    elif basis == "served":
        deals = deals.filter(_active(period))
    elif basis == "feedback":
        deals = deals.filter(period.q("closed_at"), pk__in=Feedback.objects.values("deal_id"))
    else:
        raise ValueError(f"unknown basis {basis!r}")
    return _scoped(deals, user_id, scope).select_related("lead").order_by("-opened_at", "-pk")


def _active(period: Period) -> Q:
    return Q(opened_at__lt=period.until) & (Q(closed_at=None) | Q(closed_at__gte=period.since))


# --- the figures ------------------------------------------------------------------------------------------------


def compute(period: Period, scope: str = LEAD, user_ids: Iterable[int] | None = None) -> dict[int, Figures]:
    """Figures of every manager with deals (or of `user_ids` only), keyed by user id."""
    ids = None if user_ids is None else list(user_ids)
    timed = set(TIMED)
    out: dict[int, Figures] = {}

    def of(user_id: int) -> Figures:
        if user_id not in out:
            out[user_id] = Figures(user_id)
        return out[user_id]

    # Each source is a query on a model whose path to the deal is `deal`: run for the lead, and for the team
    # scope again for the specialists (excluding a specialist row of the lead itself, so the two are disjoint).
    def grouped(qs: QuerySet, deal: str) -> list[tuple[str, QuerySet]]:
        prefix = f"{deal}__" if deal else ""
        lead = f"{prefix}lead"
        runs = [(lead, qs if ids is None else qs.filter(**{f"{lead}__in": ids}))]
        if scope == TEAM:
            # One filter() call, so that values() groups by the very join it filtered (a second call on the
            # many-valued relation would join it again); "< or >" leaves out the lead and the deals without one.
            member = f"{prefix}members__user"
            cond = Q(**{f"{member}__lt": F(lead)}) | Q(**{f"{member}__gt": F(lead)})
            if ids is not None:
                cond &= Q(**{f"{member}__in": ids})
            runs.append((member, qs.filter(cond)))
        return runs

    opened = Deal.objects.filter(period.q("opened_at"))
    for key, qs in grouped(opened, ""):
        for row in qs.values(key, "stage").annotate(n=Count("pk", distinct=True)).order_by():
            of(row[key]).by_stage[row["stage"]] = of(row[key]).by_stage.get(row["stage"], 0) + row["n"]

    visits = StageVisit.objects.filter(period.q("deal__opened_at"))
    for key, qs in grouped(visits, "deal"):
        for row in qs.values(key, "stage").annotate(n=Count("deal", distinct=True)).order_by():
            of(row[key]).reached[row["stage"]] += row["n"]

    # No filter on the stage in SQL: SQLite would then walk the stage index over every deal's visits instead of
    # the period's deals; 终止 (left as it is entered) is left out here.
    finished = visits.filter(left_at__isnull=False)
    for key, qs in grouped(finished, "deal"):
        rows = qs.annotate(days=DaysBetween("left_at", "entered_at")).values_list(key, "stage", "days")
        for user_id, stage, days in rows.order_by():
            if stage in timed:
                of(user_id).stays[stage].append(days)

    contracts = Contract.objects.filter(period.q("registered_at"), status=ContractStatus.REGISTERED)
    for key, qs in grouped(contracts.exclude(deal=None), "deal"):
        rows = qs.values(key).annotate(
            n=Count("pk", distinct=True), total=Sum("total_amount"), tech=Sum("technology_amount")
        )
        for row in rows.order_by():
            figures = of(row[key])
            figures.contracts += row["n"]
            # SQLite sums decimals as floats: back to cents (exact for any sum below 10¹³ 万元).
            figures.contract_amount += (row["total"] or ZERO).quantize(CENT)
            figures.technology_amount += (row["tech"] or ZERO).quantize(CENT)

    landed = StageVisit.objects.filter(
        period.q("entered_at"), stage=Stage.LANDED, deal__landing=Landing.COMPANY
    )
    for key, qs in grouped(landed, "deal"):
        for row in qs.values(key).annotate(n=Count("deal", distinct=True)).order_by():
            of(row[key]).landed += row["n"]

    served: dict[int, set[int]] = defaultdict(set)
    for key, qs in grouped(Deal.objects.filter(_active(period)), ""):
        for user_id, buyer_id in qs.values_list(key, "buyers").distinct().order_by():
            if buyer_id is not None:
                served[user_id].add(buyer_id)
    for user_id, buyers in served.items():
        of(user_id).served = len(buyers)

    feedback = Feedback.objects.filter(period.q("deal__closed_at"))
    for key, qs in grouped(feedback, "deal"):
        for row in (
            qs.values(key, "side").annotate(total=Sum("rating"), n=Count("pk", distinct=True)).order_by()
        ):
            pair = of(row[key]).ratings[row["side"]]
            pair[0] += row["total"] or 0
            pair[1] += row["n"]

    if ids is not None:
        for user_id in ids:
            of(user_id)
    return out


# --- the ranking ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: object  # Figures -> sortable value (None sorts last)
    basis: str = ""
    stage: str = ""


def _stage_count(stage: str):
    return lambda f: f.by_stage[stage]


COLUMNS: tuple[Column, ...] = (
    Column("opened", "新增项目", lambda f: f.opened, "opened"),
    *(Column(f"stage_{s}", Stage(s).label, _stage_count(s), "opened", s) for s in ALL_STAGES),
    Column("signing_rate", "签约转化率 %", lambda f: f.signing_rate, "reached", Stage.SIGNED),
    Column("contracts", "登记合同", lambda f: f.contracts, "contract"),
    Column("contract_amount", "合同额（万元）", lambda f: f.contract_amount, "contract"),
    Column("technology_amount", "技术交易额（万元）", lambda f: f.technology_amount, "contract"),
    Column("landed", "落地企业", lambda f: f.landed, "landed"),
    Column("served", "服务企业", lambda f: f.served, "served"),
    Column("rating_buyer", "需求方评分", lambda f: f.rating(Feedback.Side.BUYER), "feedback"),
    Column("rating_seller", "成果方评分", lambda f: f.rating(Feedback.Side.SELLER), "feedback"),
)
COLUMN_KEYS = {c.key: c for c in COLUMNS}
DEFAULT_SORT = "technology_amount"


@dataclass
class Row:
    manager: User
    figures: Figures


def managers(ids: Iterable[int] = ()) -> list[User]:
    """The technology managers, and whoever else leads or worked on a deal in the figures."""
    return list(
        User.objects.filter(Q(role=Role.MANAGER, is_active=True) | Q(pk__in=list(ids))).order_by("pk")
    )


def ranking(
    period: Period, scope: str = LEAD, sort: str = DEFAULT_SORT, descending: bool = True
) -> list[Row]:
    figures = compute(period, scope)
    rows = [Row(m, figures.get(m.pk) or Figures(m.pk)) for m in managers(figures)]
    column = COLUMN_KEYS.get(sort, COLUMN_KEYS[DEFAULT_SORT])
    # Missing values (no deal to rate or convert) go last whichever the direction; ties by name.
    known = [r for r in rows if column.value(r.figures) is not None]
    unknown = [r for r in rows if column.value(r.figures) is None]
    known.sort(key=lambda r: str(r.manager))
    known.sort(key=lambda r: column.value(r.figures), reverse=descending)
    return known + sorted(unknown, key=lambda r: str(r.manager))
