"""Read and validate a policy YAML file; every mistake raises PolicyError naming the file and the article."""

from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import PolicyError
from .expr import Compare, ExprError, FieldSpec, Op, Scope, parse_amount, parse_condition, refs
from .model import (
    EVENT_DATE,
    FAIL,
    PASS,
    PREVIOUS_YEAR_END,
    AnnualCap,
    Article,
    Condition,
    Item,
    Parameter,
    ParamValue,
    Policy,
    RecordSource,
)
from .words import Words

POLICY_DIR = Path(__file__).resolve().parent / "policies"

_TOP = {
    "name",
    "title",
    "unit",
    "period",
    "rounding",
    "kinds",
    "fields",
    "records",
    "parameters",
    "annual_cap",
    "articles",
}
_ARTICLE = {
    "number",
    "title",
    "text",
    "kinds",
    "conditions",
    "items",
    "groups",
    "cap",
    "parameter_date",
    "matter",
    "stacks_with",
    "eligibility",
}
_ITEM = {"id", "label", "kinds", "conditions", "records", "where", "amount", "combine", "cap_each", "cap"}
_CONDITION = {"when", "label", "if_missing", "if_zero"}
_FIELD = {"type", "label", "by_year", "values", "default"}
_FIELD_TYPES = {"bool", "text", "number", "money", "date"}
_RECORDS = {"label", "date", "fields"}
_PARAM = {"label", "unit", "values"}
_PARAM_VALUE = {"value", "from", "until", "source"}
_PERIOD = {"first_year", "last_year", "effective", "article"}
_ROUNDING = {"places", "article"}
_CAP = {"amount", "exempt", "article"}


def list_policies() -> list[str]:
    """Names of the policies shipped with the engine."""
    return sorted(p.stem for p in POLICY_DIR.glob("*.yaml") if not p.name.endswith(".tests.yaml"))


def policy_path(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    return POLICY_DIR / f"{name_or_path}.yaml"


def load_policy(name_or_path: str | Path) -> Policy:
    """A shipped policy by name (`sample`) or any policy file by path."""
    path = policy_path(name_or_path)
    if not path.is_file():
        known = ", ".join(list_policies())
        raise PolicyError(f"no policy file (shipped policies: {known})", source=str(name_or_path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise PolicyError(f"not valid YAML: {e}", source=str(path)) from None
    return _Loader(path).policy(data)


class _Loader:
    def __init__(self, path: Path):
        self.path = path
        self.article: int | None = None

    def error(self, problem: str) -> PolicyError:
        return PolicyError(problem, source=str(self.path), article=self.article)

    def mapping(self, value: Any, allowed: set[str], what: str, required: tuple[str, ...] = ()) -> dict:
        if not isinstance(value, dict):
            raise self.error(f"{what} must be a mapping")
        unknown = sorted(set(map(str, value)) - allowed)
        if unknown:
            raise self.error(
                f"unknown field `{unknown[0]}` in {what} (allowed: {', '.join(sorted(allowed))})"
            )
        for key in required:
            if value.get(key) is None:
                raise self.error(f"{what} has no `{key}`")
        return value

    def decimal(self, value: Any, what: str) -> Decimal:
        if isinstance(value, bool) or value is None:
            raise self.error(f"{what} has no amount")
        text = str(value).strip()
        try:
            return Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        except InvalidOperation:
            raise self.error(f"{what} is not a number: {value!r}") from None

    def day(self, value: Any, what: str) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.error(f"{what} is not a date (YYYY-MM-DD): {value!r}") from None

    def cap(self, value: Any, what: str) -> Decimal | None:
        if value is None:
            return None
        amount = self.decimal(value, what)
        if amount < 0:
            raise self.error(f"{what} is negative")
        return amount

    # -- the whole file ------------------------------------------------------------------------------------

    def policy(self, data: Any) -> Policy:
        top = self.mapping(data, _TOP, "the policy", required=("name", "title", "period", "articles"))
        period = self.mapping(
            top["period"], _PERIOD, "period", required=("first_year", "last_year", "effective")
        )
        rounding = self.mapping(
            top.get("rounding") or {"places": 2}, _ROUNDING, "rounding", required=("places",)
        )
        kinds = top.get("kinds") or {}
        if not isinstance(kinds, dict):
            raise self.error("kinds must map each applicant kind to its Chinese name")
        self.kinds = {str(k): str(v) for k, v in kinds.items()}
        self.fields = {n: self.field(n, s, "field") for n, s in (top.get("fields") or {}).items()}
        self.records = {n: self.record_source(n, s) for n, s in (top.get("records") or {}).items()}
        self.params = {n: self.parameter(n, s) for n, s in (top.get("parameters") or {}).items()}
        self.unit = str(top.get("unit") or "万元")
        articles = top["articles"]
        if not isinstance(articles, list) or not articles:
            raise self.error("`articles` must be a non-empty list")
        built = [self.article_(a) for a in articles]
        self.article = None
        numbers = [a.number for a in built]
        if len(set(numbers)) != len(numbers):
            raise self.error(
                f"article numbers repeat: {sorted(n for n in numbers if numbers.count(n) > 1)[0]}"
            )
        by_number = {a.number: a for a in built}
        for a in built:
            self.article = a.number
            for other in a.stacks_with:
                if other not in by_number:
                    raise self.error(f"stacks_with names unknown article {other}")
        self.article = None
        first, last = int(period["first_year"]), int(period["last_year"])
        if first > last:
            raise self.error("period: first_year is after last_year")
        for ref in (period.get("article"), rounding.get("article")):
            self.known_article(ref, by_number)
        return Policy(
            name=str(top["name"]),
            title=str(top["title"]),
            source=self.path,
            unit=self.unit,
            first_year=first,
            last_year=last,
            effective=self.day(period["effective"], "period.effective"),
            period_article=period.get("article"),
            places=int(rounding["places"]),
            kinds=self.kinds,
            fields=self.fields,
            records=self.records,
            params=self.params,
            articles=tuple(built),
            annual_cap=self.annual_cap(top.get("annual_cap"), by_number),
        )

    def known_article(self, ref: Any, by_number: dict[int, Article]) -> None:
        if ref is not None and ref not in by_number:
            raise self.error(f"reference to unknown article {ref}")

    def annual_cap(self, value: Any, by_number: dict[int, Article]) -> AnnualCap | None:
        if value is None:
            return None
        cap = self.mapping(value, _CAP, "annual_cap")
        amount = self.cap(cap.get("amount"), "annual_cap")
        if amount is None:
            raise self.error("annual_cap has no amount")
        self.known_article(cap.get("article"), by_number)
        exempt = frozenset(str(k) for k in cap.get("exempt") or ())
        for key in sorted(exempt):
            number, _, item = key.partition(".")
            article = by_number.get(int(number)) if number.isdigit() else None
            if article is None:
                raise self.error(f"annual_cap exempts item {key} of an unknown article")
            if not item.isdigit() or int(item) not in {i.id for i in article.items}:
                self.article = article.number
                raise self.error(f"annual_cap exempts unknown item {key}")
        return AnnualCap(amount, exempt, cap.get("article"))

    # -- data the policy reads -----------------------------------------------------------------------------

    def field(self, name: str, spec: Any, what: str) -> FieldSpec:
        spec = self.mapping(spec, _FIELD, f"{what} `{name}`", required=("type", "label"))
        if spec["type"] not in _FIELD_TYPES:
            raise self.error(
                f"{what} `{name}` has unknown type {spec['type']!r} ({', '.join(sorted(_FIELD_TYPES))})"
            )
        values = spec.get("values")
        if values is not None and not isinstance(values, dict):
            raise self.error(f"{what} `{name}`: values must map each value to its Chinese label")
        default = spec.get("default")
        if default is not None and spec["type"] in ("number", "money"):
            default = self.decimal(default, f"{what} `{name}` default")
        elif default is not None and (spec["type"] != "bool" or not isinstance(default, bool)):
            raise self.error(
                f"{what} `{name}`: a default must be a number (number, money) or true/false (bool)"
            )
        return FieldSpec(
            str(name),
            spec["type"],
            str(spec["label"]),
            bool(spec.get("by_year")),
            {str(k): str(v) for k, v in values.items()} if values else None,
            default,
        )

    def record_source(self, name: str, spec: Any) -> RecordSource:
        spec = self.mapping(spec, _RECORDS, f"records `{name}`", required=("label", "fields"))
        fields = {n: self.field(n, s, f"field of records `{name}`") for n, s in spec["fields"].items()}
        date_field = str(spec.get("date") or "date")
        if fields.get(date_field) is None or fields[date_field].type != "date":
            raise self.error(
                f"records `{name}`: their date field `{date_field}` is not a declared date field"
            )
        return RecordSource(str(name), str(spec["label"]), fields, date_field)

    def parameter(self, name: str, spec: Any) -> Parameter:
        spec = self.mapping(spec, _PARAM, f"parameter `{name}`", required=("label", "values"))
        unit = str(spec.get("unit") or "money")
        if unit not in ("money", "rate", "number"):
            raise self.error(f"parameter `{name}` has unknown unit {unit!r} (money, rate, number)")
        values = []
        for i, raw in enumerate(spec["values"] or ()):
            v = self.mapping(raw, _PARAM_VALUE, f"value {i + 1} of parameter `{name}`", required=("value",))
            start = self.day(v["from"], f"parameter `{name}`") if v.get("from") is not None else None
            if start is None and i > 0:
                raise self.error(f"value {i + 1} of parameter `{name}` has no `from` date")
            end = self.day(v["until"], f"parameter `{name}`") if v.get("until") is not None else None
            if start and end and end < start:
                raise self.error(f"value {i + 1} of parameter `{name}` ends before it starts")
            values.append(
                ParamValue(
                    self.decimal(v["value"], f"parameter `{name}`"),
                    start,
                    end,
                    str(v["source"]) if v.get("source") else None,
                )
            )
        if not values:
            raise self.error(f"parameter `{name}` has no values")
        if values[0].start is not None:
            raise self.error(
                f"parameter `{name}`: the first value must not have a `from` date (it applies "
                f"to everything before the next one)"
            )
        for prev, cur in zip(values, values[1:], strict=False):
            assert cur.start is not None
            if (prev.start is not None and cur.start <= prev.start) or (
                prev.end is not None and cur.start <= prev.end
            ):
                raise self.error(
                    f"parameter `{name}`: dated values overlap (the value from {cur.start} starts "
                    f"before the previous one ends)"
                )
            if prev.end is not None and (cur.start - prev.end).days > 1:
                raise self.error(f"parameter `{name}`: no value between {prev.end} and {cur.start}")
        if values[-1].end is not None:
            raise self.error(
                f"parameter `{name}`: the last value must not end (`until`); add the value that follows"
            )
        return Parameter(str(name), str(spec["label"]), unit, tuple(values))

    # -- articles --------------------------------------------------------------------------------------------

    def scope(self, record: str | None = None) -> Scope:
        return Scope(
            self.fields,
            {n: p.unit for n, p in self.params.items()},
            self.records[record].fields if record else None,
        )

    def words(self, record: str | None = None) -> Words:
        return Words(
            self.fields,
            {n: p.label for n, p in self.params.items()},
            self.unit,
            self.records[record].fields if record else None,
        )

    def kind_set(self, value: Any) -> frozenset[str] | None:
        if value is None:
            return None
        kinds = frozenset(map(str, value if isinstance(value, list) else [value]))
        unknown = sorted(kinds - set(self.kinds))
        if unknown:
            raise self.error(f"unknown applicant kind `{unknown[0]}` (kinds: {', '.join(self.kinds)})")
        return kinds

    def article_(self, raw: Any) -> Article:
        self.article = raw.get("number") if isinstance(raw, dict) else None
        a = self.mapping(raw, _ARTICLE, "the article", required=("number", "title", "text"))
        if not isinstance(a["number"], int):
            raise self.error("article number must be a whole number")
        items = tuple(self.item(a["number"], i) for i in a.get("items") or ())
        ids = [i.id for i in items]
        if len(set(ids)) != len(ids):
            raise self.error(f"item ids repeat: {sorted(i for i in ids if ids.count(i) > 1)[0]}")
        groups = tuple(tuple(int(i) for i in g) for g in a.get("groups") or ())
        grouped: list[int] = []
        for g in groups:
            for i in g:
                if i not in ids:
                    raise self.error(f"group {list(g)} names unknown item {i}")
            grouped += g
        if len(set(grouped)) != len(grouped):
            raise self.error("an item is in more than one group")
        parameter_date = str(
            a.get("parameter_date") or (EVENT_DATE if any(i.records for i in items) else PREVIOUS_YEAR_END)
        )
        if parameter_date not in (EVENT_DATE, PREVIOUS_YEAR_END):
            raise self.error(f"parameter_date must be {EVENT_DATE} or {PREVIOUS_YEAR_END}")
        if parameter_date == EVENT_DATE and any(i.records is None for i in items):
            raise self.error("parameter_date event_date needs every item to count dated records")
        conditions = tuple(self.condition(c, None) for c in a.get("conditions") or ())
        items = tuple(
            replace(
                i,
                conditions=_with_optional(conditions + i.conditions)[len(conditions) :],
                where=_with_optional(i.where),
            )
            for i in items
        )
        conditions = _with_optional(conditions)
        if "cap" in a and a["cap"] is None:
            raise self.error("cap has no amount")
        stacks = tuple(int(s) for s in a.get("stacks_with") or ())
        if stacks and not a.get("matter"):
            raise self.error("stacks_with needs a `matter` shared with the other article")
        return Article(
            number=a["number"],
            title=str(a["title"]),
            text=str(a["text"]).strip(),
            kinds=self.kind_set(a.get("kinds")),
            conditions=conditions,
            items=items,
            groups=groups,
            cap=self.cap(a.get("cap"), "the article cap"),
            parameter_date=parameter_date,
            matter=str(a["matter"]) if a.get("matter") else None,
            stacks_with=stacks,
            eligibility=bool(a.get("eligibility")),
        )

    def item(self, article: int, raw: Any) -> Item:
        i = self.mapping(raw, _ITEM, "an item", required=("id", "label", "amount"))
        where = f"item {i['id']}"
        records = i.get("records")
        if records is not None and records not in self.records:
            raise self.error(f"{where} counts unknown records `{records}`")
        if i.get("where") and records is None:
            raise self.error(f"{where} has `where` conditions but no `records`")
        combine = str(i.get("combine") or "max")
        if combine not in ("max", "sum"):
            raise self.error(f"{where}: combine must be max or sum")
        for key in ("cap", "cap_each"):
            if key in i and i[key] is None:
                raise self.error(f"{where}: {key} has no amount")
        if "cap_each" in i and records is None:
            raise self.error(f"{where}: cap_each needs records")
        try:
            amount = parse_amount(str(i["amount"]), self.scope(records))
        except ExprError as e:
            raise self.error(f"{where}: {e}") from None
        return Item(
            article=article,
            id=int(i["id"]),
            label=str(i["label"]),
            amount=amount,
            amount_text=str(i["amount"]),
            kinds=self.kind_set(i.get("kinds")),
            conditions=tuple(self.condition(c, None, where) for c in i.get("conditions") or ()),
            records=records,
            where=tuple(self.condition(c, records, where) for c in i.get("where") or ()),
            combine=combine,
            cap_each=self.cap(i.get("cap_each"), f"{where} cap_each"),
            cap=self.cap(i.get("cap"), f"{where} cap"),
        )

    def condition(self, raw: Any, record: str | None, where: str = "condition") -> Condition:
        c = (
            {"when": raw}
            if isinstance(raw, str)
            else self.mapping(raw, _CONDITION, f"{where} condition", required=("when",))
        )
        try:
            expr = parse_condition(str(c["when"]), self.scope(record))
        except ExprError as e:
            raise self.error(f"{where}: {e}") from None
        if record is not None and any(r.scope == "param" for r in refs(expr)):
            # An entry's parameter date may itself be missing; keep dated values to amounts.
            raise self.error(
                f"{where}: parameters may be used in amounts and applicant conditions, not in `where`"
            )
        for key in ("if_missing", "if_zero"):
            if c.get(key) not in (None, PASS, FAIL):
                raise self.error(f"{where}: {key} must be {PASS} or {FAIL}")
        divides = isinstance(expr, Compare) and isinstance(expr.left, Op) and expr.left.op == "/"
        if divides and c.get("if_zero") is None:
            raise self.error(
                f"{where}: condition {c['when']!r} divides but does not say what happens when the "
                f"denominator is 0 (if_zero: pass | fail)"
            )
        if not divides and c.get("if_zero") is not None:
            raise self.error(f"{where}: if_zero given for {c['when']!r}, which does not divide")
        label = str(c.get("label") or self.words(record).requirement(expr))
        return Condition(expr, str(c["when"]), label, c.get("if_missing"), c.get("if_zero"))


def _with_optional(conditions: tuple[Condition, ...]) -> tuple[Condition, ...]:
    """Mark which references each `if_missing` speaks for: those no sibling condition needs outright."""
    required = {
        r for c in conditions if c.if_missing is None for r in refs(c.expr) if r.scope in ("field", "record")
    }
    return tuple(
        replace(c, optional=frozenset(r for r in refs(c.expr) if r.scope in ("field", "record")) - required)
        if c.if_missing
        else c
        for c in conditions
    )
