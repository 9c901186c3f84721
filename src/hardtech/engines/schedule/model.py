"""A meeting-schedule instance (../shared/meetings/FORMAT.md), read and checked once, indexed for the solvers.

Slots, participants and requests keep the instance's order and are referred to by position. A participant's
availability is a bit mask over slot positions; a request's `common` mask holds the slots both sides share.
Bad input is refused with a message (InstanceError): an availability outside the event's slots, a request to
oneself or to one's own organisation, a request made twice, a negative maximum or weight, unknown ids.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import InstanceError

Key = str | int  # ids: strings in FORMAT.md; integers are read too and written back as given


@dataclass(frozen=True)
class Slot:
    id: Key
    session: str | None


@dataclass(frozen=True)
class Participant:
    id: Key
    org: Key | None
    side: str | None
    available: int  # bit mask over slot positions
    max_meetings: int


@dataclass(frozen=True)
class Request:
    a: int  # participant positions
    b: int
    weight: float


@dataclass
class Instance:
    tables: int
    slots: list[Slot]
    participants: list[Participant]
    requests: list[Request]

    def __post_init__(self) -> None:
        self.slot_index = {s.id: n for n, s in enumerate(self.slots)}
        self.participant_index = {p.id: n for n, p in enumerate(self.participants)}
        self.request_index = {frozenset((r.a, r.b)): n for n, r in enumerate(self.requests)}
        avail = [p.available for p in self.participants]
        self.common = [avail[r.a] & avail[r.b] for r in self.requests]
        self.common_slots = [bits(c) for c in self.common]

    @property
    def n_slots(self) -> int:
        return len(self.slots)

    def cap(self, p: int) -> int:
        """The most meetings participant p can sit: its maximum, or its available slots if fewer."""
        part = self.participants[p]
        return min(part.max_meetings, part.available.bit_count())

    def to_dict(self) -> dict[str, Any]:
        """The instance as FORMAT.md JSON (for re-planned instances and tests)."""
        return {
            "tables": self.tables,
            "slots": [{"id": s.id, "session": s.session} for s in self.slots],
            "participants": [
                {
                    "id": p.id,
                    "org": p.org,
                    "side": p.side,
                    "available": [self.slots[s].id for s in bits(p.available)],
                    "max_meetings": p.max_meetings,
                }
                for p in self.participants
            ],
            "requests": [
                {"a": self.participants[r.a].id, "b": self.participants[r.b].id, "weight": r.weight}
                for r in self.requests
            ],
        }


def bits(mask: int) -> list[int]:
    out, s = [], 0
    while mask:
        if mask & 1:
            out.append(s)
        mask >>= 1
        s += 1
    return out


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{where} 应为整数，实际为 {value!r}")
    return value


def _is_key(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _id(value: Any, where: str) -> Key:
    if not _is_key(value) or value == "":
        raise InstanceError(f"{where} 应为非空字符串，实际为 {value!r}")
    return value


def _optional(value: Any, where: str) -> Key | None:
    return None if value is None or value == "" else _id(value, where)


def _records(data: Mapping[str, Any], key: str, label: str) -> list[Mapping[str, Any]]:
    rows = data.get(key)
    if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
        raise InstanceError(f"缺少 {key}（{label}列表）或其格式不对")
    return rows


def parse_instance(data: Any) -> Instance:
    """Check and index an instance read from JSON; raise InstanceError naming the first problem found."""
    if not isinstance(data, Mapping):
        raise InstanceError("实例应为 JSON 对象")
    tables = _int(data.get("tables"), "tables（每个时段的桌数）")
    if tables < 0:
        raise InstanceError(f"tables（每个时段的桌数）不能为负数，实际为 {tables}")
    slots: list[Slot] = []
    slot_index: dict[Key, int] = {}
    for n, r in enumerate(_records(data, "slots", "时段"), start=1):
        sid = _id(r.get("id"), f"slots 第 {n} 项的 id")
        if sid in slot_index:
            raise InstanceError(f"时段编号 {sid} 重复出现")
        session = r.get("session")
        if session is not None and not isinstance(session, str):
            raise InstanceError(f"时段 {sid} 的 session 应为字符串，实际为 {session!r}")
        slot_index[sid] = len(slots)
        slots.append(Slot(sid, session))
    participants: list[Participant] = []
    index: dict[Key, int] = {}
    for n, r in enumerate(_records(data, "participants", "参会方"), start=1):
        pid = _id(r.get("id"), f"participants 第 {n} 项的 id")
        if pid in index:
            raise InstanceError(f"参会方编号 {pid} 重复出现")
        available = r.get("available")
        if not isinstance(available, list):
            raise InstanceError(f"参会方 {pid} 的 available（可用时段列表）缺失或不是列表")
        mask = 0
        for s in available:
            if not _is_key(s) or s not in slot_index:
                raise InstanceError(f"参会方 {pid} 的可用时段 {s!r} 不在本次活动的时段之中")
            mask |= 1 << slot_index[s]
        most = _int(r.get("max_meetings"), f"参会方 {pid} 的 max_meetings（最多洽谈场数）")
        if most < 0:
            raise InstanceError(f"参会方 {pid} 的 max_meetings（最多洽谈场数）不能为负数，实际为 {most}")
        side = r.get("side")
        if side is not None and not isinstance(side, str):
            raise InstanceError(f"参会方 {pid} 的 side 应为字符串，实际为 {side!r}")
        index[pid] = len(participants)
        participants.append(
            Participant(pid, _optional(r.get("org"), f"参会方 {pid} 的 org"), side, mask, most)
        )
    requests: list[Request] = []
    seen: dict[frozenset[int], int] = {}
    for n, r in enumerate(_records(data, "requests", "洽谈请求"), start=1):
        where = f"requests 第 {n} 项"
        a, b = r.get("a"), r.get("b")
        for x in (a, b):
            if not _is_key(x) or x not in index:
                raise InstanceError(f"{where}：未知的参会方 {x!r}")
        if a == b:
            raise InstanceError(f"{where}：参会方 {a} 不能向自己发起洽谈")
        pa, pb = participants[index[a]], participants[index[b]]
        if pa.org is not None and pa.org == pb.org:
            raise InstanceError(f"{where}：{a} 与 {b} 同属机构 {pa.org}，不能互相洽谈")
        weight = r.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight >= 0:
            raise InstanceError(f"{where}：weight（权重）应为非负数，实际为 {weight!r}")
        if weight == float("inf"):
            raise InstanceError(f"{where}：weight（权重）不能为无穷大")
        key = frozenset((index[a], index[b]))
        if key in seen:
            raise InstanceError(f"{where}：{a} 与 {b} 之间的请求已在第 {seen[key]} 项出现")
        seen[key] = n
        requests.append(Request(index[a], index[b], float(weight)))
    return Instance(tables, slots, participants, requests)
