"""Re-planning on the day: the previous schedule plus what changed (cancelled meetings, participants who will
not come, late arrivals, the slot the event has reached) → the rest of the day re-planned with as few moved
meetings as possible.

    replan = reschedule(instance, previous, Changes(now="S05", late={"P7": "S07"}, cancelled=[("P1", "P2")]))
    replan.plan            # the new schedule (Plan), tables kept where meetings did not move
    replan.moved           # [(a, b, from slot, to slot)] — each one a participant pair to tell
    replan.dropped         # confirmed meetings that could not be kept, each with its reason (never silent)
    replan.added           # new meetings placed in freed places without moving anyone (Changes.fill)

Meetings before `now` are history: they stay where they were (a cancelled one is taken out: it did not
take place). A still-possible meeting never leaves the
schedule for another one; a displaced meeting (its side arrives late) takes a free slot, else the way costing the
fewest moves (one blocking meeting relocated, a Kempe chain); only when none exists is it dropped, and said so.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InstanceError
from .model import Instance, Key, Participant
from .result import Plan, plan_of, why_unplaced
from .state import State


@dataclass
class Changes:
    now: Key | None = None  # first slot not yet started; earlier slots are fixed (None: nothing has started)
    cancelled: list[tuple[Key, Key]] = field(default_factory=list)  # meetings / requests called off
    absent: list[Key] = field(default_factory=list)  # participants not coming (any more)
    late: Mapping[Key, Key] = field(default_factory=dict)  # participant → first slot it can sit
    fill: bool = True  # give freed places to unscheduled requests, without moving anyone
    exact_time_limit: float = 20.0  # when the moves leave a meeting out, the integer program may keep it


@dataclass
class Replan:
    plan: Plan
    moved: list[tuple[Key, Key, Key, Key]]
    dropped: list[tuple[Key, Key, Key, str]]
    added: list[tuple[Key, Key, Key]]
    cancelled: list[tuple[Key, Key, Key]]

    def to_json(self) -> dict[str, Any]:
        return {
            **self.plan.to_json(detail=True),
            "moved": [list(m) for m in self.moved],
            "dropped": [list(m) for m in self.dropped],
            "added": [list(m) for m in self.added],
            "cancelled": [list(m) for m in self.cancelled],
        }


def _slot(inst: Instance, sid: Key, where: str) -> int:
    if not isinstance(sid, str | int) or sid not in inst.slot_index:
        raise InstanceError(f"{where}：未知的时段 {sid!r}")
    return inst.slot_index[sid]


def _participant(inst: Instance, pid: Key, where: str) -> int:
    if not isinstance(pid, str | int) or pid not in inst.participant_index:
        raise InstanceError(f"{where}：未知的参会方 {pid!r}")
    return inst.participant_index[pid]


def _request(inst: Instance, a: Key, b: Key, where: str) -> int:
    key = frozenset((_participant(inst, a, where), _participant(inst, b, where)))
    if key not in inst.request_index:
        raise InstanceError(f"{where}：{a} 与 {b} 之间没有洽谈请求")
    return inst.request_index[key]


def read_previous(inst: Instance, previous: Plan | Iterable[Any]) -> tuple[list[tuple[int, int]], dict]:
    """The previous meetings as (request, slot) and their tables, from a Plan or [a, b, slot(, table)] rows;
    refused when it breaks a rule (it must be a valid schedule of this instance)."""
    if isinstance(previous, Plan):
        return list(previous.meetings), dict(previous.tables)
    meetings, tables = [], {}
    for n, row in enumerate(previous, start=1):
        where = f"原排程第 {n} 项"
        if not isinstance(row, list | tuple) or len(row) not in (3, 4):
            raise InstanceError(f"{where}应为 [a, b, 时段] 或 [a, b, 时段, 桌号]，实际为 {row!r}")
        r, s = _request(inst, row[0], row[1], where), _slot(inst, row[2], where)
        meetings.append((r, s))
        if len(row) == 4:
            tables[(r, s)] = row[3]
    state = State(inst)
    for r, s in meetings:
        req = inst.requests[r]
        a, b = inst.participants[req.a].id, inst.participants[req.b].id
        sid = inst.slots[s].id
        if state.slot_of[r] >= 0:
            raise InstanceError(f"原排程中 {a} 与 {b} 的洽谈出现两次")
        if not inst.common[r] >> s & 1:
            raise InstanceError(f"原排程中 {a} 与 {b} 排在 {sid}，但有一方该时段不可用")
        if state.busy[req.a][s] >= 0 or state.busy[req.b][s] >= 0:
            raise InstanceError(f"原排程中 {a} 或 {b} 在 {sid} 有两场洽谈")
        state.put(r, s)
    for p, n in enumerate(state.cnt):
        if n > inst.participants[p].max_meetings:
            raise InstanceError(f"原排程中 {inst.participants[p].id} 有 {n} 场洽谈，超过其上限")
    for s, n in enumerate(state.load):
        if n > inst.tables:
            raise InstanceError(f"原排程中 {inst.slots[s].id} 有 {n} 场洽谈，多于 {inst.tables} 张桌")
    return meetings, tables


def reschedule(inst: Instance, previous: Plan | Iterable[Any], changes: Changes) -> Replan:
    meetings, tables = read_previous(inst, previous)
    S = inst.n_slots
    now = 0 if changes.now is None else _slot(inst, changes.now, "now")
    past = (1 << now) - 1
    avail = [p.available for p in inst.participants]
    for pid in changes.absent:
        p = _participant(inst, pid, "absent")
        avail[p] &= past
    for pid, sid in changes.late.items():
        p, s = _participant(inst, pid, "late"), _slot(inst, sid, f"late（{pid}）")
        avail[p] &= past | ~((1 << s) - 1)
    cancelled = {_request(inst, a, b, "cancelled") for a, b in changes.cancelled}
    # The day as it now stands: same ids and requests, availability cut where people are absent or late.
    day = Instance(
        inst.tables,
        inst.slots,
        [Participant(p.id, p.org, p.side, avail[n], p.max_meetings) for n, p in enumerate(inst.participants)],
        inst.requests,
    )
    state = State(day, open_mask=((1 << S) - 1) & ~past)
    for r in cancelled:
        state.common[r] = []
    # History first (it happened, whatever changed since), then the meetings still possible where they are.
    displaced, cancelled_rows, dropped = [], [], []
    ids = _ids(inst)
    for r, s in meetings:
        if r in cancelled:  # called off, or (in a past slot) did not take place
            cancelled_rows.append((*ids(r), inst.slots[s].id))
        elif s < now:
            state.put(r, s)
            state.locked[r] = True
    for r, s in meetings:
        if s < now or r in cancelled:
            continue
        if day.common[r] >> s & 1:
            state.put(r, s)
        else:
            displaced.append((r, s))
    state.log.clear()
    moved_from: dict[int, int] = {}
    for r, _ in sorted(displaced, key=lambda m: -state.w[m[0]]):
        if state.has_room(r) and state.common[r]:
            state.insert_fewest_moves(r)
    lost = [r for r, _ in displaced if state.slot_of[r] < 0 and state.common[r]]
    if lost and changes.exact_time_limit > 0:
        keep_exactly(state, dict(meetings), now, changes.exact_time_limit)
    absent = {_participant(inst, pid, "absent") for pid in changes.absent}
    for r, s in displaced:
        if state.slot_of[r] >= 0:
            continue
        gone = [inst.participants[p].id for p in (inst.requests[r].a, inst.requests[r].b) if p in absent]
        reason = f"{'、'.join(gone)} 不再到场" if gone else _dropped_reason(state, r)
        dropped.append((*ids(r), inst.slots[s].id, reason))
    before = dict(meetings)
    added = []
    if changes.fill:
        for r in sorted(range(len(inst.requests)), key=lambda r: -state.w[r]):
            free = r not in before and state.slot_of[r] < 0 and state.common[r] and state.has_room(r)
            if free and state.place_direct(r):
                added.append((*ids(r), inst.slots[state.slot_of[r]].id))
    for r, s in meetings:
        if s >= now and state.slot_of[r] >= 0 and state.slot_of[r] != s:
            moved_from[r] = s
    moved = [(*ids(r), inst.slots[s].id, inst.slots[state.slot_of[r]].id) for r, s in moved_from.items()]
    fixed = {(r, s): t for (r, s), t in tables.items() if s < now}
    plan = plan_of(state, None, previous_tables=tables, fixed_tables=fixed)
    for u in plan.unplaced:
        r = _request(inst, u.a, u.b, "")
        if r in cancelled:
            u.reason, u.message = "cancelled", f"{u.a} 与 {u.b} 的洽谈已取消"
    return Replan(plan, moved, dropped, added, cancelled_rows)


def keep_exactly(state: State, previous: dict[int, int], now: int, time_limit: float) -> bool:
    """The integer program (HiGHS) over the meetings still to come and the displaced ones: keep as many as
    possible, then move as few as possible. Applied (True) when it keeps more than the moves did."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    keep = [r for r, s in previous.items() if s >= now and state.common[r]]  # not cancelled, still possible
    S, n, T = state.S, len(state.cnt), state.T
    held = [0] * n  # meetings already held (locked, in past slots)
    for r, s in enumerate(state.slot_of):
        if s >= 0 and state.locked[r]:
            held[state.ra[r]] += 1
            held[state.rb[r]] += 1
    var_r, var_s = [], []
    for r in keep:
        for s in state.common[r]:
            var_r.append(r)
            var_s.append(s)
    k = len(var_r)
    if not k:
        return False
    index = {r: i for i, r in enumerate(keep)}
    vr = np.array([index[r] for r in var_r])
    vs = np.array(var_s)
    pa = np.array([state.ra[r] for r in var_r])
    pb = np.array([state.rb[r] for r in var_r])
    m = len(keep)
    rows = [vr, m + pa * S + vs, m + pb * S + vs, m + n * S + vs, m + n * S + S + pa, m + n * S + S + pb]
    a = coo_array(
        (np.ones(6 * k), (np.concatenate(rows), np.tile(np.arange(k), 6))), shape=(m + n * S + S + n, k)
    )
    upper = np.concatenate([np.ones(m), np.ones(n * S), np.full(S, T), np.array(state.cap) - np.array(held)])
    moved = np.array([previous[r] != s for r, s in zip(var_r, var_s, strict=True)], dtype=float)
    gain = (m + 1) - moved  # keeping one more meeting beats any number of moves
    res = milp(
        -gain,
        constraints=LinearConstraint(a.tocsr(), -np.inf, upper),
        integrality=np.ones(k),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit},
    )
    if res.x is None:
        return False
    chosen = [(var_r[i], var_s[i]) for i in np.flatnonzero(res.x > 0.5)]
    kept_now = sum(1 for r in keep if state.slot_of[r] >= 0)
    if len(chosen) <= kept_now:
        return False
    for r in keep:
        state.put(r, -1)
    for r, s in chosen:
        state.put(r, s)
    state.log.clear()
    return True


def _dropped_reason(state: State, r: int) -> str:
    inst = state.inst
    req = inst.requests[r]
    if not state.common[r]:
        return "今天余下的时段里双方已没有共同的可用时段"
    for p in (req.a, req.b):
        if all(state.busy[p][s] >= 0 for s in state.common[r]):
            slots = "、".join(str(inst.slots[s].id) for s in state.common[r])
            return f"{inst.participants[p].id} 在余下的共同可用时段（{slots}）都已有洽谈"
    return "今天余下的时段里无法保留：" + why_unplaced(state, r)[1]


def _ids(inst: Instance):
    def ids(r: int) -> tuple[Key, Key]:
        req = inst.requests[r]
        return inst.participants[req.a].id, inst.participants[req.b].id

    return ids
