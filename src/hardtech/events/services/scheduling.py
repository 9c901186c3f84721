"""The schedule of an event's 1:1 meetings (排程), through the schedule engine (hardtech.engines.schedule).

    build_instance(event)                        the engine's instance (../shared/meetings/FORMAT.md) of the event
    run_schedule(operator, event, keep_confirmed=True) → Summary   solve and write the Meeting rows
    evaluate(event) → Summary                    the stored schedule as the engine sees it (unplaced reasons)
    publish(operator, event) → int               confirm the meetings and tell both sides

Ids in the instance: a registration is `P<pk>` (Registration.code), a slot `S<pk>` (Slot.code), an organisation
`O<pk>`. Participants are the approved registrations (withdrawn ones are out); a participant is available in the
slots of the sessions it chose, less the slots that start before a late arrival's `arrives_at`. Requests are the
accepted MeetingRequests between participants whose meeting was not cancelled, weighed by `request.weight`.

Re-running never silently drops a confirmed (published) meeting: with `keep_confirmed` (the default) they stay
pinned in their slot and at their table and the engine plans the rest around them (each pinned meeting is a
placeholder pair of participants that can only sit in that slot, weighed above everything else); held and no-show
meetings, and on the day every meeting of a slot that has started, are pinned whatever the operator says. The
tables of the whole schedule then come from the engine's re-planning over the full instance (pinned meetings keep
their tables; a participant stays at the same table across consecutive meetings where possible), which also says
why each request left out could not be placed.
"""

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hardtech.engines.schedule import Changes, InstanceError, Options, parse_instance, reschedule, schedule
from hardtech.events import permissions
from hardtech.events.choices import MeetingStatus, Phase, RegistrationStatus, RequestStatus
from hardtech.events.models import Event, Meeting, MeetingRequest, Registration, Slot
from hardtech.notifications import services as notifications
from hardtech.notifications.kinds import Delivery, register_kind

EVENT_AGENDA = register_kind(
    "event.agenda", "对接活动洽谈日程", Delivery.EMAIL, "对接活动的洽谈日程发布：时间、桌号与洽谈对象"
)

PHASES = (Phase.BOOKING, Phase.SCHEDULING, Phase.DAY)
LIVE = (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)
HISTORY = (MeetingStatus.HELD, MeetingStatus.NO_SHOW)
OPTIONS = Options(time_limit=5.0)

REASONS = {
    "no_common_slot": "双方没有共同的可用时段",
    "max_meetings": "一方的洽谈场次已满",
    "slots_taken": "共同可用时段均已占用",
    "cancelled": "洽谈已取消",
    "absent": "一方不再到场",
}


def agenda_url(event: Event) -> str:
    return reverse("events:agenda", args=[event.pk])


# --- the instance -------------------------------------------------------------------------------------------------


@dataclass
class Index:
    """What the ids of an instance stand for."""

    event: Event
    slots: list[Slot]
    registrations: dict[str, Registration]  # code → registration
    requests: dict[frozenset, MeetingRequest]  # {a code, b code} → request
    slot_by_code: dict[str, Slot] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.slot_by_code = {s.code: s for s in self.slots}

    def request(self, a: str, b: str) -> MeetingRequest:
        return self.requests[frozenset((a, b))]

    def name(self, code: str) -> str:
        if code in self.registrations:
            return self.registrations[code].organisation.name
        if code in self.slot_by_code:
            return slot_label(self.slot_by_code[code])
        return code

    def readable(self, text: str) -> str:
        """An engine message with the ids replaced by organisation names and slot times."""
        return re.sub(r"(?<![A-Za-z0-9])[PS]\d+(?![0-9])", lambda m: self.name(m.group(0)), text)


def slot_label(slot: Slot) -> str:
    start = timezone.localtime(slot.starts_at)
    end = timezone.localtime(slot.ends_at)
    return f"{slot.session.label}第{slot.index}轮 {start:%H:%M}–{end:%H:%M}"


def event_slots(event: Event) -> list[Slot]:
    return list(
        Slot.objects.filter(session__event=event).select_related("session").order_by("starts_at", "pk")
    )


def first_open_slot(slots: list[Slot], at: datetime) -> Slot | None:
    """The first slot that has not started at `at` (None when every slot has started)."""
    return next((s for s in slots if s.starts_at >= at), None)


def _instance(
    event: Event,
    *,
    late: bool = True,
    absent_too: bool = False,
    pins: Iterable[Meeting] = (),
) -> tuple[dict, Index]:
    """The instance and its index. `late=False` keeps the late arrivals' full availability (re-planning on the
    day passes the lateness as a change); `absent_too` also takes in withdrawn registrations that still have
    meetings (re-planning says they are absent); `pins` are meetings that must stay where they are, so their
    slot is available to both sides and counts within their maximum whatever changed since."""
    slots = event_slots(event)
    live = Meeting.objects.filter(event=event, status__in=LIVE)
    registrations = event.registrations.filter(status=RegistrationStatus.APPROVED)
    if absent_too:
        with_meetings = set(live.values_list("request__sender", flat=True)) | set(
            live.values_list("request__receiver", flat=True)
        )
        registrations = event.registrations.filter(pk__in=with_meetings) | registrations
    registrations = list(
        registrations.select_related("organisation").prefetch_related("sessions").order_by("pk").distinct()
    )
    by_pk = {r.pk: r for r in registrations}
    pinned_slots: dict[int, set[int]] = defaultdict(set)
    pinned_count: dict[int, int] = defaultdict(int)
    for meeting in pins:
        for side in (meeting.request.sender_id, meeting.request.receiver_id):
            pinned_slots[side].add(meeting.slot_id)
            pinned_count[side] += 1
    participants = []
    for reg in registrations:
        chosen = {s.pk for s in reg.sessions.all()}
        available = [
            s
            for s in slots
            if (s.session_id in chosen and not (late and reg.arrives_at and s.starts_at < reg.arrives_at))
            or s.pk in pinned_slots[reg.pk]
        ]
        participants.append(
            {
                "id": reg.code,
                "org": f"O{reg.organisation_id}",
                "side": reg.get_type_display(),
                "available": [s.code for s in available],
                "max_meetings": max(reg.max_meetings, pinned_count[reg.pk]),
            }
        )
    requests: dict[frozenset, MeetingRequest] = {}
    cancelled = Meeting.objects.filter(event=event, status=MeetingStatus.CANCELLED).values("request")
    accepted = (
        MeetingRequest.objects.filter(
            event=event, status=RequestStatus.ACCEPTED, sender__in=by_pk.keys(), receiver__in=by_pk.keys()
        )
        .exclude(pk__in=cancelled)
        .order_by("pk")
    )
    for request in accepted:
        sender, receiver = by_pk[request.sender_id], by_pk[request.receiver_id]
        if sender.organisation_id == receiver.organisation_id:
            continue
        key = frozenset((sender.code, receiver.code))
        other = requests.get(
            key
        )  # both asked each other: keep one request (the one already met, else heavier)
        if other is None or _prefer(request, other):
            requests[key] = request
        request.sender, request.receiver = sender, receiver
    data = {
        "tables": event.tables,
        "slots": [{"id": s.code, "session": s.session.label} for s in slots],
        "participants": participants,
        "requests": [
            {"a": f"P{r.sender_id}", "b": f"P{r.receiver_id}", "weight": r.weight} for r in requests.values()
        ],
    }
    return data, Index(event, slots, {r.code: r for r in registrations}, requests)


def _prefer(request: MeetingRequest, other: MeetingRequest) -> bool:
    def has_meeting(r: MeetingRequest) -> bool:
        return Meeting.objects.filter(request=r, status__in=LIVE).exists()

    mine, theirs = has_meeting(request), has_meeting(other)
    if mine != theirs:
        return mine
    return request.weight > other.weight


def build_instance(event: Event) -> dict:
    """The event as the engine's instance (FORMAT.md)."""
    return _instance(event)[0]


# --- solving ------------------------------------------------------------------------------------------------------


@dataclass
class UnplacedRequest:
    request: MeetingRequest
    reason: str  # the engine's code
    message: str  # in Chinese, with names

    @property
    def label(self) -> str:
        return REASONS.get(self.reason, self.reason)


@dataclass
class Summary:
    placed: int = 0
    total: float = 0.0
    bound: float | None = None
    kept: int = 0  # pinned meetings (confirmed, held, started)
    created: int = 0
    moved: int = 0
    removed: int = 0
    unplaced: list[UnplacedRequest] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # confirmed meetings given up, with why
    notes: list[str] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        """Share of the upper bound reached (1.0: optimal)."""
        if self.bound is None or self.bound <= 0:
            return None
        return min(self.total / self.bound, 1.0)

    def as_dict(self) -> dict:
        """For the session (the page shows the last run after its redirect)."""
        return {
            "placed": self.placed,
            "total": round(self.total, 4),
            "bound": None if self.bound is None else round(self.bound, 4),
            "share": None if self.share is None else round(self.share * 100, 1),
            "kept": self.kept,
            "created": self.created,
            "moved": self.moved,
            "removed": self.removed,
            "unplaced": [
                {
                    "sender": u.request.sender.organisation.name,
                    "receiver": u.request.receiver.organisation.name,
                    "label": u.label,
                    "message": u.message,
                }
                for u in self.unplaced
            ],
            "dropped": self.dropped,
            "notes": self.notes,
        }


def _solve(data: dict, pins: list[tuple[str, str, str]], options: Options) -> tuple[list[list], float | None]:
    """The engine's schedule of the instance with the pinned meetings (a, b, slot) fixed: the other meetings as
    [a, b, slot] and the upper bound (None when the engine gave none)."""
    if not pins:
        plan = schedule(parse_instance(data), options)
        return plan.triples(), plan.bound
    pinned_pairs = {frozenset((a, b)) for a, b, _ in pins}
    busy: dict[str, set[str]] = defaultdict(set)
    for a, b, s in pins:
        busy[a].add(s)
        busy[b].add(s)
    reduced = {
        "tables": data["tables"],
        "slots": data["slots"],
        "participants": [
            {
                **p,
                "available": [s for s in p["available"] if s not in busy[p["id"]]],
                "max_meetings": max(p["max_meetings"] - len(busy[p["id"]]), 0),
            }
            for p in data["participants"]
        ],
        "requests": [r for r in data["requests"] if frozenset((r["a"], r["b"])) not in pinned_pairs],
    }
    # Each pinned meeting holds its table through a placeholder pair that can sit only in its slot and outweighs
    # every real request together: any schedule leaving one out weighs less than one keeping them all.
    heavy = math.fsum(r["weight"] for r in data["requests"]) + 1.0
    for n, (_, _, s) in enumerate(pins):
        for end in "ab":
            reduced["participants"].append(
                {"id": f"X{n}{end}", "org": f"X{n}{end}", "side": end, "available": [s], "max_meetings": 1}
            )
        reduced["requests"].append({"a": f"X{n}a", "b": f"X{n}b", "weight": heavy})
    plan = schedule(parse_instance(reduced), options)
    real, held = [], 0
    for a, b, s in plan.triples():
        if str(a).startswith("X"):
            held += 1
        else:
            real.append([a, b, s])
    if held != len(pins):  # cannot happen while each slot's pins fit its tables (checked before)
        raise ValidationError("已确认的洽谈无法全部保留，请检查桌数与时段")
    bound = None
    if plan.bound is not None:
        pinned_weight = math.fsum(
            r["weight"] for r in data["requests"] if frozenset((r["a"], r["b"])) in pinned_pairs
        )
        bound = plan.bound - heavy * len(pins) + pinned_weight
    return real, bound


def _replan_rows(data: dict, rows: list[list], now: str | None):
    """The engine's re-planning of `rows` with nothing changed: the same meetings with their tables (given tables
    kept where possible) and why each other request is left out."""
    inst = parse_instance(data)
    return reschedule(inst, rows, Changes(now=now, fill=False, exact_time_limit=0))


def _check_capacity(event: Event, slots: list[Slot]) -> None:
    if not slots:
        raise ValidationError("本活动还没有洽谈时段，无法排程：请先设置洽谈场次")
    if event.tables < 1:
        raise ValidationError("洽谈桌数为 0，无法排程：请先设置洽谈桌数")


def _now_code(event: Event, slots: list[Slot], at: datetime | None) -> str | None:
    """On the day, the first slot not yet started (earlier slots are history); before the day, None."""
    if event.phase != Phase.DAY:
        return None
    slot = first_open_slot(slots, at or timezone.now())
    if slot is None:
        raise ValidationError("今天的洽谈时段均已开始，不能再重新排程")
    return slot.code


def _row(meeting: Meeting) -> list:
    return [f"P{meeting.request.sender_id}", f"P{meeting.request.receiver_id}", meeting.slot.code]


def run_schedule(
    operator,
    event: Event,
    keep_confirmed: bool = True,
    *,
    options: Options | None = None,
    at: datetime | None = None,
) -> Summary:
    """Place the accepted requests in slots and at tables and write the Meeting rows, in one transaction."""
    if not permissions.can_manage(operator, event):
        raise PermissionDenied("只有管委会可以排程")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.phase not in PHASES:
            raise ValidationError({"phase": ["只有在预约洽谈、排程或活动当天阶段才能排程"]})
        slots = event_slots(event)
        _check_capacity(event, slots)
        now = _now_code(event, slots, at)
        started = {s.code for s in slots[: [s.code for s in slots].index(now)]} if now else set()
        existing = list(
            Meeting.objects.filter(event=event, status__in=LIVE).select_related(
                "slot__session", "request__sender__organisation", "request__receiver__organisation"
            )
        )
        must_keep = [
            m
            for m in existing
            if m.status in HISTORY or m.slot.code in started or (keep_confirmed and m.confirmed)
        ]
        data, index = _instance(event, pins=must_keep)
        summary = Summary()
        pins, orphans = [], []
        for m in must_keep:
            a, b, s = _row(m)
            if frozenset((a, b)) in index.requests and index.request(a, b).pk == m.request_id:
                pins.append(m)
            else:
                orphans.append(m)
        load: dict[str, int] = defaultdict(int)
        for m in pins:
            load[m.slot.code] += 1
        if over := [s for s, n in load.items() if n > event.tables]:
            names = "、".join(index.name(s) for s in over)
            raise ValidationError(
                f"已确认的洽谈在 {names} 多于 {event.tables} 张桌，请增加桌数或不保留已确认的洽谈"
            )
        if started:  # nothing new goes into a slot that has started
            for p in data["participants"]:
                mine = {m.slot.code for m in pins if p["id"] in _row(m)[:2]}
                p["available"] = [s for s in p["available"] if s not in started or s in mine]
        pin_rows = [_row(m) for m in pins]
        try:
            found, bound = _solve(data, [tuple(r) for r in pin_rows], options or OPTIONS)
            rows = [[*_row(m), m.table] for m in pins] + found
            replan = _replan_rows(data, rows, now)
        except InstanceError as exc:
            raise ValidationError(f"无法排程：{index.readable(str(exc))}") from exc
        detail = replan.plan.to_json(detail=True)
        placed = {}
        for a, b, s, t in detail["tables"]:
            placed[index.request(a, b).pk] = (index.slot_by_code[s], t)
        keep_tables(placed, pins)
        summary.kept = len(pins)
        summary.bound = bound
        summary.total = detail["weight"]
        for u in replan.plan.unplaced:
            request = index.request(u.a, u.b)
            summary.unplaced.append(UnplacedRequest(request, u.reason, index.readable(u.message)))
        for m in orphans:
            summary.dropped.append(
                f"{m.request.sender.organisation.name} 与 {m.request.receiver.organisation.name}"
                f"（{slot_label(m.slot)}）：一方已退出或洽谈邀请已撤回，洽谈取消"
            )
        by_pk = {r.pk: r for r in index.requests.values()}
        changes = write_placement(event, placed, existing, orphans=orphans, requests=by_pk)
        summary.created, summary.moved, summary.removed = changes
        summary.placed = len(placed)
        if not keep_confirmed:
            gone = [m for m in existing if m.confirmed and m.request_id not in placed and m not in orphans]
            for m in gone:
                summary.dropped.append(
                    f"{m.request.sender.organisation.name} 与 {m.request.receiver.organisation.name}"
                    f"（原 {slot_label(m.slot)}）：按您的选择未保留，本次未能排入"
                )
    return summary


def write_placement(
    event: Event,
    placed: dict[int, tuple[Slot, int]],
    existing: list[Meeting],
    *,
    orphans: Iterable[Meeting] = (),
    requests: dict[int, MeetingRequest] | None = None,
) -> tuple[int, int, int]:
    """Make the live meetings of the event exactly `placed` ({request pk: (slot, table)}): delete the meetings
    left out (orphans, whose request is gone, are cancelled instead when confirmed), move the changed ones and
    create the new ones, writing only what changes (`requests`: the requests by pk, loaded with both sides).
    Returns (created, moved, removed)."""
    orphan_ids = {m.pk for m in orphans}
    removed = 0
    for m in existing:
        if m.request_id in placed:
            continue
        if m.pk in orphan_ids and m.confirmed:
            m.status = MeetingStatus.CANCELLED
            m.save(update_fields=["status", "updated_at"])
        else:
            m.delete()
        removed += 1
    keep = {m.request_id: m for m in existing if m.request_id in placed}
    changed = [
        m
        for m in keep.values()
        if (m.slot_id, m.table) != (placed[m.request_id][0].pk, placed[m.request_id][1])
    ]
    moved = sum(1 for m in changed if m.slot_id != placed[m.request_id][0].pk)
    republish = [m for m in changed if m.confirmed]  # a published meeting that changes is published again
    requests = requests or {}
    new = [(requests.get(pk, pk), slot, table) for pk, (slot, table) in placed.items() if pk not in keep]
    created = place_rows(event, [(m, placed[m.request_id][0], placed[m.request_id][1]) for m in changed], new)
    for m in republish:
        m.confirmed = False
        m.save(update_fields=["confirmed", "updated_at"])
    return len(created), moved, removed


def keep_tables(placed: dict[int, tuple[Slot, int]], pins: Iterable[Meeting]) -> None:
    """Pinned meetings keep their tables (the engine keeps them already, as previous tables weigh most; this makes
    it certain): whoever was given a pinned meeting's table takes the table the pinned one was given."""
    for m in pins:
        slot, table = placed[m.request_id]
        if table == m.table:
            continue
        holder = next((pk for pk, (s, t) in placed.items() if s.pk == slot.pk and t == m.table), None)
        if holder is not None:
            placed[holder] = (slot, table)
        placed[m.request_id] = (slot, m.table)


class Seats:
    """Who holds which (slot, table) of the event while meetings are written, so that "one meeting per table
    and slot" holds after every single write: a cancelled meeting keeps its row (for the report) but gives up its
    table to a live one, parked on a number above the room's tables."""

    def __init__(self, event: Event):
        self.event = event
        self.held: dict[tuple[int, int], tuple[int, str]] = {
            (slot, table): (pk, status)
            for pk, slot, table, status in Meeting.objects.filter(event=event).values_list(
                "pk", "slot_id", "table", "status"
            )
        }

    def park_number(self, slot_id: int) -> int:
        top = max((t for s, t in self.held if s == slot_id), default=0)
        return max(top, self.event.tables) + 1

    def free_for(self, slot_id: int, table: int, pk: int | None = None) -> bool:
        holder = self.held.get((slot_id, table))
        if holder is None or holder[0] == pk:
            return True
        if holder[1] != MeetingStatus.CANCELLED:
            return False
        parked = Meeting.objects.get(pk=holder[0])
        self.move(parked, slot_id, self.park_number(slot_id))
        return True

    def move(self, meeting: Meeting, slot_id: int, table: int, write: bool = True) -> None:
        self.held.pop((meeting.slot_id, meeting.table), None)
        meeting.slot_id, meeting.table = slot_id, table
        self.held[(slot_id, table)] = (meeting.pk, meeting.status)
        if write:
            meeting.save(update_fields=["slot", "table", "updated_at"])


def place_rows(
    event: Event,
    moves: list[tuple[Meeting, Slot, int]],
    new: Iterable[tuple[MeetingRequest | int, Slot, int]] = (),
    confirmed: bool = False,
) -> list[Meeting]:
    """Move meetings to their (slot, table), then create the `new` ones (request or its pk, slot, table), without ever
    breaking "one meeting per table and slot" on the way: a meeting goes once its place is free; a cycle of
    swaps parks one of them first. Returns the created meetings."""
    seats = Seats(event)
    pending = {m.pk: (m, slot, table) for m, slot, table in moves}
    rounds = 0
    while pending:
        rounds += 1
        if rounds > 3 * len(moves) + 3:
            raise ValidationError("排程写入时桌位冲突，请重新排程")
        progress = False
        for pk, (m, slot, table) in list(pending.items()):
            if not seats.free_for(slot.pk, table, pk):
                continue
            seats.move(m, slot.pk, table)
            m.slot = slot
            del pending[pk]
            progress = True
        if not progress:  # a cycle: park one meeting above the room's tables for a moment
            m, _, _ = next(iter(pending.values()))
            number = seats.park_number(m.slot_id)
            Meeting.objects.filter(pk=m.pk).update(table=number)
            seats.move(m, m.slot_id, number, write=False)
    created = []
    for request, slot, table in new:
        if not seats.free_for(slot.pk, table):
            raise ValidationError("排程写入时桌位冲突，请重新排程")
        which = {"request": request} if isinstance(request, MeetingRequest) else {"request_id": request}
        meeting = Meeting.objects.create(event=event, slot=slot, table=table, confirmed=confirmed, **which)
        seats.held[(slot.pk, table)] = (meeting.pk, meeting.status)
        created.append(meeting)
    return created


def evaluate(event: Event, at: datetime | None = None) -> Summary | None:
    """The stored schedule as the engine sees it: weight, meetings, and why each accepted request is not in it
    (None when the stored meetings no longer fit the registrations; re-running the schedule mends that)."""
    slots = event_slots(event)
    if not slots or event.tables < 1:
        return None
    existing = list(Meeting.objects.filter(event=event, status__in=LIVE).select_related("slot", "request"))
    data, index = _instance(event, pins=existing)
    try:
        now = _now_code(event, slots, at)
    except ValidationError:
        now = None
    rows = []
    for m in existing:
        a, b, s = _row(m)
        if frozenset((a, b)) not in index.requests:
            return None
        rows.append([a, b, s, m.table])
    try:
        replan = _replan_rows(data, rows, now)
    except InstanceError:
        return None
    summary = Summary(placed=len(rows), total=replan.plan.total, kept=sum(1 for m in existing if m.confirmed))
    for u in replan.plan.unplaced:
        summary.unplaced.append(UnplacedRequest(index.request(u.a, u.b), u.reason, index.readable(u.message)))
    return summary


# --- publishing ---------------------------------------------------------------------------------------------------


def publish(operator, event: Event) -> int:
    """Confirm every scheduled meeting and send each participant its agenda (those with accepted requests but no
    meeting are told too). Returns how many meetings were newly confirmed."""
    if not permissions.can_manage(operator, event):
        raise PermissionDenied("只有管委会可以发布日程")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.phase not in PHASES:
            raise ValidationError({"phase": ["只有在预约洽谈、排程或活动当天阶段才能发布日程"]})
        meetings = list(
            Meeting.objects.filter(event=event, status=MeetingStatus.SCHEDULED).select_related(
                "slot__session",
                "request__sender__organisation",
                "request__receiver__organisation",
                "request__sender__user",
                "request__receiver__user",
            )
        )
        if not meetings:
            raise ValidationError("还没有排定的洽谈，请先排程")
        fresh = [m for m in meetings if not m.confirmed]
        for m in fresh:
            m.confirmed = True
            m.save(update_fields=["confirmed", "updated_at"])
        per_side: dict[int, list[Meeting]] = defaultdict(list)
        registrations: dict[int, Registration] = {}
        for m in meetings:
            for side in (m.request.sender, m.request.receiver):
                per_side[side.pk].append(m)
                registrations[side.pk] = side
        for pk, mine in per_side.items():
            registration = registrations[pk]
            lines = []
            for m in sorted(mine, key=lambda m: m.slot.starts_at):
                other = m.request.receiver if m.request.sender_id == pk else m.request.sender
                lines.append(f"{slot_label(m.slot)} · {m.table}号桌 · {other.organisation.name}")
            notifications.notify(
                [registration.user],
                EVENT_AGENDA.code,
                registration,
                title=f"“{event.title}”洽谈日程已发布：您共有 {len(mine)} 场洽谈",
                body="\n".join(lines),
                url=agenda_url(event),
                actor=operator,
            )
        waiting = (
            event.registrations.filter(status=RegistrationStatus.APPROVED)
            .exclude(pk__in=per_side.keys())
            .filter(pk__in=_with_accepted(event))
            .select_related("user")
        )
        for registration in waiting:
            notifications.notify(
                [registration.user],
                EVENT_AGENDA.code,
                registration,
                title=f"“{event.title}”洽谈日程已发布：您的洽谈未能排入",
                body="您已接受的洽谈因时段或桌位限制未能安排，可在活动当天与管委会联系。",
                url=agenda_url(event),
                actor=operator,
            )
    return len(fresh)


def _with_accepted(event: Event) -> set[int]:
    accepted = MeetingRequest.objects.filter(event=event, status=RequestStatus.ACCEPTED)
    return set(accepted.values_list("sender", flat=True)) | set(accepted.values_list("receiver", flat=True))
