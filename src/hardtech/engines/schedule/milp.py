"""The exact integer program (HiGHS through scipy.optimize.milp), the benchmark's reference: a 0/1 variable per
request and shared slot; each request at most once, each participant at most once per slot and at most its
maximum in all, each slot at most `tables` meetings; maximise the total weight."""

from dataclasses import dataclass

import numpy as np

from .model import Instance


@dataclass
class Exact:
    meetings: list[tuple[int, int]]  # (request, slot)
    objective: float | None  # best integer solution found
    bound: float | None  # HiGHS's dual bound
    optimal: bool
    variables: int


def solve_milp(inst: Instance, time_limit: float | None = None) -> Exact:
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    S, n, m = inst.n_slots, len(inst.participants), len(inst.requests)
    var_r, var_s = [], []
    for r, slots in enumerate(inst.common_slots):
        var_r += [r] * len(slots)
        var_s += slots
    vr, vs = np.array(var_r, dtype=np.int64), np.array(var_s, dtype=np.int64)
    k = len(vr)
    ra = np.array([q.a for q in inst.requests], dtype=np.int64)[vr] if k else vr
    rb = np.array([q.b for q in inst.requests], dtype=np.int64)[vr] if k else vr
    w = np.array([q.weight for q in inst.requests])[vr] if k else np.zeros(0)
    cols = np.arange(k)
    # rows: requests | participant × slot | slots | participants
    rows = [vr, m + ra * S + vs, m + rb * S + vs, m + n * S + vs, m + n * S + S + ra, m + n * S + S + rb]
    n_rows = m + n * S + S + n
    A = coo_array((np.ones(6 * k), (np.concatenate(rows), np.tile(cols, 6))), shape=(n_rows, k)).tocsr()
    upper = np.concatenate(
        [np.ones(m), np.ones(n * S), np.full(S, inst.tables), [p.max_meetings for p in inst.participants]]
    )
    options = {"time_limit": time_limit} if time_limit else {}
    res = milp(
        -w,
        constraints=LinearConstraint(A, -np.inf, upper),
        integrality=np.ones(k),
        bounds=Bounds(0, 1),
        options=options,
    )
    if res.x is None:
        return Exact([], None, None, False, k)
    chosen = np.flatnonzero(res.x > 0.5)
    meetings = [(int(vr[i]), int(vs[i])) for i in chosen]
    bound = (
        -getattr(res, "mip_dual_bound", np.nan) if getattr(res, "mip_dual_bound", None) is not None else None
    )
    return Exact(meetings, float(w[chosen].sum()), bound, res.status == 0, k)
