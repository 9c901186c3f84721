"""`schedule(instance)`: the heaviest schedule found — a b-matching bound and selection, slot placement with
relocations and Kempe chains, then ejection-chain local search — and `greedy(instance)`, the baseline.

1. Selection. When the requests form a bipartite graph (supply side × demand side, as at a 对接会) a min-cost
   flow (OR-Tools) picks the heaviest set of requests with every participant within min(max_meetings,
   available slots) and at most slots × tables meetings in all. Its weight is an upper bound on any schedule
   (it drops "one meeting per participant per slot" and the tables per slot), reported as `bound`.
2. Placement. The selected requests, most constrained first (fewest shared slots), go into the least-loaded
   free slot; when none is free, blocking meetings are relocated, or a Kempe chain swaps two slots along an
   alternating path. Then every other request, heaviest first, where it fits.
3. Improvement. Each unscheduled request, heaviest first, may displace lighter meetings (which are then put
   back elsewhere when they fit); kept only when the total weight grows. Repeated until a pass gains nothing
   or the time budget is spent.
"""

import time
from collections import deque
from dataclasses import dataclass

from .model import Instance
from .result import Plan, plan_of
from .state import EPS, State

SCALE = 10**6  # weights to integer costs for the flow: exact for weights with six decimals or fewer


@dataclass
class Options:
    time_limit: float = 8.0  # seconds for the improvement passes
    passes: int = 50


def two_sides(inst: Instance) -> list[int] | None:
    """A 2-colouring of the request graph (0/1 per participant), or None when it has an odd cycle."""
    n = len(inst.participants)
    adj: list[list[int]] = [[] for _ in range(n)]
    for r, req in enumerate(inst.requests):
        if inst.common[r]:
            adj[req.a].append(req.b)
            adj[req.b].append(req.a)
    colour = [-1] * n
    for start in range(n):
        if colour[start] >= 0:
            continue
        colour[start] = 0
        todo = deque([start])
        while todo:
            p = todo.popleft()
            for q in adj[p]:
                if colour[q] < 0:
                    colour[q] = 1 - colour[p]
                    todo.append(q)
                elif colour[q] == colour[p]:
                    return None
    return colour


def flow_selection(inst: Instance) -> tuple[list[int], float] | None:
    """The heaviest request set within the participants' capacities and slots × tables (bipartite only):
    (requests, total weight — an upper bound on every schedule); None when the graph is not bipartite."""
    from ortools.graph.python import min_cost_flow

    colour = two_sides(inst)
    if colour is None:
        return None
    n = len(inst.participants)
    caps = [inst.cap(p) for p in range(n)]
    left = sum(caps[p] for p in range(n) if colour[p] == 0)
    right = sum(caps[p] for p in range(n) if colour[p] == 1)
    amount = min(left, right, inst.n_slots * inst.tables)
    if amount <= 0:
        return [], 0.0
    src, hub, sink = n, n + 1, n + 2  # src → hub (≤ slots × tables) → left → right → sink; src → sink bypass
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arc_with_capacity_and_unit_cost(src, hub, inst.n_slots * inst.tables, 0)
    flow.add_arc_with_capacity_and_unit_cost(src, sink, amount, 0)
    for p in range(n):
        if caps[p]:
            if colour[p] == 0:
                flow.add_arc_with_capacity_and_unit_cost(hub, p, caps[p], 0)
            else:
                flow.add_arc_with_capacity_and_unit_cost(p, sink, caps[p], 0)
    arcs = []
    for r, req in enumerate(inst.requests):
        if inst.common[r] and req.weight > 0:
            a, b = (req.a, req.b) if colour[req.a] == 0 else (req.b, req.a)
            arcs.append((r, flow.add_arc_with_capacity_and_unit_cost(a, b, 1, -round(req.weight * SCALE))))
    flow.set_node_supply(src, amount)
    flow.set_node_supply(sink, -amount)
    if flow.solve() != flow.OPTIMAL:
        return None
    chosen = [r for r, arc in arcs if flow.flow(arc)]
    return chosen, sum(inst.requests[r].weight for r in chosen)


def schedule(inst: Instance, options: Options | None = None) -> Plan:
    """The schedule: meetings in slots, tables, the bound, and why each unplaced request is left out."""
    state = place(inst, options)
    return plan_of(state, state.bound)


def place(inst: Instance, options: Options | None = None) -> State:
    """The slot placement alone (steps 1–3 above)."""
    options = options or Options()
    start = time.perf_counter()
    state = State(inst)
    m = len(inst.requests)
    w = state.w
    selected = flow_selection(inst)
    state.bound = None
    first: list[int] = []
    if selected is not None:
        first, state.bound = selected
        first.sort(key=lambda r: (len(state.common[r]), -w[r]))
    chosen = set(first)
    rest = sorted((r for r in range(m) if r not in chosen and state.common[r]), key=lambda r: -w[r])
    for r in first + rest:
        if state.has_room(r):
            state.insert(r)
    improve(state, options, start)
    return state


def improve(state: State, options: Options, start: float) -> None:
    w = state.w
    for _ in range(options.passes):
        gained = False
        for r in sorted(
            (r for r, s in enumerate(state.slot_of) if s < 0 and state.common[r]), key=lambda r: -w[r]
        ):
            if time.perf_counter() - start > options.time_limit:
                return
            if state.slot_of[r] >= 0 or w[r] <= EPS:
                continue
            if state.has_room(r) and state.insert(r):
                gained = True
                state.log.clear()
                continue
            if state.eject_insert(r):
                gained = True
            state.log.clear()
        if not gained:
            return


def greedy(inst: Instance) -> State:
    """The baseline: requests by weight, heaviest first, each in its first free slot; nothing moves."""
    state = State(inst)
    for r in sorted(range(len(inst.requests)), key=lambda r: -state.w[r]):
        if state.has_room(r):
            free = state.free_slots(r)
            if free:
                state.put(r, free[0])
    state.log.clear()
    return state
