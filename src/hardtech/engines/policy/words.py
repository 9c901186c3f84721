"""Plain-Chinese renderings of expressions, values and comparisons, for labels and explanations."""

from datetime import date
from decimal import Decimal

from .expr import Call, Compare, Const, FieldSpec, Node, Op, Ref, Seq, Truth

HOLDS = {
    ">=": "不低于",
    ">": "高于",
    "<=": "不超过",
    "<": "低于",
    "==": "为",
    "!=": "不为",
    "in": "属于",
    "notin": "不属于",
}
FAILS = {
    ">=": "低于",
    ">": "未高于",
    "<=": "超过",
    "<": "不低于",
    "==": "不为",
    "!=": "为",
    "in": "不属于",
    "notin": "属于",
}
DATE_HOLDS = {">=": "不早于", ">": "晚于", "<=": "不晚于", "<": "早于", "==": "为", "!=": "不为"}
DATE_FAILS = {">=": "早于", ">": "不晚于", "<=": "晚于", "<": "不早于", "==": "不为", "!=": "为"}
_YEARS = {0: "申报年度", -1: "上年度", -2: "前一年度"}


class Words:
    """Renders one policy's names: field labels, parameter labels, value labels."""

    def __init__(
        self,
        fields: dict[str, FieldSpec],
        params: dict[str, str],
        unit: str,
        record: dict[str, FieldSpec] | None = None,
    ):
        self.fields, self.params, self.unit, self.record = fields, params, unit, record or {}

    def spec(self, ref: Ref) -> FieldSpec | None:
        return (self.record if ref.scope == "record" else self.fields).get(ref.name)

    def name(self, node: Node, year: int | None = None) -> str:
        """What an expression is, e.g. 上年度研发费用 (or 2024年度研发费用 once the year is known)."""
        if isinstance(node, Ref):
            if node.scope == "year":
                return "申报年度" if year is None else f"{year}年"
            if node.scope == "param":
                return self.params.get(node.name, node.name)
            spec = self.spec(node)
            label = spec.label if spec else node.name
            if node.offset is None:
                return label
            when = (
                _YEARS.get(node.offset, f"Y{node.offset:+d}年度")
                if year is None
                else f"{year + node.offset}年度"
            )
            return when + label
        if isinstance(node, Const):
            return self.const(node)
        if isinstance(node, Call):
            if node.func == "year":
                return f"{self.name(node.args[0], year)}所在年份"
            if node.func == "anniversary":
                return f"{self.name(node.args[0], year)}满{self.name(node.args[1], year)}周年之日"
            return self.name(node.args[1] if isinstance(node.args[0], Const) else node.args[0], year)
        if isinstance(node, Op):
            if _year_offset(node) is not None:
                k = _year_offset(node)
                return _YEARS.get(k, f"Y{k:+d}年") if year is None else f"{year + k}年"
            if node.op == "/":
                top = node.left
                if isinstance(top, Op) and top.op == "-" and top.right == node.right:
                    return f"{self.name(top.left, year)}较{self.name(node.right, year)}的增长率"
                return f"{self.name(top, year)}占{self.name(node.right, year)}的比例"
            word = {"+": "加", "-": "减", "*": "乘以"}[node.op]
            return f"{self.name(node.left, year)}{word}{self.name(node.right, year)}"
        return str(node)

    def const(self, c: Const, money: bool = False) -> str:
        if isinstance(c.value, bool):
            return "是" if c.value else "否"
        if isinstance(c.value, str):
            return f"“{c.value}”"
        if c.percent:
            return percent(c.value)
        return number(c.value) + (self.unit if money else "")

    def is_money(self, node: Node) -> bool:
        if isinstance(node, Ref):
            spec = self.spec(node)
            return bool(spec and spec.type == "money") or self.params.get(node.name, "") == "money"
        if isinstance(node, Op) and node.op in "+-":
            return self.is_money(node.left) or self.is_money(node.right)
        if isinstance(node, Call) and node.func in ("max", "min"):
            return any(self.is_money(a) for a in node.args)
        return False

    def is_ratio(self, node: Node) -> bool:
        return isinstance(node, Op) and node.op == "/"

    def value(self, node: Node, v: object) -> str:
        """A value of `node` for an applicant, e.g. 610.5万元, 2.9%, 2024-03-01, 是."""
        if v is None:
            return "未填报"
        if isinstance(v, bool):
            return "是" if v else "否"
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, str):
            spec = self.spec(node) if isinstance(node, Ref) else None
            return (spec.values or {}).get(v, v) if spec else v
        if isinstance(v, Decimal):
            if self.is_ratio(node):
                return percent(v)
            return number(v) + (self.unit if self.is_money(node) else "")
        return str(v)

    def requirement(self, c: Compare | Truth) -> str:
        """The condition as the text states it: 上年度研发费用不低于100万元."""
        if isinstance(c, Truth):
            return f"{self.name(c.ref)}为{'否' if c.negate else '是'}"
        if is_year_of(c):
            return f"{self.name(c.left.args[0])}在{self.name(c.right)}内"  # type: ignore[union-attr]
        right = self.rhs(c)
        ops = DATE_HOLDS if self.is_date(c.left) else HOLDS
        return f"{self.name(c.left)}{ops[c.op]}{right}"

    def rhs(self, c: Compare, year: int | None = None) -> str:
        if isinstance(c.right, Seq):
            spec = self.spec(c.left) if isinstance(c.left, Ref) else None
            labels = [
                (spec.values or {}).get(str(v.value), str(v.value)) if spec else str(v.value)
                for v in c.right.values
            ]
            return "“" + "、".join(labels) + "”之一"
        if isinstance(c.right, Const):
            if isinstance(c.right.value, str) and isinstance(c.left, Ref):
                spec = self.spec(c.left)
                if spec and spec.values:
                    return f"“{spec.values.get(c.right.value, c.right.value)}”"
            return self.const(c.right, money=self.is_money(c.left))
        return self.name(c.right, year)

    def is_date(self, node: Node) -> bool:
        if isinstance(node, Ref):
            spec = self.spec(node)
            return bool(spec and spec.type == "date")
        return isinstance(node, Call) and node.func == "anniversary"


def number(v: Decimal) -> str:
    """Shortest exact rendering: 100, 610.5, 0.03."""
    text = format(v.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def percent(v: Decimal, threshold: Decimal | None = None) -> str:
    """A ratio as a percentage; shows more digits when two decimals would look equal to the threshold."""
    pct = v * 100
    for places in (2, 4, 6):
        shown = pct.quantize(Decimal(1).scaleb(-places))
        if threshold is None or shown != threshold * 100 or pct == threshold * 100:
            return number(shown) + "%"
    return number(pct) + "%"


def _year_offset(node: Node) -> int | None:
    """Y - k as an offset: -k."""
    if (
        isinstance(node, Op)
        and node.op in "+-"
        and isinstance(node.left, Ref)
        and node.left.scope == "year"
        and isinstance(node.right, Const)
        and isinstance(node.right.value, Decimal)
    ):
        return int(node.right.value) * (1 if node.op == "+" else -1)
    return None


def is_year_of(c: Compare) -> bool:
    """year(date) == Y - k: the event happened in that year."""
    return (
        c.op == "=="
        and isinstance(c.left, Call)
        and c.left.func == "year"
        and (_year_offset(c.right) is not None or (isinstance(c.right, Ref) and c.right.scope == "year"))
    )
