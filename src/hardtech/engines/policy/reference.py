"""The straightforward evaluator: one applicant at a time, in Decimal, recording every step.

It is the reference the vectorised engine is checked against, the baseline of the benchmark, and the
source of explanations (which need the values used, not just the amounts).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .errors import ProfileError
from .expr import Call, Compare, Const, Node, Op, Ref, Seq, Truth, refs
from .model import EVENT_DATE, PASS, Article, Condition, Item, Parameter, ParamValue, Policy
from .values import lookup, to_bool, to_date, to_decimal
from .words import Words

HELD, FAILED, MISSING = "held", "failed", "missing"
Value = Decimal | date | str | bool | None
MissingKey = tuple[str | None, Ref]  # (record source or None, reference): a piece of data not reported


@dataclass
class ParamUse:
    parameter: Parameter
    value: ParamValue
    day: date


@dataclass
class CondOutcome:
    condition: Condition
    status: str
    values: list[tuple[Node, Value]]  # each reference with the value used
    ratio: Decimal | None = None  # for ratio conditions: the exact ratio compared
    missing: list[MissingKey] = field(default_factory=list)  # the data that is missing
    by_missing_rule: bool = False  # decided by the text's rule for missing data (if_missing / if_zero)
    absent: list[Ref] = field(default_factory=list)  # the references that had no value


@dataclass
class RecordOutcome:
    index: int
    status: str
    conditions: list[CondOutcome]
    amount: Decimal | None = None
    capped_from: Decimal | None = None  # before the per-entry cap, when it cut
    params: list[ParamUse] = field(default_factory=list)


@dataclass
class ItemOutcome:
    item: Item
    status: str  # held | failed | missing | kind (the item is not for this kind of applicant)
    conditions: list[CondOutcome] = field(default_factory=list)
    records: list[RecordOutcome] = field(default_factory=list)
    raw: Decimal = Decimal(0)  # before the item cap
    amount: Decimal = Decimal(0)  # after the item cap and groups
    group_cut_by: str | None = None  # key of the item that won the group
    params: list[ParamUse] = field(default_factory=list)
    missing: list[MissingKey] = field(default_factory=list)


@dataclass
class ArticleOutcome:
    article: Article
    status: str  # held | failed | missing | kind | excluded
    conditions: list[CondOutcome] = field(default_factory=list)
    items: list[ItemOutcome] = field(default_factory=list)
    before_cap: Decimal = Decimal(0)
    amount: Decimal = Decimal(0)  # rounded, after the article cap (and the matter rule)
    exempt: Decimal = Decimal(0)  # the part not counted towards the annual cap
    matter_cut_by: int | None = None
    missing: list[MissingKey] = field(default_factory=list)


@dataclass
class Trace:
    id: str
    year: int
    in_period: bool
    eligible: bool
    eligibility: list[CondOutcome]
    eligibility_missing: dict[int, list[MissingKey]]  # eligibility article -> missing data
    articles: list[ArticleOutcome]
    before_cap: Decimal
    total: Decimal


class _Env:
    """What one expression sees: the applicant, optionally one record, the year and the parameter date."""

    def __init__(
        self,
        policy: Policy,
        profile: dict,
        year: int,
        words: Words,
        record: dict | None = None,
        source: str | None = None,
        param_day: date | None = None,
    ):
        self.policy, self.profile, self.year, self.words = policy, profile, year, words
        self.record, self.source, self.param_day = record, source, param_day
        self.params: list[ParamUse] = []

    def ref(self, r: Ref) -> Value:
        if r.scope == "year":
            return Decimal(self.year)
        if r.scope == "param":
            p = self.policy.params[r.name]
            if self.param_day is None:
                return None
            v = p.at(self.param_day)
            self.params.append(ParamUse(p, v, self.param_day))
            return v.value
        if r.scope == "record":
            spec = self.policy.records[self.source].fields[r.name]  # type: ignore[index]
            raw = (self.record or {}).get(r.name)
        else:
            spec = self.policy.fields[r.name]
            raw = lookup(self.profile, r.name, None if r.offset is None else self.year + r.offset)
        if raw is None:
            return spec.default
        what = f"{self.profile.get('id')}: {r.name}"
        if spec.type in ("money", "number"):
            return to_decimal(raw, what)
        if spec.type == "date":
            return to_date(raw, what)
        if spec.type == "bool":
            return to_bool(raw, what)
        return str(raw)

    def eval(self, n: Node) -> Value:
        if isinstance(n, Const):
            return n.value
        if isinstance(n, Ref):
            return self.ref(n)
        if isinstance(n, Op):
            a, b = self.eval(n.left), self.eval(n.right)
            if a is None or b is None:
                return None
            assert isinstance(a, Decimal) and isinstance(b, Decimal)
            return a + b if n.op == "+" else a - b if n.op == "-" else a * b
        if isinstance(n, Call):
            args = [self.eval(a) for a in n.args]
            if any(a is None for a in args):
                return None
            if n.func == "year":
                return Decimal(args[0].year)  # type: ignore[union-attr]
            if n.func == "anniversary":
                return anniversary(args[0], int(args[1]))  # type: ignore[arg-type]
            return max(args) if n.func == "max" else min(args)  # type: ignore[type-var]
        raise TypeError(n)

    def key(self, r: Ref) -> MissingKey:
        return (self.source if r.scope == "record" else None, r)

    def condition(self, c: Condition) -> CondOutcome:
        e = c.expr
        if isinstance(e, Truth):
            v = self.ref(e.ref)
            values: list[tuple[Node, Value]] = [(e.ref, v)]
            if v is None:
                return self.missing(c, values, [e.ref])
            return CondOutcome(c, HELD if (v is not e.negate) else FAILED, values)
        assert isinstance(e, Compare)
        ratio = isinstance(e.left, Op) and e.left.op == "/"
        parts = [e.left.left, e.left.right] if ratio else [e.left]  # type: ignore[union-attr]
        got = [self.eval(p) for p in parts]
        right = self.eval(e.right) if not isinstance(e.right, Seq) else None
        values = [(p, v) for p, v in zip(parts, got, strict=True)]
        # year(date), anniversary(date, n): keep the dates themselves too, explanations quote them.
        values += [
            (x, self.eval(x)) for p in parts if isinstance(p, Call) for x in p.args if isinstance(x, Ref)
        ]
        if not isinstance(e.right, Const | Seq):
            values.append((e.right, right))
        absent = [r for p, v in zip(parts, got, strict=True) if v is None for r in _absent(self, p)]
        if not isinstance(e.right, Const | Seq) and right is None:
            absent += _absent(self, e.right)
        if absent:
            return self.missing(c, values, absent)
        if isinstance(e.right, Seq):
            inside = got[0] in {s.value for s in e.right.values}
            return CondOutcome(c, HELD if inside == (e.op == "in") else FAILED, values)
        if ratio:
            num, den = got
            assert isinstance(num, Decimal) and isinstance(den, Decimal) and isinstance(right, Decimal)
            if den == 0:
                return CondOutcome(c, HELD if c.if_zero == PASS else FAILED, values, by_missing_rule=True)
            # Exact: compare num/den with the threshold by cross-multiplying, keeping the sign of den.
            sign = 1 if den > 0 else -1
            held = _compare(e.op, num * sign, right * den * sign)
            return CondOutcome(c, HELD if held else FAILED, values, ratio=num / den)
        return CondOutcome(c, HELD if _compare(e.op, got[0], right) else FAILED, values)

    def missing(self, c: Condition, values: list[tuple[Node, Value]], absent: list[Ref]) -> CondOutcome:
        if c.if_missing and set(absent) <= c.optional:
            return CondOutcome(
                c, HELD if c.if_missing == PASS else FAILED, values, by_missing_rule=True, absent=absent
            )
        keys = [self.key(r) for r in absent if r not in c.optional or not c.if_missing]
        return CondOutcome(c, MISSING, values, missing=keys, absent=absent)


def _absent(env: _Env, node: Node) -> list[Ref]:
    return [r for r in refs(node) if r.scope in ("field", "record") and env.ref(r) is None]


def _compare(op: str, a: object, b: object) -> bool:
    return {">=": a >= b, ">": a > b, "<=": a <= b, "<": a < b, "==": a == b, "!=": a != b}[op]  # type: ignore[operator]


def anniversary(day: date, years: int) -> date:
    """The day `years` years later; 29 February falls back to 28 February in a non-leap year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def combine(statuses: list[str]) -> str:
    """AND of three-valued outcomes: any failure decides; otherwise any missing value leaves it open."""
    return FAILED if FAILED in statuses else MISSING if MISSING in statuses else HELD


def round_amount(amount: Decimal, places: int) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def trace(policy: Policy, profile: dict, year: int) -> Trace:
    words = Words(policy.fields, {n: p.label for n, p in policy.params.items()}, policy.unit)
    env = _Env(policy, profile, year, words)
    in_period = policy.first_year <= year <= policy.last_year
    by_article = {a.number: [env.condition(c) for c in a.conditions] for a in policy.eligibility_articles}
    eligibility = [o for outcomes in by_article.values() for o in outcomes]
    status = combine([o.status for o in eligibility])
    eligible = in_period and status == HELD
    elig_missing = (
        {
            n: labels
            for n, outcomes in by_article.items()
            if (labels := _unique(m for o in outcomes for m in o.missing))
        }
        if in_period and status == MISSING
        else {}
    )
    kind = profile.get("kind")
    articles = [_article(policy, profile, year, words, a, eligible, kind) for a in policy.paying_articles]
    _apply_matters(articles)
    exempt = sum((o.exempt for o in articles), Decimal(0))
    before = sum((o.amount for o in articles), Decimal(0))
    total = before
    if policy.annual_cap is not None:
        total = min(policy.annual_cap.amount, before - exempt) + exempt
    return Trace(
        str(profile.get("id")), year, in_period, eligible, eligibility, elig_missing, articles, before, total
    )


def _article(
    policy: Policy, profile: dict, year: int, words: Words, a: Article, eligible: bool, kind: object
) -> ArticleOutcome:
    if not eligible:
        return ArticleOutcome(a, "excluded")
    if a.kinds is not None and kind not in a.kinds:
        return ArticleOutcome(a, "kind")
    day = date(year - 1, 12, 31)
    env = _Env(policy, profile, year, words, param_day=day)
    conditions = [env.condition(c) for c in a.conditions]
    out = ArticleOutcome(a, combine([c.status for c in conditions]), conditions)
    if out.status == FAILED:
        return out
    out.items = [_item(policy, profile, year, words, a, i, kind, conditions, day) for i in a.items]
    statuses = [i.status for i in out.items if i.status != "kind"]
    out.status = HELD if HELD in statuses else MISSING if MISSING in statuses else FAILED
    if out.status != FAILED:
        out.missing = _unique(
            [m for c in conditions for m in c.missing] + [m for i in out.items for m in i.missing]
        )
    for group in a.groups:
        members = [o for o in out.items if o.item.id in group and o.status == HELD]
        if members:
            best = max(members, key=lambda o: o.amount)  # max() keeps the first of equals
            for o in members:
                if o is not best:
                    o.group_cut_by, o.amount = best.item.key, Decimal(0)
    out.before_cap = sum((o.amount for o in out.items), Decimal(0))
    capped = min(out.before_cap, a.cap) if a.cap is not None else out.before_cap
    out.amount = round_amount(capped, policy.places)
    if policy.annual_cap is not None:
        exempt = sum((o.amount for o in out.items if o.item.key in policy.annual_cap.exempt), Decimal(0))
        out.exempt = min(round_amount(exempt, policy.places), out.amount)
    return out


def _item(
    policy: Policy,
    profile: dict,
    year: int,
    words: Words,
    a: Article,
    item: Item,
    kind: object,
    article_conditions: list[CondOutcome],
    day: date,
) -> ItemOutcome:
    if item.kinds is not None and kind not in item.kinds:
        return ItemOutcome(item, "kind")
    env = _Env(policy, profile, year, words, param_day=day)
    conditions = [env.condition(c) for c in item.conditions]
    status = combine([c.status for c in article_conditions + conditions])
    out = ItemOutcome(item, status, conditions, missing=[m for c in conditions for m in c.missing])
    if status == FAILED:
        out.missing = []
        return out
    if item.records is None:
        if status == HELD:
            out.raw = env.eval(item.amount)  # type: ignore[assignment]
            out.params = env.params
            if out.raw is None:
                out.status, out.raw = MISSING, Decimal(0)
                out.missing += [env.key(r) for r in _absent(env, item.amount)]
    else:
        source = policy.records[item.records]
        entries = profile.get(item.records) or []
        rwords = Words(policy.fields, words.params, policy.unit, source.fields)
        amounts = []
        for k, record in enumerate(entries):
            if not isinstance(record, dict):
                raise ProfileError(f"{item.records}: every entry must be an object ({{...}})")
            rday = record.get(source.date_field) if a.parameter_date == EVENT_DATE else day
            renv = _Env(
                policy,
                profile,
                year,
                rwords,
                record,
                item.records,
                to_date(rday, f"{profile.get('id')}: {item.records}") if rday is not None else None,
            )
            conds = []
            for c in item.where:
                conds.append(renv.condition(c))
                if conds[-1].status == FAILED and c.categorical:
                    break  # another kind of entry: nothing more to say about it for this item
            r = RecordOutcome(k, combine([c.status for c in conds]), conds)
            if r.status == MISSING:
                out.missing += [m for c in conds for m in c.missing]
            if r.status == HELD:
                r.amount, r.params = renv.eval(item.amount), renv.params  # type: ignore[assignment]
                if r.amount is None:
                    r.status = MISSING
                    out.missing += [renv.key(x) for x in _absent(renv, item.amount)] or [
                        (source.name, Ref("record", source.date_field))
                    ]
                else:
                    if item.cap_each is not None and r.amount > item.cap_each:
                        r.capped_from, r.amount = r.amount, item.cap_each
                    amounts.append(r.amount)
            out.records.append(r)
        record_status = (
            HELD if amounts else MISSING if any(r.status == MISSING for r in out.records) else FAILED
        )
        out.status = combine([status, record_status])
        if out.status == HELD:
            out.raw = max(amounts) if item.combine == "max" else sum(amounts, Decimal(0))
    out.missing = _unique(out.missing) if out.status != FAILED else []
    out.amount = min(out.raw, item.cap) if item.cap is not None else out.raw
    return out


def _apply_matters(articles: list[ArticleOutcome]) -> None:
    """就高不重复 across articles on the same matter, unless the text lets them stack."""
    by_matter: dict[str, list[ArticleOutcome]] = {}
    for o in articles:
        if o.article.matter and o.amount > 0:
            by_matter.setdefault(o.article.matter, []).append(o)
    for group in by_matter.values():
        kept: list[ArticleOutcome] = []
        for o in sorted(group, key=lambda o: (-o.amount, o.article.number)):
            clash = next((k for k in kept if not _stack(o.article, k.article)), None)
            if clash is None:
                kept.append(o)
            else:
                o.matter_cut_by, o.amount, o.exempt = clash.article.number, Decimal(0), Decimal(0)


def _stack(a: Article, b: Article) -> bool:
    return a.number in b.stacks_with or b.number in a.stacks_with


def _unique(labels) -> list[str]:  # type: ignore[no-untyped-def]
    return list(dict.fromkeys(labels))
