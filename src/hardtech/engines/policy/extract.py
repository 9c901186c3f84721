"""Profiles (dicts) to columns: only the data the policy reads, each field pulled out in one pass.

Numbers take a float fast path that is exact for values with at most 6 decimals; anything else
(Decimal, strings, more decimals, bad values) goes through values.to_decimal, as in the reference.
"""

from datetime import date
from itertools import chain, compress, repeat
from operator import is_not

import numpy as np

from .columns import Col, Num
from .errors import ProfileError
from .expr import FieldSpec
from .values import LIMIT, PLACES, to_bool, to_date, to_decimal

_SCALE = 10**PLACES
_EPOCH = date(1970, 1, 1)


def fetch(dicts: list[dict], keys: list[str], what: str) -> dict[str, list]:
    """Several keys of many dicts in one pass: each dict is visited once, while it is in cache."""
    if not dicts:
        return {k: [] for k in keys}
    try:
        rows = [tuple(map(d.get, keys)) for d in dicts]
    except AttributeError:
        raise ProfileError(f"{what}: every entry must be an object ({{...}})") from None
    return dict(zip(keys, map(list, zip(*rows, strict=True)), strict=True))


class Records:
    """One record list (events, contracts...) of all applicants, flattened; owner[j] is entry j's applicant."""

    def __init__(self, per_applicant: list):
        lists = [x or () for x in per_applicant]
        counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        self.offsets = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(counts)])
        self.owner = np.repeat(np.arange(len(lists), dtype=np.int64), counts)
        self.entries = list(chain.from_iterable(lists))


def applicant_raw(top: list, spec: FieldSpec, years: np.ndarray, offset: int | None) -> list:
    """One field for every applicant, from the already fetched top-level values (`top`)."""
    rest = spec.name.split(".")[1:]
    try:
        raw = top
        for part in rest:  # prior_awards.specialized_provincial: one pass per level
            raw = [v.get(part) if v else None for v in raw]
        if offset is None:
            return raw
        wanted = years + offset
        if len(wanted) and (wanted == wanted[0]).all():
            key = str(wanted[0])
            return [d.get(key) if d else None for d in raw]
        keys = [str(y) for y in wanted.tolist()]
        return [d.get(k) if d else None for d, k in zip(raw, keys, strict=True)]
    except AttributeError:
        raise ProfileError(f"{spec.name}: expected an object ({{...}}) in every profile") from None


def column(raw: list, spec: FieldSpec, what: str) -> Num | Col:
    if spec.type == "text":
        return _texts(raw)
    if spec.type == "date":
        return _dates(raw, what)
    arr = np.empty(len(raw), dtype=object)
    arr[:] = raw
    ok = np.not_equal(arr, None)
    if spec.default is not None and not ok.all():
        arr[~ok] = spec.default
        ok = np.ones(len(raw), dtype=bool)
    types = set(map(type, raw))
    if spec.type in ("money", "number"):
        return Num(_numbers(arr, ok, types, what), PLACES, ok)
    if spec.type == "bool":
        if not types <= {bool, type(None)}:
            to_bool(next(x for x in raw if x is not None and not isinstance(x, bool)), what)
        return Col(np.equal(arr, True).astype(bool), ok)
    raise AssertionError(spec.type)


def _texts(raw: list) -> Col:
    """Text as int64 codes (-1 where absent): comparisons become integer comparisons."""
    try:
        distinct = set(raw)
    except TypeError:  # unhashable values: compare their text, as the reference does
        raw = [x if x is None or isinstance(x, str) else str(x) for x in raw]
        distinct = set(raw)
    table: dict[str, int] = {}
    by_value: dict[object, int] = {None: -1}
    for x in distinct:
        if x is not None:
            by_value[x] = table.setdefault(x if isinstance(x, str) else str(x), len(table))
    codes = np.fromiter(map(by_value.__getitem__, raw), dtype=np.int64, count=len(raw))
    return Col(codes, codes >= 0, table)


def _numbers(arr: np.ndarray, ok: np.ndarray, types: set[type], what: str) -> np.ndarray:
    """Exact int64 at 10**-PLACES of the unit, rounded half-up like the reference."""
    out = np.zeros(len(arr), dtype=np.int64)
    if types <= {int, float, type(None)}:
        nums = arr.copy()
        nums[~ok] = 0
        floats = nums.astype(np.float64)
        with np.errstate(invalid="ignore", over="ignore"):
            scaled = floats * _SCALE
            near = np.rint(scaled)
            good = np.isfinite(floats) & (np.abs(floats) <= float(LIMIT)) & (np.abs(scaled - near) < 1e-3)
        out[good] = near[good].astype(np.int64)
        slow = np.flatnonzero(~good & ok)
    else:
        slow = np.flatnonzero(ok)
    for i in slow.tolist():
        out[i] = int(to_decimal(arr[i], what).scaleb(PLACES))
    return out


def _dates(raw: list, what: str) -> Col:
    """ISO dates to day numbers: the strings are joined into one ASCII buffer and read digit by digit;
    date objects (from the ORM) become ISO strings; anything malformed is reported value by value."""
    flags = list(map(is_not, raw, repeat(None)))
    texts = list(compress(raw, flags))
    try:
        parsed = (
            _parse_iso(np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8).reshape(-1, 10))
            if set(map(len, texts)) <= {10}
            else None
        )
    except (TypeError, UnicodeEncodeError):  # not strings, or not ASCII
        parsed = None
    if parsed is not None:
        ok = np.array(flags, dtype=bool)
        days = np.zeros(len(raw), dtype=np.int64)
        days[ok] = parsed
        return Col(days, ok)
    if any(isinstance(x, date) for x in texts):
        return _dates([x.isoformat() if isinstance(x, date) else x for x in raw], what)
    for x in texts:
        to_date(x, what)
    raise ProfileError(f"{what}: not a date (YYYY-MM-DD)")


_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int32)


def _parse_iso(b: np.ndarray) -> np.ndarray | None:
    """Rows of YYYY-MM-DD bytes to day numbers; None if any is malformed or not a real day."""
    digits = b[:, [0, 1, 2, 3, 5, 6, 8, 9]].astype(np.int32) - ord("0")  # int32: years stay below 10,000
    if (digits.astype(np.uint32) > 9).any() or (b[:, 4] != ord("-")).any() or (b[:, 7] != ord("-")).any():
        return None
    y = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    m = digits[:, 4] * 10 + digits[:, 5]
    d = digits[:, 6] * 10 + digits[:, 7]
    if ((y < 1) | (m < 1) | (m > 12) | (d < 1)).any():  # year 0 is no date either
        return None
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    if (d > _MONTH_DAYS[m - 1] + (leap & (m == 2))).any():
        return None
    # Days since 1970-01-01 from the civil date (H. Hinnant's days_from_civil), in integer arithmetic.
    y = y - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(m > 2, m - 3, m + 9) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return (era * 146097 + doe - 719468).astype(np.int64)


def day_number(d: date) -> int:
    return (d - _EPOCH).days
