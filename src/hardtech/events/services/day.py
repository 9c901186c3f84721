"""The event day (活动当天): check-in by badge, late arrivals and cancellations, meetings held or missed.

    check_in(operator, badge_code) → CheckIn             idempotent; an unknown code is refused with a message
    mark_late(operator, registration, arrives_at) → DayReplan
    cancel(user, registration_or_meeting) → DayReplan     the operator, or the participant for itself
    set_meeting_status(user, meeting, "held" | "no_show")  either side or the operator

A late arrival or a cancellation re-plans the rest of the day through the engine's re-planning
(hardtech.engines.schedule.reschedule): slots that have started are history and never change; a meeting that is
still possible stays where it is; a displaced one moves with as few moves as possible; one that cannot be kept is
cancelled with the reason; freed places go to accepted requests not yet scheduled, without moving anyone. Only the
meetings that change are written, and the people whose published meetings changed are told.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hardtech.engines.schedule import Changes, InstanceError, parse_instance, reschedule
from hardtech.events import permissions
from hardtech.events.choices import MeetingStatus, Phase, RegistrationStatus
from hardtech.events.models import Event, Meeting, Registration, Slot
from hardtech.events.services.scheduling import (
    LIVE,
    PHASES,
    _instance,
    _row,
    agenda_url,
    event_slots,
    first_open_slot,
    place_rows,
    slot_label,
)
from hardtech.notifications import services as notifications
from hardtech.notifications.kinds import Delivery, register_kind

EVENT_AGENDA_CHANGE = register_kind(
    "event.agenda_change", "洽谈日程调整", Delivery.EMAIL, "活动当天您的洽谈改时、换桌、新增或取消"
)

CHECK_IN_PHASES = (Phase.SCHEDULING, Phase.DAY)
STATUS_PHASES = (Phase.DAY, Phase.FOLLOW_UP)
UNKNOWN_BADGE = "未找到该胸牌码对应的报名，请核对胸牌"


# --- check-in -----------------------------------------------------------------------------------------------------


@dataclass
class CheckIn:
    registration: Registration
    first: bool  # False: already checked in (nothing changed)


def registration_of_badge(badge_code) -> Registration:
    """The registration of a badge code (a UUID, as text or not); refused with a message when unknown."""
    try:
        code = badge_code if isinstance(badge_code, uuid.UUID) else uuid.UUID(str(badge_code).strip())
    except (ValueError, AttributeError, TypeError):
        raise ValidationError(UNKNOWN_BADGE) from None
    registration = (
        Registration.objects.select_related("event", "organisation", "user").filter(badge_code=code).first()
    )
    if registration is None:
        raise ValidationError(UNKNOWN_BADGE)
    return registration


def check_in(operator, badge_code, *, at: datetime | None = None) -> CheckIn:
    registration = registration_of_badge(badge_code)
    event = registration.event
    if not permissions.can_manage(operator, event):
        raise PermissionDenied("只有管委会可以办理签到")
    if event.phase not in CHECK_IN_PHASES:
        raise ValidationError("活动尚未开始或已结束，不能签到")
    if registration.status != RegistrationStatus.APPROVED:
        raise ValidationError(
            f"“{registration.organisation.name}”的报名{registration.get_status_display()}，不能签到"
        )
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.checked_in_at is not None:
            registration.checked_in_at = current.checked_in_at
            return CheckIn(registration, False)
        current.checked_in_at = at or timezone.now()
        current.save(update_fields=["checked_in_at"])
    registration.checked_in_at = current.checked_in_at
    return CheckIn(registration, True)


# --- re-planning --------------------------------------------------------------------------------------------------


@dataclass
class Change:
    meeting: Meeting
    kind: str  # moved | table | cancelled | dropped | added
    before: str = ""
    after: str = ""
    reason: str = ""

    LABELS = {"moved": "改时", "table": "换桌", "cancelled": "取消", "dropped": "无法保留", "added": "新增"}

    @property
    def label(self) -> str:
        return self.LABELS[self.kind]

    @property
    def pair(self) -> str:
        request = self.meeting.request
        return f"{request.sender.organisation.name} 与 {request.receiver.organisation.name}"

    def describe(self) -> str:
        if self.kind in ("moved", "table"):
            return f"{self.pair}：由 {self.before} 调整为 {self.after}"
        if self.kind == "added":
            return f"{self.pair}：新增洽谈 {self.after}"
        return f"{self.pair}（{self.before}）：{self.reason or '已取消'}"


@dataclass
class DayReplan:
    changes: list[Change] = field(default_factory=list)
    note: str = ""

    def of(self, *kinds: str) -> list[Change]:
        return [c for c in self.changes if c.kind in kinds]

    @property
    def moved(self) -> list[Change]:
        return self.of("moved", "table")

    @property
    def dropped(self) -> list[Change]:
        return self.of("dropped")

    @property
    def added(self) -> list[Change]:
        return self.of("added")

    def as_dict(self) -> dict:
        return {
            "note": self.note,
            "changes": [{"label": c.label, "kind": c.kind, "text": c.describe()} for c in self.changes],
        }


def _where(slot: Slot, table: int) -> str:
    return f"{slot_label(slot)} {table}号桌"


def _live(event: Event) -> list[Meeting]:
    return list(
        Meeting.objects.filter(event=event, status__in=LIVE).select_related(
            "slot__session",
            "request__sender__organisation",
            "request__receiver__organisation",
            "request__sender__user",
            "request__receiver__user",
        )
    )


def replan_day(
    actor, event: Event, *, cancel: tuple[Meeting, ...] = (), at: datetime | None = None
) -> DayReplan:
    """Re-plan the rest of the day after a change already written (a late arrival, a withdrawn registration), or
    with the meetings in `cancel` called off. Runs inside the caller's transaction."""
    at = at or timezone.now()
    slots = event_slots(event)
    open_slot = first_open_slot(slots, at)
    existing = _live(event)
    cancel_ids = {m.pk for m in cancel}
    result = DayReplan()
    if open_slot is None:  # the day's slots have all started: nothing left to re-plan
        for m in existing:
            if m.pk in cancel_ids:
                _set_cancelled(m)
                result.changes.append(Change(m, "cancelled", before=_where(m.slot, m.table)))
        result.note = "今天的洽谈时段均已开始，未重新排程"
        _tell(actor, event, result)
        return result
    data, index = _instance(event, late=False, absent_too=True, pins=existing)
    rows, orphans = [], []
    for m in existing:
        a, b, s = _row(m)
        if frozenset((a, b)) in index.requests and index.request(a, b).pk == m.request_id:
            rows.append([a, b, s, m.table])
        elif m.slot.starts_at >= open_slot.starts_at:
            orphans.append(m)  # its request was withdrawn or a side left: called off
    absent, late = [], {}
    for code, registration in index.registrations.items():
        if registration.status != RegistrationStatus.APPROVED:
            absent.append(code)
        elif registration.arrives_at:
            first = first_open_slot(slots, registration.arrives_at)
            if first is None:
                absent.append(code)
            elif first.pk != slots[0].pk:
                late[code] = first.code
    cancelled = [tuple(_row(m)[:2]) for m in existing if m.pk in cancel_ids and m not in orphans]
    try:
        replan = reschedule(
            parse_instance(data),
            rows,
            Changes(now=open_slot.code, cancelled=cancelled, absent=absent, late=late, fill=True),
        )
    except InstanceError as exc:
        raise ValidationError(f"无法重新排程：{index.readable(str(exc))}") from exc
    placed: dict[int, tuple[Slot, int]] = {}
    for a, b, s, t in replan.plan.to_json(detail=True)["tables"]:
        placed[index.request(a, b).pk] = (index.slot_by_code[s], t)
    reasons = {frozenset((a, b)): index.readable(why) for a, b, _, why in replan.dropped}
    published = any(m.confirmed for m in existing)
    by_request = {m.request_id: m for m in existing}
    for m in existing:
        if m.request_id in placed or m.slot.starts_at < open_slot.starts_at:
            continue
        a, b, _ = _row(m)
        before = _where(m.slot, m.table)
        _set_cancelled(m)
        if m.pk in cancel_ids:
            result.changes.append(Change(m, "cancelled", before=before, reason="已取消"))
        elif m in orphans:
            result.changes.append(Change(m, "cancelled", before=before, reason="洽谈邀请已撤回或一方已退出"))
        else:
            why = reasons.get(frozenset((a, b)), "今天余下的时段里已无法安排")
            result.changes.append(Change(m, "dropped", before=before, reason=why))
    moves = []
    for pk, (slot, table) in placed.items():
        m = by_request.get(pk)
        if m is None or (m.slot_id, m.table) == (slot.pk, table):
            continue
        if (
            m.slot.starts_at < open_slot.starts_at
        ):  # history never changes (the engine keeps it; belt and braces)
            continue
        kind = "moved" if m.slot_id != slot.pk else "table"
        result.changes.append(Change(m, kind, before=_where(m.slot, m.table), after=_where(slot, table)))
        moves.append((m, slot, table))
    requests = {r.pk: r for r in index.requests.values()}
    new = [(requests[pk], slot, table) for pk, (slot, table) in placed.items() if pk not in by_request]
    for m in place_rows(event, moves, new, confirmed=published):
        m = Meeting.objects.select_related(
            "slot__session",
            "request__sender__organisation",
            "request__receiver__organisation",
            "request__sender__user",
            "request__receiver__user",
        ).get(pk=m.pk)
        result.changes.append(Change(m, "added", after=_where(m.slot, m.table)))
    _tell(actor, event, result)
    return result


def _set_cancelled(m: Meeting) -> None:
    m.status = MeetingStatus.CANCELLED
    m.save(update_fields=["status", "updated_at"])


def call_off(actor, requests, reason: str) -> list[Meeting]:
    """The scheduled meetings of these (withdrawn or declined) requests cancelled, as `cancel` cancels one (the
    table number kept, the status 已取消); both sides of a published one are told it is off. Runs inside the
    caller's transaction."""
    meetings = list(
        Meeting.objects.select_for_update()
        .filter(request__in=[r.pk for r in requests], status=MeetingStatus.SCHEDULED)
        .select_related(
            "event",
            "slot__session",
            "request__sender__organisation",
            "request__receiver__organisation",
            "request__sender__user",
            "request__receiver__user",
        )
    )
    for m in meetings:
        _set_cancelled(m)
        if not m.confirmed:
            continue
        a, b = m.request.sender, m.request.receiver
        for side, other in ((a, b), (b, a)):
            notifications.notify(
                [side.user],
                EVENT_AGENDA_CHANGE.code,
                side,
                title=f"“{m.event.title}”您与“{other.organisation.name}”的洽谈已取消",
                body=f"{_where(m.slot, m.table)}：{reason}",
                url=agenda_url(m.event),
                actor=actor,
            )
    return meetings


def _tell(actor, event: Event, result: DayReplan) -> None:
    """One notification per participant whose published meetings changed, listing the changes."""
    lines: dict[int, list[str]] = defaultdict(list)
    users = {}
    for change in result.changes:
        if not change.meeting.confirmed:
            continue
        for side in (change.meeting.request.sender, change.meeting.request.receiver):
            lines[side.pk].append(f"{change.label}：{change.describe()}")
            users[side.pk] = side
    for pk, text in lines.items():
        registration = users[pk]
        notifications.notify(
            [registration.user],
            EVENT_AGENDA_CHANGE.code,
            registration,
            title=f"“{event.title}”您的洽谈日程有调整（{len(text)} 项）",
            body="\n".join(text),
            url=agenda_url(event),
            actor=actor,
        )


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def mark_late(operator, registration: Registration, arrives_at: datetime | None, *, at=None) -> DayReplan:
    """A participant arrives late (at `arrives_at`; None: on time after all): its meetings before then move."""
    event = registration.event
    if not permissions.can_manage(operator, event):
        raise PermissionDenied("只有管委会可以登记迟到")
    if arrives_at is not None and timezone.is_naive(arrives_at):
        arrives_at = timezone.make_aware(arrives_at)
    with transaction.atomic():
        event = _locked_event(event)
        if event.phase not in CHECK_IN_PHASES:
            raise ValidationError("只有在排程或活动当天阶段才能登记迟到")
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status != RegistrationStatus.APPROVED:
            raise ValidationError(f"“{current.organisation.name}”的报名{current.get_status_display()}")
        current.arrives_at = arrives_at
        current.save(update_fields=["arrives_at"])
        registration.arrives_at = arrives_at
        return replan_day(operator, event, at=at)


def cancel(user, target: Registration | Meeting, *, at: datetime | None = None) -> DayReplan:
    """Call off one meeting (either side or the operator), or a participant's whole day (the participant or the
    operator: the registration is withdrawn); the rest of the day is re-planned."""
    at = at or timezone.now()
    if isinstance(target, Meeting):
        meeting = Meeting.objects.select_related("slot", "event", "request").get(pk=target.pk)
        if not permissions.can_record_outcome(user, meeting):
            raise PermissionDenied("只有洽谈双方或管委会可以取消洽谈")
        with transaction.atomic():
            event = _locked_event(meeting.event)
            if event.phase not in PHASES:
                raise ValidationError("当前阶段不能取消洽谈")
            meeting = Meeting.objects.select_for_update().select_related("slot").get(pk=meeting.pk)
            if meeting.status != MeetingStatus.SCHEDULED:
                raise ValidationError(f"该洽谈{meeting.get_status_display()}，不能取消")
            if meeting.slot.starts_at < at:
                raise ValidationError("该洽谈已开始或已结束，不能取消；可将其记为未到场")
            return replan_day(user, event, cancel=(meeting,), at=at)
    registration = Registration.objects.select_related("event", "organisation").get(pk=target.pk)
    if not permissions.can_edit_registration(user, registration):
        raise PermissionDenied("只有参会方本身或管委会可以取消参会")
    with transaction.atomic():
        event = _locked_event(registration.event)
        if event.phase not in PHASES:
            raise ValidationError("当前阶段不能在此取消参会")
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status != RegistrationStatus.APPROVED:
            raise ValidationError(f"“{registration.organisation.name}”的报名{current.get_status_display()}")
        current.status = RegistrationStatus.WITHDRAWN
        current.save(update_fields=["status"])
        registration.status = current.status
        return replan_day(user, event, at=at)


def set_meeting_status(user, meeting: Meeting, status: str, *, at: datetime | None = None) -> Meeting:
    """已举行 or 未到场, by either side or the operator, once the meeting's slot has started."""
    if status not in (MeetingStatus.HELD, MeetingStatus.NO_SHOW):
        raise ValidationError("只能记为“已举行”或“未到场”")
    meeting = Meeting.objects.select_related("slot", "event", "request").get(pk=meeting.pk)
    if not permissions.can_record_outcome(user, meeting):
        raise PermissionDenied("只有洽谈双方或管委会可以登记洽谈情况")
    if meeting.event.phase not in STATUS_PHASES:
        raise ValidationError("活动当天或跟进阶段才能登记洽谈情况")
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("该洽谈已取消")
    if meeting.slot.starts_at > (at or timezone.now()):
        raise ValidationError("洽谈尚未开始")
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if current.status != status:
            current.status = status
            current.save(update_fields=["status", "updated_at"])
    return current
