"""The small expression language of policy files: conditions and amount formulas.

Expressions are written in Python syntax and parsed with `ast`, but only a closed subset is accepted:
field and parameter names, `field[Y-1]` for year-keyed data, numbers (exact decimals; `3%` means 0.03),
quoted strings, + - * (and / only as the left side of a comparison, so ratios compare exactly by cross-
multiplying), the functions year(date), anniversary(date, n), max(a, b), min(a, b), one comparison
(>= > <= < == != in, not in), a bare boolean field or `not field`. Both evaluators walk the same tree.
"""

import ast
import re
from dataclasses import dataclass
from decimal import Decimal

NUMBER, DATE, BOOL, TEXT = "number", "date", "bool", "text"


@dataclass(frozen=True)
class FieldSpec:
    """One piece of applicant data the policy reads (an applicant field or a field of a record)."""

    name: str
    type: str  # bool | text | number | money | date
    label: str
    by_year: bool = False
    values: dict[str, str] | None = None  # allowed text values -> Chinese labels
    default: Decimal | bool | str | None = None  # what an absent value means, where the text says so

    @property
    def kind(self) -> str:
        return NUMBER if self.type == "money" else self.type


@dataclass(frozen=True)
class Const:
    value: Decimal | str | bool
    percent: bool = False


@dataclass(frozen=True)
class Ref:
    scope: str  # field | record | param | year
    name: str
    offset: int | None = None  # year offset for year-keyed fields: rd_expense[Y-1] -> -1


@dataclass(frozen=True)
class Seq:
    values: tuple[Const, ...]


@dataclass(frozen=True)
class Op:
    op: str  # + - * /
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class Call:
    func: str  # year | anniversary | max | min
    args: tuple["Node", ...]


@dataclass(frozen=True)
class Compare:
    op: str  # >= > <= < == != in notin
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class Truth:
    ref: Ref
    negate: bool


Node = Const | Ref | Seq | Op | Call | Compare | Truth


@dataclass(frozen=True)
class Scope:
    """The names an expression may use."""

    fields: dict[str, FieldSpec]
    params: dict[str, str]  # parameter name -> unit ("money" or "number")
    record: dict[str, FieldSpec] | None = None


class ExprError(ValueError):
    pass


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")
_CMP = {
    ast.GtE: ">=",
    ast.Gt: ">",
    ast.LtE: "<=",
    ast.Lt: "<",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "notin",
}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_FUNCS = {"year": 1, "anniversary": 2, "max": 2, "min": 2}


def parse_condition(text: str, scope: Scope) -> Compare | Truth:
    node = _Parser(text, scope).parse()
    if not isinstance(node, Compare | Truth):
        raise ExprError(f"condition {text!r} is not a comparison or a yes/no field")
    return node


def parse_amount(text: str, scope: Scope) -> Node:
    parser = _Parser(text, scope)
    node = parser.parse()
    if parser.type_of(node) != NUMBER:
        raise ExprError(f"amount {text!r} is not a number")
    return node


class _Parser:
    def __init__(self, text: str, scope: Scope):
        self.text, self.scope = str(text), scope
        self.source = _PERCENT.sub(r"__pct__('\1')", self.text)

    def parse(self) -> Node:
        try:
            tree = ast.parse(self.source, mode="eval")
        except SyntaxError as e:
            raise ExprError(f"cannot parse {self.text!r}: {e.msg}") from None
        return self.node(tree.body, top=True)

    def fail(self, why: str) -> ExprError:
        return ExprError(f"{why} in {self.text!r}")

    def node(self, n: ast.AST, top: bool = False, ratio_ok: bool = False) -> Node:
        if isinstance(n, ast.Compare):
            if not top or len(n.ops) != 1:
                raise self.fail("only one comparison is allowed")
            op = _CMP.get(type(n.ops[0]))
            if op is None:
                raise self.fail("unsupported comparison")
            node = Compare(op, self.node(n.left, ratio_ok=True), self.node(n.comparators[0]))
            self.check_compare(node)
            return node
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not) and top:
            ref = self.node(n.operand)
            if not (isinstance(ref, Ref) and self.type_of(ref) == BOOL):
                raise self.fail("`not` applies to a yes/no field only")
            return Truth(ref, negate=True)
        if isinstance(n, ast.BinOp) and type(n.op) in _ARITH:
            op = _ARITH[type(n.op)]
            if op == "/" and not ratio_ok:
                raise self.fail("division is only allowed as the left side of a comparison")
            node = Op(op, self.node(n.left), self.node(n.right))
            if self.type_of(node.left) != NUMBER or self.type_of(node.right) != NUMBER:
                raise self.fail(f"`{op}` needs numbers")
            return node
        if isinstance(n, ast.Call):
            return self.call(n)
        if isinstance(n, ast.Constant):
            return self.constant(n)
        if isinstance(n, ast.List | ast.Tuple):
            items = tuple(self.node(e) for e in n.elts)
            if not all(isinstance(i, Const) and isinstance(i.value, str) for i in items):
                raise self.fail("a list may hold quoted values only")
            return Seq(items)  # type: ignore[arg-type]
        if isinstance(n, ast.Name | ast.Attribute | ast.Subscript):
            ref = self.ref(n)
            if top and self.type_of(ref) == BOOL:
                return Truth(ref, negate=False)
            return ref
        raise self.fail(f"unsupported syntax `{ast.get_source_segment(self.source, n)}`")

    def call(self, n: ast.Call) -> Node:
        name = n.func.id if isinstance(n.func, ast.Name) else None
        if name == "__pct__":
            return Const(Decimal(n.args[0].value) / 100, percent=True)  # type: ignore[attr-defined]
        if name not in _FUNCS or n.keywords or len(n.args) != _FUNCS[name]:
            raise self.fail(f"unknown function or wrong arguments `{ast.get_source_segment(self.source, n)}`")
        args = tuple(self.node(a) for a in n.args)
        types = [self.type_of(a) for a in args]
        if name == "year" and types != [DATE]:
            raise self.fail("year() takes a date")
        if name == "anniversary" and (types[0] != DATE or not _is_whole(args[1])):
            raise self.fail("anniversary() takes a date and a whole number of years")
        if name in ("max", "min") and types != [NUMBER, NUMBER]:
            raise self.fail(f"{name}() takes two numbers")
        return Call(name, args)

    def constant(self, n: ast.Constant) -> Const:
        if isinstance(n.value, bool):
            return Const(n.value)
        if isinstance(n.value, int | float):
            return Const(Decimal(ast.get_source_segment(self.source, n) or str(n.value)))
        if isinstance(n.value, str):
            return Const(n.value)
        raise self.fail("unsupported constant")

    def ref(self, n: ast.AST) -> Ref:
        offset = None
        if isinstance(n, ast.Subscript):
            offset = self.year_offset(n.slice)
            n = n.value
        name = _dotted(n)
        if name is None:
            raise self.fail("unsupported name")
        if name == "Y" and offset is None:
            return Ref("year", "Y")
        record, fields = self.scope.record or {}, self.scope.fields
        spec = record.get(name) or fields.get(name)
        if spec is not None:
            if spec.by_year != (offset is not None):
                raise self.fail(
                    f"`{name}` "
                    + ("is year-keyed: write {name}[Y-1]" if spec.by_year else "is not year-keyed")
                )
            return Ref("record" if name in record else "field", name, offset)
        if name in self.scope.params and offset is None:
            return Ref("param", name)
        raise self.fail(f"unknown name `{name}`")

    def year_offset(self, n: ast.AST) -> int:
        if isinstance(n, ast.Name) and n.id == "Y":
            return 0
        if (
            isinstance(n, ast.BinOp)
            and isinstance(n.left, ast.Name)
            and n.left.id == "Y"
            and isinstance(n.op, ast.Add | ast.Sub)
            and isinstance(n.right, ast.Constant)
            and isinstance(n.right.value, int)
        ):
            return n.right.value if isinstance(n.op, ast.Add) else -n.right.value
        raise self.fail("a year index must be Y, Y-k or Y+k")

    def spec(self, ref: Ref) -> FieldSpec | None:
        if ref.scope == "record":
            return (self.scope.record or {})[ref.name]
        return self.scope.fields.get(ref.name) if ref.scope == "field" else None

    def type_of(self, node: Node) -> str:
        if isinstance(node, Const):
            return {bool: BOOL, str: TEXT}.get(type(node.value), NUMBER)
        if isinstance(node, Ref):
            spec = self.spec(node)
            return spec.kind if spec else NUMBER
        if isinstance(node, Call):
            return DATE if node.func == "anniversary" else NUMBER
        if isinstance(node, Op):
            return NUMBER
        return BOOL

    def check_compare(self, node: Compare) -> None:
        left = self.type_of(node.left)
        if node.op in ("in", "notin"):
            if left != TEXT or not isinstance(node.right, Seq):
                raise self.fail("`in` compares a text field with a list of quoted values")
            self.check_values(node.left, node.right.values)
            return
        if isinstance(node.right, Seq) or left != self.type_of(node.right):
            raise self.fail("the two sides of the comparison have different types")
        if left in (TEXT, BOOL) and node.op not in ("==", "!="):
            raise self.fail(f"{left} values compare with == or != only")
        if left == TEXT and isinstance(node.right, Const):
            self.check_values(node.left, (node.right,))

    def check_values(self, left: Node, consts: tuple[Const, ...]) -> None:
        spec = self.spec(left) if isinstance(left, Ref) else None
        if spec and spec.values is not None:
            unknown = [c.value for c in consts if c.value not in spec.values]
            if unknown:
                raise self.fail(f"`{spec.name}` has no value {', '.join(map(repr, unknown))}")


def _dotted(n: ast.AST) -> str | None:
    if isinstance(n, ast.Name):
        return n.id
    if isinstance(n, ast.Attribute):
        head = _dotted(n.value)
        return f"{head}.{n.attr}" if head else None
    return None


def _is_whole(node: Node) -> bool:
    return isinstance(node, Const) and isinstance(node.value, Decimal) and node.value == int(node.value)


def refs(node: Node) -> list[Ref]:
    """Every data or parameter reference in an expression, in reading order."""
    if isinstance(node, Ref):
        return [node]
    if isinstance(node, Truth):
        return [node.ref]
    if isinstance(node, Op | Compare):
        return refs(node.left) + refs(node.right)
    if isinstance(node, Call):
        return [r for a in node.args for r in refs(a)]
    return []
