"""The vectorised evaluator: every condition and formula runs once over columns of all applicants.

Same semantics as reference.py (three-valued conditions, groups, caps, rounding, the annual cap), in exact
int64 fixed-point. Record lists (events, contracts, investments) are flattened with an owner index and
folded back per applicant with segment sums and maxima.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

import numpy as np

from .columns import (
    Col,
    Column,
    Num,
    add,
    align,
    maximum,
    minimum,
    mul,
    segment_any,
    segment_max,
    segment_sum,
    to_decimal,
)
from .expr import Call, Compare, Const, Node, Op, Ref, Seq, Truth, refs
from .extract import Records, applicant_raw, column, day_number, fetch
from .model import EVENT_DATE, FAIL, PASS, Article, Condition, Item, Policy
from .reference import MissingKey
from .results import Result, missing_labels

_OPS = {
    ">=": np.greater_equal,
    ">": np.greater,
    "<=": np.less_equal,
    "<": np.less,
    "==": np.equal,
    "!=": np.not_equal,
}


@dataclass
class _Status:
    """Three-valued outcome per row, with the rows where each piece of data was missing."""

    held: np.ndarray
    failed: np.ndarray
    missing: list[tuple[MissingKey, np.ndarray]] = field(default_factory=list)

    @property
    def unknown(self) -> np.ndarray:
        return ~self.held & ~self.failed


class _Data:
    """The applicants' columns, read from the profiles on first use and cached."""

    def __init__(self, policy: Policy, profiles: list[dict], years: np.ndarray):
        self.policy, self.years, self.n = policy, years, len(profiles)
        self._cols: dict[tuple[str | None, str, int | None], Column] = {}
        self._records: dict[str, Records] = {}
        self._kinds: dict[frozenset[str] | None, np.ndarray] = {}
        self.top = fetch(profiles, _top_keys(policy), "profiles")
        self.kind = (
            np.array([str(k) for k in self.top["kind"]], dtype=str) if profiles else np.array([], dtype=str)
        )
        # Y-1-12-31: the day before 1 January of Y.
        self.year_end = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64) - 1

    def kind_in(self, kinds: frozenset[str] | None) -> np.ndarray:
        if kinds not in self._kinds:
            self._kinds[kinds] = (
                np.ones(self.n, dtype=bool) if kinds is None else np.isin(self.kind, sorted(kinds))
            )
        return self._kinds[kinds]

    def records(self, name: str) -> Records:
        if name not in self._records:
            self._records[name] = Records(self.top[name])
        return self._records[name]

    def column(self, source: str | None, ref: Ref) -> Column:
        key = (source, ref.name, ref.offset)
        if key not in self._cols:
            if source is None:
                spec = self.policy.fields[ref.name]
                raw = applicant_raw(self.top[ref.name.split(".")[0]], spec, self.years, ref.offset)
                self._cols[key] = column(raw, spec, ref.name)
            else:
                self._record_columns(source)
        return self._cols[key]

    def _record_columns(self, source: str) -> None:
        """All the fields the policy reads from one record list, pulled out in a single pass."""
        names = _record_fields(self.policy, source)
        fields = self.policy.records[source].fields
        for name, raw in fetch(self.records(source).entries, names, source).items():
            self._cols[(source, name, None)] = column(raw, fields[name], f"{source}.{name}")


class _Scope:
    """Rows to evaluate on: the applicants, or the entries of one record list (with applicant data broadcast)."""

    def __init__(self, data: _Data, source: str | None = None, param_days: Col | None = None):
        self.data, self.source = data, source
        self.owner = data.records(source).owner if source else None
        self.size = len(self.owner) if self.owner is not None else data.n
        self.param_days = param_days
        self._cache: dict[Node, Column] = {}

    def broadcast(self, c: Column) -> Column:
        return c if self.owner is None else c.take(self.owner)

    def eval(self, n: Node) -> Column:
        if n not in self._cache:
            self._cache[n] = self._eval(n)
        return self._cache[n]

    def _eval(self, n: Node) -> Column:
        if isinstance(n, Const):
            assert isinstance(n.value, Decimal)
            return Num.const(n.value, self.size)
        if isinstance(n, Ref):
            if n.scope == "year":
                return self.broadcast(Num(self.data.years, 0, np.ones(self.data.n, dtype=bool)))
            if n.scope == "param":
                return self.param(n.name)
            if n.scope == "record":
                return self.data.column(self.source, n)
            return self.broadcast(self.data.column(None, n))
        if isinstance(n, Op):
            a, b = self.eval(n.left), self.eval(n.right)
            assert isinstance(a, Num) and isinstance(b, Num)
            return mul(a, b) if n.op == "*" else add(a, b, 1 if n.op == "+" else -1)
        if isinstance(n, Call):
            args = [self.eval(x) for x in n.args]
            if n.func == "year":
                days = np.where(args[0].ok, args[0].v, 0).astype("datetime64[D]")
                return Num(days.astype("datetime64[Y]").astype(np.int64) + 1970, 0, args[0].ok)
            if n.func == "anniversary":
                years = int(n.args[1].value)  # type: ignore[union-attr, arg-type]
                return Col(_anniversary(np.where(args[0].ok, args[0].v, 0), years), args[0].ok)
            a, b = args
            assert isinstance(a, Num) and isinstance(b, Num)
            return maximum(a, b) if n.func == "max" else minimum(a, b)
        raise TypeError(n)

    def param(self, name: str) -> Num:
        p = self.data.policy.params[name]
        assert self.param_days is not None
        starts = np.array([day_number(s) for s in p.starts], dtype=np.int64)
        index = np.searchsorted(starts, self.param_days.v, side="right")
        exp = max(Num.const(v.value, 1).exp for v in p.values)
        table = np.array([int(v.value.scaleb(exp)) for v in p.values], dtype=np.int64)
        return Num(table[index], exp, self.param_days.ok.copy())

    def key(self, r: Ref) -> MissingKey:
        return (self.source if r.scope == "record" else None, r)

    def condition(self, c: Condition) -> _Status:
        data_refs = list(dict.fromkeys(r for r in refs(c.expr) if r.scope in ("field", "record")))
        present = {r: self.eval(r).ok for r in data_refs}
        optional = c.optional if c.if_missing else frozenset()
        unknown = np.zeros(self.size, dtype=bool)
        by_rule = np.zeros(self.size, dtype=bool)
        for r in data_refs:
            (by_rule if r in optional else unknown)[...] |= ~present[r]
        by_rule &= ~unknown
        truth, zero = self.truth(c.expr)
        decided = ~unknown & ~by_rule
        if zero is not None:
            truth = np.where(zero, c.if_zero == PASS, truth)
        held = decided & truth
        failed = decided & ~truth
        if c.if_missing == PASS:
            held |= by_rule
        elif c.if_missing == FAIL:
            failed |= by_rule
        missing = (
            [(self.key(r), unknown & ~present[r]) for r in data_refs if r not in optional]
            if unknown.any()
            else []
        )
        return _Status(held, failed, missing)

    def truth(self, e: Compare | Truth) -> tuple[np.ndarray, np.ndarray | None]:
        """The comparison on every row (meaningless where data is missing), and the zero-denominator rows."""
        if isinstance(e, Truth):
            v = self.eval(e.ref).v
            return (~v if e.negate else v), None
        if isinstance(e.right, Seq):
            left = self.eval(e.left)
            assert isinstance(left, Col)
            inside = np.isin(left.v, [left.code(str(s.value)) for s in e.right.values])
            return (inside if e.op == "in" else ~inside), None
        if isinstance(e.right, Const) and isinstance(e.right.value, str):
            left = self.eval(e.left)
            assert isinstance(left, Col)
            return _OPS[e.op](left.v, left.code(e.right.value)), None
        if isinstance(e.right, Const) and isinstance(e.right.value, bool):
            return _OPS[e.op](self.eval(e.left).v, e.right.value), None
        if isinstance(e.left, Op) and e.left.op == "/":
            num, den, right = self.eval(e.left.left), self.eval(e.left.right), self.eval(e.right)
            assert isinstance(num, Num) and isinstance(den, Num) and isinstance(right, Num)
            # Exact: num/den OP right  <=>  num*sign OP right*den*sign, sign of den.
            sign = Num(np.where(den.v < 0, -1, 1).astype(np.int64), 0, den.ok)
            x, y, _ = align(mul(num, sign), mul(mul(right, den), sign))
            return _OPS[e.op](x, y), den.v == 0
        left, right = self.eval(e.left), self.eval(e.right)
        if isinstance(left, Num) and isinstance(right, Num):
            x, y, _ = align(left, right)
            return _OPS[e.op](x, y), None
        assert isinstance(left, Col) and isinstance(right, Col)
        if left.table is not None:  # two text columns: their codes come from different tables
            return _OPS[e.op](left.strings(), right.strings()), None
        return _OPS[e.op](left.v, right.v), None


def _anniversary(days: np.ndarray, years: int) -> np.ndarray:
    """Same month and day `years` later; a day the target month lacks (29 February) becomes its last day."""
    d = days.astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    day_in_month = (d - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.timedelta64(12 * years, "M")
    last = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")).astype(
        np.int64
    )
    return np.minimum(target.astype("datetime64[D]").astype(np.int64) + day_in_month, last)


def _all(statuses: list[_Status], size: int) -> _Status:
    """AND of three-valued outcomes, keeping every missing-data mask."""
    failed = np.zeros(size, dtype=bool)
    unknown = np.zeros(size, dtype=bool)
    for s in statuses:
        failed |= s.failed
        unknown |= s.unknown
    return _Status(~failed & ~unknown, failed, [m for s in statuses for m in s.missing])


@dataclass
class _ItemOut:
    applies: np.ndarray
    status: _Status
    amount: Num  # after the item cap, 0 where not held


class _Evaluator:
    def __init__(self, policy: Policy, profiles: list[dict], years: np.ndarray):
        self.policy, self.n = policy, len(profiles)
        self.data = _Data(policy, profiles, years)
        self.year_end = Col(self.data.year_end, np.ones(self.n, dtype=bool))
        self.scope = _Scope(self.data, None, self.year_end)
        self.record_scopes: dict[tuple[str, bool], _Scope] = {}

    def record_scope(self, source: str, event_date: bool) -> _Scope:
        key = (source, event_date)
        if key not in self.record_scopes:
            records = self.data.records(source)
            date_field = self.policy.records[source].date_field
            if event_date:
                days = self.data.column(source, Ref("record", date_field))
                assert isinstance(days, Col)
            else:
                days = self.year_end.take(records.owner)
            self.record_scopes[key] = _Scope(self.data, source, days)
        return self.record_scopes[key]

    def zero(self) -> Num:
        return Num(np.zeros(self.n, dtype=np.int64), 0, np.ones(self.n, dtype=bool))

    def item(self, a: Article, item: Item, article: _Status) -> _ItemOut:
        applies = self.data.kind_in(item.kinds)
        own = [self.scope.condition(c) for c in item.conditions]
        status = _all([_Status(article.held, article.failed), *own], self.n)
        if item.records is None:
            amount = self.scope.eval(item.amount)
            assert isinstance(amount, Num)
            lacking = status.held & ~amount.ok
            status.missing += [
                (self.scope.key(r), lacking & ~self.scope.eval(r).ok) for r in _data_refs(item.amount)
            ]
            status.held &= amount.ok
            raw = Num(np.where(status.held, amount.v, 0), amount.exp, np.ones(self.n, dtype=bool))
        else:
            status, raw = self.records_item(a, item, status)
        if item.cap is not None:
            raw = minimum(raw, Num.const(item.cap, self.n))
        keep = applies & ~status.failed
        status.missing = [(k, m & keep) for k, m in status.missing]
        return _ItemOut(applies, status, raw)

    def records_item(self, a: Article, item: Item, status: _Status) -> tuple[_Status, Num]:
        assert item.records is not None
        scope = self.record_scope(item.records, a.parameter_date == EVENT_DATE)
        offsets = self.data.records(item.records).offsets
        rec = _all([scope.condition(c) for c in item.where], scope.size)
        amount = scope.eval(item.amount)
        assert isinstance(amount, Num)
        lacking = rec.held & ~amount.ok
        held = rec.held & amount.ok
        if item.cap_each is not None:
            amount = minimum(amount, Num.const(item.cap_each, scope.size))
        missing = [(k, segment_any(m & rec.unknown, offsets)) for k, m in rec.missing]
        amount_refs = _data_refs(item.amount)
        missing += [(scope.key(r), segment_any(lacking & ~scope.eval(r).ok, offsets)) for r in amount_refs]
        no_ref = lacking.copy()
        for r in amount_refs:
            no_ref &= scope.eval(r).ok
        date_key = (item.records, Ref("record", self.policy.records[item.records].date_field))
        missing.append((date_key, segment_any(no_ref, offsets)))
        any_held = segment_any(held, offsets)
        any_unknown = segment_any(rec.unknown | lacking, offsets)
        records = _Status(any_held, ~any_held & ~any_unknown)
        out = _all([status, records], self.n)
        out.missing = status.missing + missing
        v = np.where(held, amount.v, 0)
        total = segment_max(v, offsets, held) if item.combine == "max" else segment_sum(v, offsets)
        return out, Num(np.where(out.held, total, 0), amount.exp, np.ones(self.n, dtype=bool))

    def article(self, a: Article, eligible: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, _Status]:
        """Rounded amount, exempt part (both int64 at `places`), whether it pays on held data, and its status."""
        places = self.policy.places
        applies = eligible & self.data.kind_in(a.kinds)
        conds = _all([self.scope.condition(c) for c in a.conditions], self.n)
        items = [self.item(a, i, conds) for i in a.items]
        any_held = np.zeros(self.n, dtype=bool)
        any_unknown = np.zeros(self.n, dtype=bool)
        for o in items:
            any_held |= o.applies & o.status.held
            any_unknown |= o.applies & o.status.unknown
        status = _Status(any_held & applies, ~any_held & ~any_unknown & applies)
        open_ = applies & ~status.failed
        status.missing = [(k, m & open_) for k, m in conds.missing]
        status.missing += [(k, m & open_) for o in items for k, m in o.status.missing]
        amounts = {o_item.id: o for o_item, o in zip(a.items, items, strict=True)}
        for group in a.groups:
            best = np.full(self.n, -1, dtype=np.int64)
            best_v = np.zeros(self.n, dtype=np.int64)
            exp = max(amounts[i].amount.exp for i in group)
            for k, i in enumerate(group):
                o = amounts[i]
                v = o.amount.at(exp)
                better = o.applies & o.status.held & ((best < 0) | (v > best_v))
                best, best_v = np.where(better, k, best), np.where(better, v, best_v)
            for k, i in enumerate(group):
                o = amounts[i]
                o.amount = Num(np.where(best == k, o.amount.v, 0), o.amount.exp, o.amount.ok)
        total = self.zero()
        exempt = self.zero()
        cap = self.policy.annual_cap
        for o_item, o in zip(a.items, items, strict=True):
            counted = Num(np.where(o.applies & applies, o.amount.v, 0), o.amount.exp, o.amount.ok)
            total = add(total, counted)
            if cap is not None and o_item.key in cap.exempt:
                exempt = add(exempt, counted)
        if a.cap is not None:
            total = minimum(total, Num.const(a.cap, self.n))
        rounded = total.decimals(places)
        return rounded, np.minimum(exempt.decimals(places), rounded), status.held, status


@cache
def _top_keys(policy: Policy) -> list[str]:
    """The profile keys the policy reads: id, kind, the heads of its fields, its record lists."""
    heads = [name.split(".")[0] for name in policy.fields]
    return list(dict.fromkeys(["id", "kind", *heads, *policy.records]))


@cache
def _record_fields(policy: Policy, source: str) -> list[str]:
    names = [policy.records[source].date_field]
    for a in policy.paying_articles:
        for item in a.items:
            if item.records == source:
                names += [r.name for c in item.where for r in refs(c.expr) if r.scope == "record"]
                names += [r.name for r in refs(item.amount) if r.scope == "record"]
    return list(dict.fromkeys(names))


def _data_refs(node: Node) -> list[Ref]:
    return list(dict.fromkeys(r for r in refs(node) if r.scope in ("field", "record")))


def evaluate_columns(policy: Policy, profiles: list[dict], years: np.ndarray) -> list[Result]:
    ev = _Evaluator(policy, profiles, years)
    n = ev.n
    in_period = (years >= policy.first_year) & (years <= policy.last_year)
    elig_by_article = {
        a.number: _all([ev.scope.condition(c) for c in a.conditions], n) for a in policy.eligibility_articles
    }
    elig = _all(list(elig_by_article.values()), n)
    eligible = in_period & elig.held
    elig_open = in_period & elig.unknown
    paying = policy.paying_articles
    amounts, exempts, helds, statuses = [], [], [], []
    for a in paying:
        amount, exempt, held, status = ev.article(a, eligible)
        amounts.append(amount)
        exempts.append(exempt)
        helds.append(held)
        statuses.append(status)
    amounts_m = np.array(amounts, dtype=np.int64).reshape(len(paying), n)
    exempt_m = np.array(exempts, dtype=np.int64).reshape(len(paying), n)
    _apply_matters(paying, amounts_m, exempt_m)
    before = amounts_m.sum(axis=0)
    exempt_total = exempt_m.sum(axis=0)
    total = before
    if policy.annual_cap is not None:
        cap = int(policy.annual_cap.amount.scaleb(policy.places))
        total = np.minimum(cap, before - exempt_total) + exempt_total
    return _results(
        policy,
        ev.data.top["id"],
        years,
        eligible,
        elig_by_article,
        elig_open,
        paying,
        amounts_m,
        helds,
        statuses,
        total,
    )


def _apply_matters(paying: tuple[Article, ...], amounts: np.ndarray, exempt: np.ndarray) -> None:
    """就高不重复 across articles on the same matter unless stackable (greedy by amount, then article number)."""
    matters: dict[str, list[int]] = {}
    for j, a in sorted(enumerate(paying), key=lambda ja: ja[1].number):
        if a.matter:
            matters.setdefault(a.matter, []).append(j)
    for members in matters.values():
        if len(members) < 2:
            continue
        kept = np.zeros((len(members), amounts.shape[1]), dtype=bool)
        # rank per row: larger amount first, lower article number first among equals (members are sorted)
        order = np.argsort(-amounts[members], axis=0, kind="stable")
        for pos in range(len(members)):
            for k, j in enumerate(members):
                rows = (order[pos] == k) & (amounts[j] > 0)
                clash = np.zeros_like(rows)
                for k2, j2 in enumerate(members):
                    if k2 != k and not _stack(paying[j], paying[j2]):
                        clash |= kept[k2]
                kept[k] |= rows & ~clash
                cut = rows & clash
                amounts[j][cut] = 0
                exempt[j][cut] = 0


def _stack(a: Article, b: Article) -> bool:
    return a.number in b.stacks_with or b.number in a.stacks_with


def _results(
    policy: Policy,
    ids: list,
    years: np.ndarray,
    eligible: np.ndarray,
    elig_by_article: dict[int, _Status],
    elig_open: np.ndarray,
    paying: tuple[Article, ...],
    amounts: np.ndarray,
    helds: list[np.ndarray],
    statuses: list[_Status],
    total: np.ndarray,
) -> list[Result]:
    n, places = len(ids), policy.places
    numbers = [str(a.number) for a in paying]
    cache: dict[int, Decimal] = {}

    def dec(v: int) -> Decimal:
        if v not in cache:
            cache[v] = to_decimal(v, places)
        return cache[v]

    # Sparse walks: only the (row, article) pairs that pay, only the rows with missing data.
    articles: list[dict[str, Decimal]] = [{} for _ in range(n)]
    ready: list[list[str]] = [[] for _ in range(n)]
    held_m = np.array(helds, dtype=bool).reshape(len(paying), n)
    js, rows = np.nonzero(amounts)
    for j, i, v, h in zip(
        js.tolist(), rows.tolist(), amounts[js, rows].tolist(), held_m[js, rows].tolist(), strict=True
    ):
        articles[i][numbers[j]] = dec(v)
        if h:
            ready[i].append(numbers[j])
    missing_keys: dict[int, dict[int, list[MissingKey]]] = {}
    parts = [(a_num, s, elig_open) for a_num, s in elig_by_article.items()]
    parts += [(a.number, s, None) for a, s in zip(paying, statuses, strict=True)]
    for a_num, s, gate in parts:
        for key, mask in s.missing:
            for i in np.flatnonzero(mask if gate is None else mask & gate).tolist():
                missing_keys.setdefault(i, {}).setdefault(a_num, []).append(key)
    labels: dict[tuple, list[str]] = {}
    missing: dict[int, dict[str, list[str]]] = {}
    years_l = years.tolist()
    for i, by_article in missing_keys.items():
        row = missing[i] = {}
        for a_num, keys in by_article.items():
            cache_key = (a_num, tuple(keys), years_l[i])
            if cache_key not in labels:
                labels[cache_key] = missing_labels(policy, a_num, keys, years_l[i])
            row[str(a_num)] = labels[cache_key]
    for i, row in missing.items():
        ready[i] = [r for r in ready[i] if r not in row]
    return [
        Result(
            p if isinstance(p, str) else str(p),
            y,
            e,
            articles[i],
            dec(t),
            missing.get(i, {}),
            tuple(ready[i]),
        )
        for i, (p, y, e, t) in enumerate(zip(ids, years_l, eligible.tolist(), total.tolist(), strict=True))
    ]
