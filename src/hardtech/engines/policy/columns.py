"""Columns of applicant data for the vectorised engine, and exact fixed-point arithmetic on them.

A number column is int64 values with a decimal exponent (value = v / 10**exp), so money never touches
float: sums, rate products and comparisons are exact integer operations, checked against overflow.
Every column carries `ok`, the mask of rows where the value is present.
"""

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from .errors import PolicyError

_INT64_MAX = 2**63 - 1


@dataclass
class Num:
    v: np.ndarray  # int64
    exp: int
    ok: np.ndarray  # bool

    @classmethod
    def const(cls, value: Decimal, n: int) -> "Num":
        exp = max(0, -int(value.normalize().as_tuple().exponent))
        return cls(np.full(n, int(value.scaleb(exp)), dtype=np.int64), exp, np.ones(n, dtype=bool))

    def at(self, exp: int) -> np.ndarray:
        """The values rescaled to a larger exponent."""
        if exp == self.exp:
            return self.v
        factor = 10 ** (exp - self.exp)
        _guard(self.v, factor)
        return self.v * np.int64(factor)

    def take(self, index: np.ndarray) -> "Num":
        return Num(self.v[index], self.exp, self.ok[index])

    def decimals(self, places: int) -> np.ndarray:
        """Rounded half-up (away from zero on ties, like Decimal's ROUND_HALF_UP) to `places` decimals."""
        if self.exp <= places:
            return self.at(places)
        d = np.int64(10 ** (self.exp - places))
        mag = (np.abs(self.v) + d // 2) // d
        return np.where(self.v < 0, -mag, mag)


@dataclass
class Col:
    """A date (int64 days since 1970-01-01), yes/no, or text column; text is int64 codes into `table`."""

    v: np.ndarray
    ok: np.ndarray
    table: dict[str, int] | None = None  # text value -> code; -1 where absent

    def take(self, index: np.ndarray) -> "Col":
        return Col(self.v[index], self.ok[index], self.table)

    def code(self, value: str) -> int:
        """The code of a text value; -2 (matching nothing) if no applicant has it."""
        assert self.table is not None
        return self.table.get(value, -2)

    def strings(self) -> np.ndarray:
        """Text decoded, for comparing two text columns with different tables."""
        assert self.table is not None
        names = np.array([*sorted(self.table, key=self.table.__getitem__), ""], dtype=str)
        return names[self.v]


Column = Num | Col


def _guard(v: np.ndarray, factor: int) -> None:
    if v.size and int(np.abs(v).max()) * abs(factor) > _INT64_MAX:
        raise PolicyError("amounts too large for exact arithmetic")


def align(a: Num, b: Num) -> tuple[np.ndarray, np.ndarray, int]:
    exp = max(a.exp, b.exp)
    return a.at(exp), b.at(exp), exp


def add(a: Num, b: Num, sign: int = 1) -> Num:
    x, y, exp = align(a, b)
    _guard(x, 2)
    _guard(y, 2)
    return Num(x + y if sign > 0 else x - y, exp, a.ok & b.ok)


def mul(a: Num, b: Num) -> Num:
    if a.v.size and b.v.size:
        _guard(a.v, int(np.abs(b.v).max()))
    return Num(a.v * b.v, a.exp + b.exp, a.ok & b.ok)


def minimum(a: Num, b: Num) -> Num:
    x, y, exp = align(a, b)
    return Num(np.minimum(x, y), exp, a.ok & b.ok)


def maximum(a: Num, b: Num) -> Num:
    x, y, exp = align(a, b)
    return Num(np.maximum(x, y), exp, a.ok & b.ok)


def to_decimal(value: int, exp: int) -> Decimal:
    return Decimal(int(value)).scaleb(-exp)


def segment_sum(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Exact int64 sums of values[offsets[i]:offsets[i+1]] (np.bincount would go through float)."""
    _guard(values, max(1, len(values)))
    cs = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(values, dtype=np.int64)])
    return cs[offsets[1:]] - cs[offsets[:-1]]


def segment_any(mask: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    if not mask.any():  # the usual case for missing-data masks
        return np.zeros(len(offsets) - 1, dtype=bool)
    cs = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(mask, dtype=np.int64)])
    return cs[offsets[1:]] > cs[offsets[:-1]]


def segment_max(values: np.ndarray, offsets: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per-segment maximum over the masked entries (0 where a segment has none)."""
    low = np.iinfo(np.int64).min
    masked = np.where(mask, values, low)
    counts = np.diff(offsets)
    out = np.full(len(counts), low, dtype=np.int64)
    nonempty = counts > 0
    if masked.size:
        out[nonempty] = np.maximum.reduceat(masked, offsets[:-1][nonempty])
    return np.where(out == low, 0, out)
