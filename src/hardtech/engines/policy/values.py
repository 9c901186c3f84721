"""Reading applicant values exactly: numbers become Decimals at a fixed precision, dates become dates."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import ProfileError

# Input numbers are kept to 6 decimals of the policy unit (for 万元: 0.01 yuan); beyond that they are
# rounded half-up once, on reading, by both evaluators alike.
PLACES = 6
QUANTUM = Decimal(1).scaleb(-PLACES)
# Inputs above this would risk overflowing the vectorised engine's int64 fixed-point arithmetic.
LIMIT = Decimal(10) ** 8


def to_decimal(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ProfileError(f"{what}: not a number: {value!r}")
    try:
        # repr() of a float is its shortest round-tripping decimal: 666.67 stays 666.67.
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise ProfileError(f"{what}: not a number: {value!r}") from None
    if not d.is_finite() or abs(d) > LIMIT:
        raise ProfileError(f"{what}: {value!r} is out of range (at most {LIMIT})")
    return d.quantize(QUANTUM, rounding=ROUND_HALF_UP)


def to_date(value: object, what: str) -> date:
    if isinstance(value, date):
        return value
    # Only YYYY-MM-DD: date.fromisoformat would also take 20240105 or week dates.
    if not (isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-"):
        raise ProfileError(f"{what}: not a date (YYYY-MM-DD): {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ProfileError(f"{what}: not a date (YYYY-MM-DD): {value!r}") from None


def to_bool(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise ProfileError(f"{what}: not true/false: {value!r}")
    return value


def lookup(profile: dict, name: str, year: int | None = None) -> object:
    """A dotted name (prior_awards.specialized_provincial), then a year key if given; None when absent."""
    value: object = profile
    for part in [*name.split("."), *([str(year)] if year is not None else [])]:
        if not value:
            return None
        if not isinstance(value, dict):
            raise ProfileError(f"{name}: expected an object ({{...}}), got {value!r}")
        value = value.get(part)
    return value
