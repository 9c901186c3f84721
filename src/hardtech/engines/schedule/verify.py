"""check.py's rules (FORMAT.md) on an answer, for the benchmark and the tests: every meeting a request, in a
slot both sides have, nobody twice in a slot, no slot over the tables, no request twice, nobody over the maximum;
and, when tables are given, no two meetings at one table in a slot."""

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .model import Instance


@dataclass
class Check:
    violations: list[str]
    total: float
    met: int


def check(inst: Instance, triples: list[list[Any]], tables: list[list[Any]] | None = None) -> Check:
    avail = {p.id: p.available for p in inst.participants}
    cap = {p.id: p.max_meetings for p in inst.participants}
    weight = {
        frozenset((inst.participants[r.a].id, inst.participants[r.b].id)): r.weight for r in inst.requests
    }
    errors: list[str] = []
    met: set[frozenset] = set()
    busy: Counter = Counter()
    per_slot: Counter = Counter()
    count: Counter = Counter()
    for a, b, s in triples:
        key = frozenset((a, b))
        if key not in weight:
            errors.append(f"no request between {a} and {b}")
            continue
        if key in met:
            errors.append(f"request {a}-{b} met twice")
        met.add(key)
        bit = 1 << inst.slot_index[s] if s in inst.slot_index else 0
        if not (avail[a] & bit and avail[b] & bit):
            errors.append(f"{a}-{b} in {s}, where one of them is not available")
        for p in (a, b):
            busy[(p, s)] += 1
            count[p] += 1
        per_slot[s] += 1
    errors += [f"{p} has {n} meetings in {s}" for (p, s), n in busy.items() if n > 1]
    errors += [
        f"{s} has {n} meetings for {inst.tables} tables" for s, n in per_slot.items() if n > inst.tables
    ]
    errors += [f"{p} has {n} meetings, max {cap[p]}" for p, n in count.items() if n > cap[p]]
    if tables is not None:
        seats = Counter((s, t) for _, _, s, t in tables)
        errors += [f"table {t} in {s} holds {n} meetings" for (s, t), n in seats.items() if n > 1]
        errors += [f"table {t} in {s} does not exist" for (s, t) in seats if not 1 <= t <= inst.tables]
        if sorted(map(tuple, (row[:3] for row in tables))) != sorted(map(tuple, triples)):
            errors.append("the tables list other meetings than the schedule")
    return Check(errors, math.fsum(weight[k] for k in met), len(met))
