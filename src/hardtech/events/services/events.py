"""Set up an event: its details, programme and matchmaking sessions (each cut into slots)."""

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from hardtech.catalogue.services import Conflict
from hardtech.core.workflow import run
from hardtech.events import permissions, workflow
from hardtech.events.choices import Phase, ProgrammeKind
from hardtech.events.models import Event, ProgrammeItem, Session, Slot

EDITABLE = (
    "title",
    "description",
    "venue",
    "starts_on",
    "tables",
    "caps",
    "default_max_meetings",
    "registration_deadline",
    "booking_deadline",
    "public",
)


def _require_manager(user, event: Event | None = None) -> None:
    if not permissions.can_manage(user, event):
        raise PermissionDenied("只有管委会可以组织对接活动")


def create_event(user, fields: Mapping[str, Any]) -> Event:
    _require_manager(user)
    if unknown := set(fields) - set(EDITABLE):
        raise ValidationError({name: ["该字段不能在此设置"] for name in unknown})
    event = Event(organiser=user, **fields)
    event.full_clean()
    event.save()
    return event


def update_event(user, event: Event, fields: Mapping[str, Any], version: int | None = None) -> Event:
    _require_manager(user, event)
    if unknown := set(fields) - set(EDITABLE):
        raise ValidationError({name: ["该字段不能在此修改"] for name in unknown})
    with transaction.atomic():
        current = Event.objects.select_for_update().get(pk=event.pk)
        if version is not None and version != current.version:
            raise Conflict(current, version)
        changed = [k for k, v in fields.items() if getattr(current, k) != v]
        if not changed:
            return current
        for k in changed:
            setattr(current, k, fields[k])
        current.full_clean()
        current.version += 1
        current.save(update_fields=[*changed, "version", "updated_at"])
    return current


ZONE = ZoneInfo("Asia/Shanghai")  # the event's day is a day in the zone's time
BUSY = (ProgrammeKind.TALK, ProgrammeKind.ROADSHOW)  # programme items no session may run beside (not breaks)


def _clock(at: datetime) -> str:
    return f"{at.astimezone(ZONE):%H:%M}"


def _on_the_day(event: Event, starts_at: datetime, ends_at: datetime, what: str) -> None:
    """Refused unless [starts_at, ends_at] lies within the event's day (Asia/Shanghai), midnight included."""
    day = datetime.combine(event.starts_on, time.min, tzinfo=ZONE)
    if not (day <= starts_at < day + timedelta(days=1)):
        day_label = f"{event.starts_on.month}月{event.starts_on.day}日"
        raise ValidationError({"starts_at": [f"{what}须在活动当天（{day_label}）"]})
    if ends_at > day + timedelta(days=1):
        raise ValidationError({"starts_at": [f"{what}不能跨过午夜，须在当天 24:00 前结束"]})


def _session_end(session: Session) -> datetime:
    return session.starts_at + timedelta(minutes=session.slot_minutes * session.slot_count)


def add_session(
    user, event: Event, label: str, starts_at: datetime, slot_minutes: int, slot_count: int
) -> Session:
    """A matchmaking session and its slots; refused once the event is past booking, or when it overlaps another
    session of the event."""
    _require_manager(user, event)
    if event.phase not in (Phase.SETUP, Phase.REGISTRATION, Phase.BOOKING):
        raise ValidationError({"phase": ["排程开始后不能再增加洽谈场次"]})
    session = Session(
        event=event,
        label=label.strip(),
        starts_at=starts_at,
        slot_minutes=slot_minutes,
        slot_count=slot_count,
    )
    session.full_clean()
    ends_at = starts_at + timedelta(minutes=slot_minutes * slot_count)
    _on_the_day(event, starts_at, ends_at, "洽谈场次")
    busy = event.programme.filter(kind__in=BUSY, starts_at__lt=ends_at, ends_at__gt=starts_at)
    if item := busy.order_by("starts_at").first():
        raise ValidationError(
            {
                "starts_at": [
                    f"与{item.get_kind_display()}“{item.title}”（{_clock(item.starts_at)}–{_clock(item.ends_at)}）"
                    "时间重叠；洽谈场次只能与茶歇同时进行"
                ]
            }
        )
    for other in event.sessions.all():
        other_end = other.starts_at + timedelta(minutes=other.slot_minutes * other.slot_count)
        if starts_at < other_end and other.starts_at < ends_at:
            raise ValidationError({"starts_at": [f"与洽谈场次“{other.label}”时间重叠"]})
    with transaction.atomic():
        session.save()
        Slot.objects.bulk_create(
            Slot(
                session=session,
                index=i + 1,
                starts_at=starts_at + timedelta(minutes=slot_minutes * i),
                ends_at=starts_at + timedelta(minutes=slot_minutes * (i + 1)),
            )
            for i in range(slot_count)
        )
    return session


def add_programme_item(user, event: Event, **fields: Any) -> ProgrammeItem:
    """An item of the programme, on the event's day; a talk or a roadshow may not overlap a matchmaking session
    (a break may)."""
    _require_manager(user, event)
    item = ProgrammeItem(event=event, **fields)
    item.full_clean()
    _on_the_day(event, item.starts_at, item.ends_at, "议程")
    if item.kind in BUSY:
        for session in event.sessions.filter(starts_at__lt=item.ends_at):
            if _session_end(session) > item.starts_at:
                raise ValidationError(
                    {
                        "starts_at": [
                            f"与洽谈场次“{session.label}”（{_clock(session.starts_at)}–"
                            f"{_clock(_session_end(session))}）时间重叠；主题报告和路演须避开洽谈场次"
                        ]
                    }
                )
    item.save()
    return item


def move(user, event: Event, transition: str, note: str = "") -> Event:
    """Take a phase step (hardtech.events.workflow)."""
    try:
        workflow.EVENT.transition(transition)
    except LookupError as exc:
        raise ValidationError({"transition": [f"没有“{transition}”这一步"]}) from exc
    return run(workflow.EVENT, transition, user, event, note)
