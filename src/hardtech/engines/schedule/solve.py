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
   Then ruin and recreate (seeded): an unscheduled request is forced in, what blocks it is removed, and the
   requests of everyone touched are inserted again; kept when the total does not drop.
4. Events of at most `exact_up_to` request × slot variables (a few hundred participants) also get the
   integer program (HiGHS) for the time left, and its answer is kept when heavier: exact where it is cheap.
Every phase stops as soon as the flow bound is reached (the schedule is then optimal).
"""

import random
import time
from collections import deque
from dataclasses import dataclass

from .model import Instance
from .result import Plan, plan_of
from .state import EPS, State

SCALE = 10**6  # weights to integer costs for the flow: exact for weights with six decimals or fewer


@dataclass
class Options:
    time_limit: float = 5.0  # seconds of wall time in all (the answer's tables and reasons come after)
    passes: int = 50
    seed: int = 0  # of the ruin-and-recreate moves
    stale_rounds: int = 3  # stop after this many rounds of 200 tries without a gain
    exact_up_to: int = 15000  # events with at most this many request × slot variables also get the MILP


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


def flow_selection(inst: Instance, colour: list[int] | None) -> tuple[list[int], float] | None:
    """The heaviest request set within the participants' capacities and slots × tables (bipartite only):
    (requests, total weight — an upper bound on every schedule); None when the graph is not bipartite."""
    from ortools.graph.python import min_cost_flow

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
    return chosen, float(sum(inst.requests[r].weight for r in chosen))


def schedule(inst: Instance, options: Options | None = None) -> Plan:
    """The schedule: meetings in slots, tables, the bound, and why each unplaced request is left out."""
    state = place(inst, options)
    return plan_of(state, state.bound)


def place(inst: Instance, options: Options | None = None) -> State:
    """The slot placement alone (steps 1–4 above), within `options.time_limit` seconds of wall time."""
    options = options or Options()
    start = time.perf_counter()
    deadline = start + options.time_limit
    state = State(inst)
    m = len(inst.requests)
    w = state.w
    colour = two_sides(inst)
    selected = flow_selection(inst, colour)
    first: list[int] = []
    if selected is not None:
        first, state.bound = selected
        first.sort(key=lambda r: (len(state.common[r]), -w[r]))
    chosen = set(first)
    rest = sorted((r for r in range(m) if r not in chosen and state.common[r]), key=lambda r: -w[r])
    for r in first + rest:
        if state.has_room(r):
            state.insert(r)
    if not proven(state):
        improve(state, options, deadline)
    for _ in range(options.passes):
        if proven(state) or not reoptimise_slots(state, colour, deadline):
            break
        improve(state, options, deadline)
    small = sum(len(c) for c in state.common) <= options.exact_up_to
    if not proven(state):
        # Small events leave most of the time to the integer program.
        perturb(state, options, start + options.time_limit * (0.1 if small else 1.0))
    if small and not proven(state):
        left = deadline - time.perf_counter() - 0.5
        if left > 0.2:
            polish_exactly(state, left)
    return state


def proven(state: State) -> bool:
    """The flow bound is reached: nothing can be heavier."""
    return state.bound is not None and state.total >= state.bound - 1e-7


def reoptimise_slot(state: State, s: int, colour: list[int]) -> bool:
    """Empty slot s and fill it again optimally given every other slot: the heaviest set of at most `tables`
    meetings, one per participant, among the requests that could sit there (a min-cost flow on the two sides).
    True when the total grew."""
    from ortools.graph.python import min_cost_flow

    w, T = state.w, state.T
    mine = [q for q in state.members[s] if state.locked[q]]
    if mine:
        return False  # a held or confirmed meeting is there: leave the slot alone
    before, mark = state.total, state.mark()
    for q in list(state.members[s]):
        state.put(q, -1)
    cands = [
        r
        for r in range(len(w))
        if state.slot_of[r] < 0
        and w[r] > EPS
        and state.has_room(r)
        and s in state.common[r]
        and state.busy[state.ra[r]][s] < 0
        and state.busy[state.rb[r]][s] < 0
    ]
    n = len(state.cnt)
    src, hub, sink = n, n + 1, n + 2
    flow = min_cost_flow.SimpleMinCostFlow()
    amount = min(T, len(cands))
    flow.add_arc_with_capacity_and_unit_cost(src, hub, amount, 0)
    flow.add_arc_with_capacity_and_unit_cost(src, sink, amount, 0)
    people = set()
    arcs = []
    for r in cands:
        a, b = (state.ra[r], state.rb[r]) if colour[state.ra[r]] == 0 else (state.rb[r], state.ra[r])
        people.add(a)
        people.add(b)
        arcs.append((r, flow.add_arc_with_capacity_and_unit_cost(a, b, 1, -round(w[r] * SCALE))))
    for p in people:
        if colour[p] == 0:
            flow.add_arc_with_capacity_and_unit_cost(hub, p, 1, 0)
        else:
            flow.add_arc_with_capacity_and_unit_cost(p, sink, 1, 0)
    flow.set_node_supply(src, amount)
    flow.set_node_supply(sink, -amount)
    if amount and flow.solve() == flow.OPTIMAL:
        for r, arc in arcs:
            if flow.flow(arc):
                state.put(r, s)
    if state.total > before + EPS:
        return True
    if state.total < before - EPS:
        state.undo(mark)
    return False


def reoptimise_slots(state: State, colour: list[int] | None, deadline: float) -> bool:
    """Each slot re-filled optimally in turn, then the ejection moves on what was left out; True on a gain."""
    if colour is None:
        return False
    gained = False
    for s in range(state.S):
        if time.perf_counter() > deadline:
            break
        if state.open_mask >> s & 1 and reoptimise_slot(state, s, colour):
            gained = True
        state.log.clear()
    return gained


def perturb(state: State, options: Options, deadline: float) -> None:
    """Ruin and recreate while time is left: force an unscheduled request into one of its slots, clearing
    whatever is in the way (and a few meetings around it), then re-insert the requests of every participant
    touched, heaviest first, and run the ejection moves on them; keep the result when the total did not drop."""
    rng = random.Random(options.seed)
    w, T = state.w, state.T
    stale = 0
    while time.perf_counter() < deadline and stale < options.stale_rounds:
        stale += 1
        out = [r for r, s in enumerate(state.slot_of) if s < 0 and state.common[r] and w[r] > EPS]
        if not out:
            return
        for r in rng.sample(out, min(len(out), 200)):
            if time.perf_counter() > deadline:
                return
            if state.slot_of[r] >= 0:
                continue
            before, mark = state.total, state.mark()
            a, b = state.ra[r], state.rb[r]
            s = rng.choice(state.common[r])
            removed = [q for q in {state.busy[a][s], state.busy[b][s]} if q >= 0 and not state.locked[q]]
            if len(removed) < (state.busy[a][s] >= 0) + (state.busy[b][s] >= 0):
                continue
            for q in removed:
                state.put(q, -1)
            for p in (a, b):
                if state.cnt[p] >= state.cap[p]:
                    q = state.lightest(p, set())
                    if q >= 0:
                        removed.append(q)
                        state.put(q, -1)
            if state.load[s] >= T:
                movable = [q for q in state.members[s] if not state.locked[q]]
                if movable:
                    q = rng.choice(movable)
                    removed.append(q)
                    state.put(q, -1)
            for _ in range(rng.randint(0, 2)):  # a little more room around it
                p = rng.choice((a, b))
                mine = [q for q in state.busy[p] if q >= 0 and not state.locked[q]]
                if mine:
                    q = rng.choice(mine)
                    removed.append(q)
                    state.put(q, -1)
            if state.has_room(r) and state.busy[a][s] < 0 and state.busy[b][s] < 0 and state.load[s] < T:
                state.put(r, s)
            people = {a, b} | {p for q in removed for p in (state.ra[q], state.rb[q])}
            todo = sorted(
                {q for p in people for q in state.incident[p] if state.slot_of[q] < 0}, key=lambda q: -w[q]
            )
            for q in todo:
                if state.slot_of[q] < 0 and state.common[q] and state.has_room(q):
                    state.insert(q)
            for q in todo:
                if state.slot_of[q] < 0 and state.common[q]:
                    state.eject_insert(q)
            if state.total > before + EPS:
                stale = 0
                if proven(state):
                    return
            if state.total < before - EPS:
                state.undo(mark)
            state.log.clear()


def polish_exactly(state: State, time_limit: float) -> None:
    """Small events: the integer program (HiGHS) within the time limit; its answer replaces ours if heavier."""
    from .milp import solve_milp

    exact = solve_milp(state.inst, time_limit=time_limit)
    if exact.objective is None or exact.objective <= state.total + EPS:
        return
    for r, s in enumerate(state.slot_of):
        if s >= 0:
            state.put(r, -1)
    for r, s in exact.meetings:
        state.put(r, s)
    state.log.clear()


def improve(state: State, options: Options, deadline: float) -> None:
    w = state.w
    for _ in range(options.passes):
        gained = False
        for r in sorted(
            (r for r, s in enumerate(state.slot_of) if s < 0 and state.common[r]), key=lambda r: -w[r]
        ):
            if time.perf_counter() > deadline:
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
