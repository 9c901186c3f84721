"""Explanations in plain Chinese: per article, the conditions with the values used, the parameter values and
dates applied, the caps and groups that cut the amount, near misses, missing data, and the legal text."""

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from .errors import chinese_number
from .expr import Call, Compare, Const, Seq, Truth
from .loader import load_policy
from .model import PASS, Policy
from .reference import FAILED, HELD, MISSING, ArticleOutcome, CondOutcome, ItemOutcome, ParamUse, trace
from .results import Result, result_from_trace
from .words import DATE_FAILS, DATE_HOLDS, FAILS, HOLDS, Words, is_year_of, number, percent

STATUS = {
    HELD: "符合",
    FAILED: "不符合",
    MISSING: "数据不全",
    "kind": "不适用于该类主体",
    "excluded": "不适用本政策",
}
# A failed threshold counts as a near miss when the value reaches this share of it.
NEAR = Decimal("0.8")


@dataclass
class ConditionExplained:
    requirement: str
    status: str
    message: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class ItemExplained:
    key: str
    label: str
    status: str
    amount: str
    conditions: list[ConditionExplained] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)  # per record: what counted and why (not)
    parameters: list[str] = field(default_factory=list)
    cuts: list[str] = field(default_factory=list)


@dataclass
class ArticleExplained:
    number: int
    title: str
    text: str
    status: str
    amount: str
    summary: str
    conditions: list[ConditionExplained] = field(default_factory=list)
    items: list[ItemExplained] = field(default_factory=list)
    cuts: list[str] = field(default_factory=list)
    near_misses: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class Explanation:
    id: str
    year: int
    eligible: bool
    eligibility: list[str]
    articles: list[ArticleExplained]
    total: str
    total_notes: list[str]
    result: Result

    def to_json(self) -> dict:
        out = asdict(self)
        out["result"] = self.result.to_json()
        out["missing"] = self.result.missing
        out["ready"] = list(self.result.ready)
        return out

    def to_text(self) -> str:
        lines = [f"{self.id}　申报年度 {self.year}　{'适用本政策' if self.eligible else '不适用本政策'}"]
        lines += [f"  {e}" for e in self.eligibility]
        for a in self.articles:
            lines.append(f"第{chinese_number(a.number)}条 {a.title}：{a.summary}")
            lines += [f"  · {c.message}" for c in a.conditions]
            for i in a.items:
                if i.status != HELD and not (i.entries or i.conditions or i.cuts):
                    continue  # nothing of this kind in the profile: the JSON form still lists it
                item_no = chinese_number(int(i.key.partition(".")[2]))
                lines.append(f"  （{item_no}）{i.label}：{STATUS.get(i.status, i.status)}，{i.amount}")
                lines += [
                    f"      {x}"
                    for x in [c.message for c in i.conditions] + i.entries + i.parameters + i.cuts
                ]
            lines += [f"  ✂ {c}" for c in a.cuts]
            lines += [f"  ！差一点：{m}" for m in a.near_misses]
            lines += [f"  缺少数据：{'、'.join(a.missing)}"] if a.missing else []
        lines += self.total_notes
        lines.append(f"合计：{self.total}")
        return "\n".join(lines)


def explain(policy: Policy | str, profile: dict, year: int) -> Explanation:
    """One applicant's full explanation (the reference evaluator's trace, rendered)."""
    p = policy if isinstance(policy, Policy) else load_policy(policy)
    t = trace(p, profile, year)
    r = result_from_trace(p, t)
    words = _words(p)
    unit = p.unit
    elig = []
    if not t.in_period:
        elig.append(
            f"申报年度 {year} 不在本政策适用的 {p.first_year}—{p.last_year} 年内"
            + (f"（第{chinese_number(p.period_article)}条）" if p.period_article else "")
        )
    elig += [_condition(o, words, year).message for o in t.eligibility]
    articles = [_article(p, o, year, r, words) for o in t.articles]
    notes = []
    if p.annual_cap is not None and t.total < t.before_cap:
        exempt = sum((o.exempt for o in t.articles), Decimal(0))
        where = f"（第{chinese_number(p.annual_cap.article)}条）" if p.annual_cap.article else ""
        note = (
            f"计入年度上限的各条合计 {_money(t.before_cap - exempt, unit)}，超过年度上限 "
            f"{_money(p.annual_cap.amount, unit)}{where}，按 {_money(p.annual_cap.amount, unit)} 计"
        )
        if exempt:
            note += f"；另有不计入上限的 {_money(exempt, unit)}，合计支付 {_money(t.total, unit)}"
        notes.append(note)
    return Explanation(t.id, year, t.eligible, elig, articles, _money(t.total, unit), notes, r)


def _words(p: Policy, source: str | None = None) -> Words:
    return Words(
        p.fields,
        {n: q.label for n, q in p.params.items()},
        p.unit,
        p.records[source].fields if source else None,
    )


def _money(v: Decimal, unit: str) -> str:
    return f"{number(v)}{unit}"


def _article(p: Policy, o: ArticleOutcome, year: int, r: Result, words: Words) -> ArticleExplained:
    a = o.article
    out = ArticleExplained(a.number, a.title, a.text, o.status, _money(o.amount, p.unit), "")
    out.conditions = [_condition(c, words, year) for c in o.conditions]
    out.items = [_item(p, i, year) for i in o.items]
    out.missing = r.missing.get(str(a.number), [])
    if o.status == "excluded":
        out.summary = "不适用本政策（见适用主体、申报年度）"
        return out
    if o.status == "kind":
        kinds = "、".join(name for k, name in p.kinds.items() if k in (a.kinds or ()))
        out.summary = f"本条适用于{kinds}"
        return out
    capped = min(o.before_cap, a.cap) if a.cap is not None else o.before_cap
    if capped < o.before_cap:
        out.cuts.append(
            f"本条各项合计 {_money(o.before_cap, p.unit)}，按本条上限 {_money(capped, p.unit)} 计"
        )
    if capped != o.amount and o.matter_cut_by is None:
        out.cuts.append(
            f"{_money(capped, p.unit)} 四舍五入保留 {p.places} 位小数为 {_money(o.amount, p.unit)}"
        )
    if o.matter_cut_by is not None:
        out.cuts.append(f"与第{chinese_number(o.matter_cut_by)}条属同一事项，就高不重复，本条不再支持")
    out.near_misses = _near_misses(p, o, year, words)
    if o.amount:
        out.summary = f"支持 {_money(o.amount, p.unit)}"
    elif o.status == MISSING:
        out.summary = "数据不全，暂无法判断：缺少" + "、".join(out.missing)
    elif o.matter_cut_by is not None:
        out.summary = "就高不重复，本条不再支持"
    else:
        reasons = [c.message for c in out.conditions if c.status == FAILED]
        out.summary = "不符合：" + ("；".join(reasons) if reasons else "没有符合条件的事项")
    return out


def _item(p: Policy, o: ItemOutcome, year: int) -> ItemExplained:
    item = o.item
    words = _words(p, item.records)
    out = ItemExplained(item.key, item.label, o.status, _money(o.amount, p.unit))
    out.conditions = [_condition(c, words, year) for c in o.conditions]
    label = p.records[item.records].label if item.records else ""
    for rec in o.records:
        head = f"{label}第{rec.index + 1}项"
        if rec.status == HELD:
            text = (
                f"{head}：符合，金额 {_money(rec.amount, p.unit)}"
                if rec.amount is not None
                else f"{head}：符合"
            )
            if rec.capped_from is not None:
                text += f"（计算额 {_money(rec.capped_from, p.unit)}，按每笔上限 {_money(item.cap_each, p.unit)} 计）"  # type: ignore[arg-type]
            out.entries.append(text)
        elif _relevant(rec.conditions):
            reasons = [_condition(c, words, year).message for c in rec.conditions if c.status != HELD]
            out.entries.append(f"{head}：不计，" + "；".join(reasons))
    out.parameters = [
        _param(u) for u in _unique_params(o.params + [u for rec in o.records for u in rec.params])
    ]
    if item.cap is not None and o.raw > item.cap:
        out.cuts.append(f"计算额 {_money(o.raw, p.unit)}，按本项上限 {_money(item.cap, p.unit)} 计")
    if o.group_cut_by is not None:
        item_id = o.group_cut_by.partition(".")[2]
        out.cuts.append(
            f"与第（{chinese_number(int(item_id))}）项同属同一事项组，只取金额最高的一项，本项不计"
        )
    return out


def _relevant(conditions: list[CondOutcome]) -> bool:
    """An entry worth mentioning: it is the kind of entry the item counts (its categorical tests hold)."""
    return all(c.status == HELD for c in conditions if c.condition.categorical)


def _unique_params(uses: list[ParamUse]) -> list[ParamUse]:
    seen: dict[tuple, ParamUse] = {}
    for u in uses:
        seen.setdefault((u.parameter.name, u.value.start, u.day), u)
    return list(seen.values())


def _param(u: ParamUse) -> str:
    value = percent(u.value.value) if u.parameter.unit == "rate" else number(u.value.value)
    since = f"自 {u.value.start} 起" if u.value.start else "调整前"
    source = f"（{u.value.source}）" if u.value.source else ""
    return f"{u.parameter.label}按 {u.day} 适用{since}的数值 {value}{source}"


def _condition(o: CondOutcome, words: Words, year: int) -> ConditionExplained:
    c, e = o.condition, o.condition.expr
    values = {words.name(n, year): words.value(n, v) for n, v in o.values}
    if o.status == MISSING:
        return ConditionExplained(c.label, MISSING, f"{c.label}：缺少数据，无法判断", values)
    if o.by_missing_rule:
        absent = list(dict.fromkeys(words.name(r, year) for r in o.absent))
        what = f"{'、'.join(absent)}未填报" if absent else f"{words.name(e.left.right, year)}为 0"  # type: ignore[union-attr]
        rule = c.if_missing if absent else c.if_zero
        verdict = "按本条规定不受此项限制" if rule == PASS else "按本条规定不适用"
        return ConditionExplained(c.label, o.status, f"{what}，{verdict}", values)
    return ConditionExplained(c.label, o.status, _sentence(o, words, year), values)


def _sentence(o: CondOutcome, words: Words, year: int) -> str:
    e = o.condition.expr
    held = o.status == HELD
    if isinstance(e, Truth):
        value = words.value(e.ref, o.values[0][1])
        return (
            o.condition.label if held else f"{words.name(e.ref, year)}为{value}，不符合“{o.condition.label}”"
        )
    assert isinstance(e, Compare)
    left_value = o.ratio if o.ratio is not None else o.values[0][1]
    if is_year_of(e):
        assert isinstance(e.left, Call)
        day = next((v for n, v in o.values if n == e.left.args[0]), "")
        return (
            f"{words.name(e.left.args[0], year)} {day}{'在' if held else '不在'}{words.name(e.right, year)}内"
        )
    subject = words.name(e.left, year)
    if o.ratio is not None:
        threshold = e.right.value if isinstance(e.right, Const) else None
        shown = percent(o.ratio, threshold if isinstance(threshold, Decimal) else None)
    else:
        shown = words.value(e.left, left_value)
    right = words.rhs(e, year)
    if not isinstance(e.right, Const | Seq):
        right = f"{right}（{words.value(e.right, o.values[-1][1])}）"
    if isinstance(e.right, Seq) or (isinstance(e.right, Const) and isinstance(e.right.value, str | bool)):
        return f"{subject}为{shown}" + ("" if held else f"，{FAILS[e.op]}{right}")
    if words.is_date(e.left):
        return f"{subject} {shown}{(DATE_HOLDS if held else DATE_FAILS)[e.op]}{right}" + (
            "" if held else "，不符合要求"
        )
    return f"{subject} {shown}，{(HOLDS if held else FAILS)[e.op]} {right}" + ("" if held else " 的要求")


def _near_misses(p: Policy, o: ArticleOutcome, year: int, words: Words) -> list[str]:
    """What almost qualified: one failed condition away, close to a threshold or blocked by one test."""
    if o.amount or o.status not in (FAILED, HELD):
        return []
    out = []
    failed = [c for c in o.conditions if c.status == FAILED]
    if len(failed) == 1 and not any(c.status == MISSING for c in o.conditions) and _close(failed[0]):
        out.append(_condition(failed[0], words, year).message)
    if not failed:
        for i in o.items:
            rwords = _words(p, i.item.records)
            label = p.records[i.item.records].label if i.item.records else ""
            for rec in i.records:
                misses = [c for c in rec.conditions if c.status == FAILED]
                if len(misses) == 1 and _relevant(rec.conditions) and _close(misses[0]):
                    out.append(
                        f"{i.item.label}：{label}第{rec.index + 1}项 "
                        + _condition(misses[0], rwords, year).message
                    )
    return list(dict.fromkeys(out))


def _close(c: CondOutcome) -> bool:
    e = c.condition.expr
    if not (isinstance(e, Compare) and isinstance(e.right, Const) and isinstance(e.right.value, Decimal)):
        return True  # a single yes/no or date test: one fact away
    value = c.ratio if c.ratio is not None else c.values[0][1]
    if not isinstance(value, Decimal) or e.right.value == 0 or isinstance(e.left, Call):
        return True
    share = value / e.right.value
    return share >= NEAR if e.op in (">=", ">") else share <= 2 - NEAR if e.op in ("<=", "<") else False
