"""Profiles (dicts) to columns: only the data the policy reads, each field pulled out in one pass.

Numbers take a float fast path that is exact for values with at most 6 decimals; anything else
(Decimal, strings, more decimals, bad values) goes through values.to_decimal, as in the reference.
"""

from datetime import date
from itertools import chain

import numpy as np

from .columns import Col, Num
from .errors import ProfileError
from .expr import FieldSpec
from .values import LIMIT, PLACES, lookup, to_bool, to_date, to_decimal

_SCALE = 10**PLACES
_EPOCH = date(1970, 1, 1)


class Records:
    """One record list (events, contracts...) of all applicants, flattened; owner[j] is entry j's applicant."""

    def __init__(self, profiles: list[dict], name: str):
        lists = [p.get(name) or () for p in profiles]
        counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        self.offsets = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(counts)])
        self.owner = np.repeat(np.arange(len(lists), dtype=np.int64), counts)
        self.entries = list(chain.from_iterable(lists))
        self.name = name

    def __len__(self) -> int:
        return len(self.entries)

    def raw(self, field: str) -> list:
        return [e.get(field) for e in self.entries]


def applicant_raw(profiles: list[dict], spec: FieldSpec, years: np.ndarray, offset: int | None) -> list:
    if "." in spec.name:
        raw = [lookup(p, spec.name) for p in profiles]
    else:
        raw = [p.get(spec.name) for p in profiles]
    if offset is None:
        return raw
    keys = [str(y) for y in (years + offset).tolist()]
    return [d.get(k) if isinstance(d, dict) else None for d, k in zip(raw, keys, strict=True)]


def column(raw: list, spec: FieldSpec, what: str) -> Num | Col:
    n = len(raw)
    ok = np.fromiter((x is not None for x in raw), dtype=bool, count=n)
    if spec.default is not None and not ok.all():
        raw = [spec.default if x is None else x for x in raw]
        ok = np.ones(n, dtype=bool)
    if spec.type in ("money", "number"):
        return Num(_numbers(raw, what), PLACES, ok)
    if spec.type == "bool":
        if not {type(x) for x in raw} <= {bool, type(None)}:
            bad = next(x for x in raw if x is not None and not isinstance(x, bool))
            to_bool(bad, what)
        return Col(np.fromiter((x is True for x in raw), dtype=bool, count=n), ok)
    if spec.type == "date":
        return Col(_dates(raw, what), ok)
    return Col(np.array(["" if x is None else str(x) for x in raw], dtype=str) if n else np.array([], dtype=str), ok)


def _numbers(raw: list, what: str) -> np.ndarray:
    """Exact int64 at 10**-PLACES of the unit, rounded half-up like the reference."""
    n = len(raw)
    out = np.zeros(n, dtype=np.int64)
    if not n:
        return out
    types = {type(x) for x in raw}
    fast = types <= {int, float, type(None)}
    if fast:
        arr = np.array([0.0 if x is None else x for x in raw], dtype=np.float64)
        with np.errstate(invalid="ignore", over="ignore"):
            scaled = arr * _SCALE
            near = np.rint(scaled)
            good = np.isfinite(arr) & (np.abs(arr) <= float(LIMIT)) & (np.abs(scaled - near) < 1e-3)
        out[good] = near[good].astype(np.int64)
        slow = np.flatnonzero(~good)
    else:
        slow = np.arange(n)
    for i in slow.tolist():
        if raw[i] is not None:
            out[i] = int(to_decimal(raw[i], what).scaleb(PLACES))
    return out


def _dates(raw: list, what: str) -> np.ndarray:
    texts = [None if x is None else x.isoformat() if isinstance(x, date) else x for x in raw]
    if not all(t is None or (isinstance(t, str) and len(t) == 10) for t in texts):
        bad = next(t for t in texts if t is not None and not (isinstance(t, str) and len(t) == 10))
        to_date(bad, what)
        raise ProfileError(f"{what}: not a date (YYYY-MM-DD): {bad!r}")
    try:
        days = np.array(["NaT" if t is None else t for t in texts], dtype="datetime64[D]")
    except ValueError:
        for t in texts:
            if t is not None:
                to_date(t, what)
        raise
    return days.astype(np.int64)


def day_number(d: date) -> int:
    return (d - _EPOCH).days
