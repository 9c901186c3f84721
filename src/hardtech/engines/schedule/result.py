"""What the engine answers: the meetings with their slots and tables, the total weight, the bound, and every
request that could not be placed with the reason, in Chinese for the operator."""

import math
from dataclasses import dataclass, field
from typing import Any

from .model import Instance, Key
from .state import State


@dataclass
class Unplaced:
    a: Key
    b: Key
    weight: float
    reason: str  # no_common_slot | max_meetings | slots_taken | cancelled | absent
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "weight": self.weight,
            "reason": self.reason,
            "message": self.message,
        }


@dataclass
class Plan:
    instance: Instance
    meetings: list[tuple[int, int]]  # (request, slot), by slot then request
    tables: dict[tuple[int, int], int]  # (request, slot) → table 1…T
    total: float
    bound: float | None = None  # no schedule weighs more (flow bound; None when not computed)
    unplaced: list[Unplaced] = field(default_factory=list)
    table_changes: int = 0  # changes of table between a participant's consecutive meetings
    notes: list[str] = field(default_factory=list)

    def triples(self) -> list[list[Key]]:
        inst = self.instance
        return [
            [
                inst.participants[inst.requests[r].a].id,
                inst.participants[inst.requests[r].b].id,
                inst.slots[s].id,
            ]
            for r, s in self.meetings
        ]

    def to_json(self, detail: bool = False) -> dict[str, Any]:
        """FORMAT.md's answer; with `detail`, also tables, weight, bound and the unplaced requests."""
        out: dict[str, Any] = {"meetings": self.triples()}
        if detail:
            out["tables"] = [[*t, self.tables[m]] for t, m in zip(self.triples(), self.meetings, strict=True)]
            out["weight"] = round(self.total, 6)
            out["bound"] = None if self.bound is None else round(self.bound, 6)
            out["table_changes"] = self.table_changes
            out["unplaced"] = [u.to_json() for u in self.unplaced]
        return out

    def participants_without_meetings(self) -> list[Key]:
        """Participants with at least one request who sit no meeting."""
        inst = self.instance
        asked = {p for q in inst.requests for p in (q.a, q.b)}
        met = {p for r, _ in self.meetings for p in (inst.requests[r].a, inst.requests[r].b)}
        return [inst.participants[p].id for p in sorted(asked - met)]


def why_unplaced(state: State, r: int) -> tuple[str, str]:
    """The reason a request is not in the schedule, as (code, message)."""
    inst = state.inst
    req = inst.requests[r]
    a, b = inst.participants[req.a], inst.participants[req.b]
    if not inst.common[r]:
        return "no_common_slot", f"{a.id} 与 {b.id} 没有共同的可用时段"
    if not state.common[r]:
        return "no_common_slot", f"{a.id} 与 {b.id} 没有共同的、尚未开始的可用时段"
    full = [p for p in (req.a, req.b) if state.cnt[p] >= state.cap[p]]
    if full:
        who = "、".join(f"{inst.participants[p].id}（上限 {state.cap[p]} 场）" for p in full)
        why = f"{who}已排满（上限取 max_meetings 与可用时段数的较小者）"
        if any(state.cnt[p] for p in full):
            why += "，其已排的洽谈总权重更高"
        return "max_meetings", why
    parts = []
    for s in state.common[r]:
        why = []
        for p in (req.a, req.b):
            q = state.busy[p][s]
            if q >= 0:
                why.append(f"{inst.participants[p].id} 已有洽谈")
        if state.load[s] >= state.T:
            why.append("桌位已满")
        parts.append(f"{inst.slots[s].id}：{'，'.join(why)}")
    return "slots_taken", "共同可用时段均已占用（" + "；".join(parts) + "）"


def plan_of(state: State, bound: float | None = None, previous_tables=None, fixed_tables=None) -> Plan:
    from .tables import assign_tables, table_changes

    inst = state.inst
    meetings = sorted(((r, s) for r, s in state.meetings()), key=lambda m: (m[1], m[0]))
    tables = assign_tables(inst, meetings, previous_tables, fixed_tables)
    unplaced = []
    for r, s in enumerate(state.slot_of):
        if s < 0:
            code, message = why_unplaced(state, r)
            req = inst.requests[r]
            unplaced.append(
                Unplaced(inst.participants[req.a].id, inst.participants[req.b].id, req.weight, code, message)
            )
    total = math.fsum(state.w[r] for r, _ in meetings)
    return Plan(inst, meetings, tables, total, bound, unplaced, table_changes(inst, tables)[0])
