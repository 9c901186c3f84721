"""Random applicant profiles in FORMAT.md's shape, for the benchmark and property tests.

They cover every article's edges: thresholds hit exactly, missing and zero figures, events in the wrong
year, 29 February foundings, caps exceeded, and absent fields.
"""

import random
from datetime import date, timedelta

KINDS = ["enterprise"] * 6 + ["university", "institute", "investor"]
AMOUNTS = [
    0,
    33.33,
    49.99,
    50,
    99.99,
    100,
    120,
    136.36,
    150,
    420,
    480,
    499.99,
    500,
    520,
    610.5,
    666.67,
    800,
    999.9,
    1000,
    1500,
    3000,
    5000,
]
EVENTS = {
    "high_tech_recognition": ("subtype", ["first", "renewal", "relocation"]),
    "specialized": ("level", ["national", "provincial"]),
    "key_lab": ("level", ["national", "provincial"]),
    "incubator": ("level", ["national_incubator", "provincial_incubator", "national_makerspace"]),
    "competition_award": ("level", ["national", "regional"]),
}


def _day(rng: random.Random, year: int) -> str:
    if rng.random() < 0.05:
        return f"{year}-{rng.choice(['01-01', '12-31', '02-28'])}"
    return (date(year, 1, 1) + timedelta(days=rng.randrange(365))).isoformat()


def profile(rng: random.Random, i: int, year: int) -> dict:
    y1, y2 = year - 1, year - 2
    p: dict = {
        "id": f"G{i:07d}",
        "name": f"申请主体{i}",
        "kind": rng.choice(KINDS),
        "registered_in_zone": rng.random() < 0.95,
        "tax_in_zone": rng.random() < 0.95,
        "serious_dishonesty": rng.random() < 0.05,
    }
    if rng.random() < 0.03:
        del p[rng.choice(["registered_in_zone", "tax_in_zone", "serious_dishonesty"])]
    if p["kind"] == "enterprise":
        rd = {}
        if rng.random() < 0.9:
            rd[str(y1)] = rng.choice(AMOUNTS) if rng.random() < 0.6 else round(rng.uniform(0, 6000), 2)
        if rng.random() < 0.7:
            rd[str(y2)] = rng.choice(AMOUNTS) if rng.random() < 0.5 else round(rng.uniform(0, 5000), 2)
        p["rd_expense"] = rd
        if rng.random() < 0.8:
            p["revenue"] = {
                str(y1): rng.choice(
                    [0, 499.95, 1666.67, 9999.0, 17241.38, 62500.0, round(rng.uniform(0, 200000), 2)]
                )
            }
        if rng.random() < 0.3:
            p["prior_awards"] = {"specialized_provincial": rng.choice([0, 5, 10, 45, 60])}
    events = []
    for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
        kind = rng.choice(list(EVENTS))
        key, values = EVENTS[kind]
        e = {"type": kind, key: rng.choice(values), "date": _day(rng, rng.choice([y1, y1, y1, y2, year]))}
        if kind == "competition_award":
            e["rank"] = rng.choice(["first", "second", "third", "excellence"])
            e["registered_at_award"] = rng.random() < 0.85
        events.append(e)
    p["events"] = events
    contracts = []
    for _ in range(rng.choice([0, 0, 1, 2, 4])):
        contracts.append(
            {
                "role": rng.choice(["seller", "buyer"]),
                "type": rng.choice(["development", "transfer", "license", "consulting", "service"]),
                "registered": rng.random() < 0.9,
                "date": _day(rng, rng.choice([y1, y1, y2, year])),
                "paid_amount": rng.choice(AMOUNTS),
                "counterparty_kind": rng.choice(["enterprise", "university", "institute"]),
                "counterparty_in_zone": rng.random() < 0.5,
            }
        )
    p["contracts"] = contracts
    if p["kind"] == "investor":
        investments = []
        for _ in range(rng.choice([0, 1, 2, 6])):
            when = date.fromisoformat(_day(rng, rng.choice([y1, y1, y2, year])))
            founded = rng.choice(
                [
                    when.replace(year=when.year - 5)
                    if not (when.month == 2 and when.day == 29)
                    else date(when.year - 5, 2, 28),
                    date(2020, 2, 29),
                    when - timedelta(days=rng.randrange(1, 3000)),
                ]
            )
            investments.append(
                {
                    "date": when.isoformat(),
                    "amount": rng.choice(AMOUNTS),
                    "cash": rng.random() < 0.9,
                    "investee_in_zone": rng.random() < 0.8,
                    "investee_founded": founded.isoformat(),
                    "investee_employees": rng.choice([10, 120, 200, 201, 500]),
                }
            )
        p["investments"] = investments
    return p


def profiles(
    n: int, seed: int = 0, years: tuple[int, ...] = (2024, 2025, 2026)
) -> tuple[list[dict], list[int]]:
    rng = random.Random(seed)
    ys = [rng.choice(years) for _ in range(n)]
    return [profile(rng, i, y) for i, y in enumerate(ys)], ys
