"""An event's phases, declared here and run by hardtech.core.workflow (the operator takes every step):

    筹备 → 报名 → 预约洽谈 → 排程 → 活动当天 → 跟进 → 已结束

Registration opens the public page to sign-ups; booking lets approved participants send and answer meeting
requests; scheduling places the accepted ones (hardtech.events.scheduling); on the day participants are checked in
and the schedule re-planned around cancellations and late arrivals; in follow-up both sides record outcomes.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse

from hardtech.core.workflow import Note, State, Step, Transition, Workflow
from hardtech.events import permissions
from hardtech.events.choices import Phase
from hardtech.events.models import Event


def may_manage(user, event: Event) -> bool:
    """管委会"""
    return permissions.can_manage(user, event)


def _has_sessions(event: Event, step: Step) -> list[str]:
    if not event.sessions.exists():
        raise ValidationError({"phase": ["请先设置至少一个洽谈场次，再开放报名"]})
    return []


def _step(name: str, label: str, source: Phase, target: Phase, **options) -> Transition:
    return Transition(name, label, (source,), target, who=may_manage, note=Note.OPTIONAL, **options)


EVENT = Workflow(
    "event",
    "对接活动",
    states=tuple(State(p.value, p.label) for p in Phase),
    transitions=(
        _step("open_registration", "开放报名", Phase.SETUP, Phase.REGISTRATION, effect=_has_sessions),
        _step("open_booking", "开放预约洽谈", Phase.REGISTRATION, Phase.BOOKING),
        _step("start_scheduling", "截止预约并排程", Phase.BOOKING, Phase.SCHEDULING),
        _step("start_day", "活动开始", Phase.SCHEDULING, Phase.DAY),
        _step("follow_up", "进入跟进", Phase.DAY, Phase.FOLLOW_UP),
        _step("close", "结束活动", Phase.FOLLOW_UP, Phase.CLOSED, confirm="结束“{obj}”？"),
    ),
    field="phase",
    note_field="phase_note",
    version_field="version",
    page=lambda obj: reverse("events:detail", args=[obj.pk]),
)
