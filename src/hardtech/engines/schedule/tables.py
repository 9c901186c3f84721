"""Tables: each slot's meetings get distinct tables 1…T, slot by slot in time order, so that as many
participants as possible stay at the table of their previous meeting (an optimal assignment per slot, scipy's
linear_sum_assignment). Staying put between back-to-back slots counts double; a `previous` table for the same
meeting in the same slot (re-planning) counts most, so that unchanged meetings keep their tables."""

import numpy as np

from .model import Instance

STAY_ADJACENT, STAY_LATER, SAME_AS_BEFORE = 2.0, 1.0, 10.0


def assign_tables(
    inst: Instance,
    meetings: list[tuple[int, int]],
    previous: dict[tuple[int, int], int] | None = None,
    fixed: dict[tuple[int, int], int] | None = None,
) -> dict[tuple[int, int], int]:
    """{(request, slot): table} for every meeting; `fixed` tables (past slots) are kept as they are."""
    from scipy.optimize import linear_sum_assignment

    previous, fixed = previous or {}, fixed or {}
    by_slot: dict[int, list[int]] = {}
    for r, s in meetings:
        by_slot.setdefault(s, []).append(r)
    last: dict[int, tuple[int, int]] = {}  # participant → (slot, table) of its latest meeting so far
    out: dict[tuple[int, int], int] = {}
    T = inst.tables
    for s in sorted(by_slot):
        rs = sorted(by_slot[s])
        if all((r, s) in fixed for r in rs):
            tables = [fixed[(r, s)] for r in rs]
        else:
            gain = np.zeros((len(rs), T))
            for i, r in enumerate(rs):
                if (r, s) in fixed:
                    gain[i, :] = -1e6
                    gain[i, fixed[(r, s)] - 1] = 1e6
                    continue
                req = inst.requests[r]
                for p in (req.a, req.b):
                    if p in last:
                        ls, lt = last[p]
                        gain[i, lt - 1] += STAY_ADJACENT if ls == s - 1 else STAY_LATER
                if (r, s) in previous and 1 <= previous[(r, s)] <= T:
                    gain[i, previous[(r, s)] - 1] += SAME_AS_BEFORE
            rows, cols = linear_sum_assignment(gain, maximize=True)
            tables = [0] * len(rs)
            for i, c in zip(rows.tolist(), cols.tolist(), strict=True):
                tables[i] = c + 1
        for r, t in zip(rs, tables, strict=True):
            out[(r, s)] = t
            req = inst.requests[r]
            last[req.a] = last[req.b] = (s, t)
    return out


def table_changes(inst: Instance, tables: dict[tuple[int, int], int]) -> tuple[int, int]:
    """(changes of table between a participant's consecutive meetings, consecutive pairs of meetings)."""
    seq: dict[int, list[tuple[int, int]]] = {}
    for (r, s), t in tables.items():
        req = inst.requests[r]
        seq.setdefault(req.a, []).append((s, t))
        seq.setdefault(req.b, []).append((s, t))
    changes = pairs = 0
    for items in seq.values():
        items.sort()
        for (_, t1), (_, t2) in zip(items, items[1:], strict=False):
            pairs += 1
            changes += t1 != t2
    return changes, pairs
