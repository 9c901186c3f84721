"""Registering for an event (报名), editing and withdrawing a registration, and the operator's review.

Sign-ups are taken in the 报名 phase only (`permissions.can_register`). Late sign-ups during 预约洽谈 are not
taken: booking already runs during 报名 for the approved participants (`permissions.booking_open`), so an
operator who still wants sign-ups keeps the event in 报名 while the early participants book. A registration is
made by a user who belongs to the organisation, once per organisation and event; it names the event's own
sessions the organisation can attend, at most as many meetings as those sessions have slots, and the
organisation's own published achievements (offers) and demands (seeks). The operator approves it within the
cap of its participant type (`Event.caps`).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.membership import organisation_ids
from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.models import Achievement, Demand, Organisation
from hardtech.events import permissions
from hardtech.events.choices import ParticipantType, Phase, RegistrationStatus, RequestStatus
from hardtech.events.models import Event, MeetingRequest, Registration, Session
from hardtech.events.services.day import call_off
from hardtech.notifications import services as notifications
from hardtech.notifications.kinds import Delivery, register_kind

EVENT_REGISTRATION = register_kind(
    "event.registration", "对接活动报名审核", Delivery.EMAIL, "您的对接活动报名通过或未通过审核"
)
EVENT_SIGNUP = register_kind("event.signup", "对接活动新报名", Delivery.INBOX, "您组织的对接活动收到新的报名")

# What a registrant may change after signing up (the type only while the registration awaits review).
EDITABLE = (
    "type",
    "offers",
    "seeks",
    "sessions",
    "max_meetings",
    "auto_accept",
    "contact_name",
    "contact_phone",
    "interests",
)
# Registrations are edited and reviewed until the schedule is made.
OPEN_PHASES = (Phase.REGISTRATION, Phase.BOOKING)


def mine_url(event: Event) -> str:
    return reverse("events:mine", args=[event.pk])


def published_achievements(organisation: Organisation):
    return Achievement.objects.filter(organisations=organisation, status=ListingStatus.PUBLISHED)


def published_demands(organisation: Organisation):
    return Demand.objects.filter(enterprise=organisation, status=ListingStatus.PUBLISHED)


def slot_total(sessions: Iterable[Session]) -> int:
    return sum(s.slot_count for s in sessions)


def _validate(
    event: Event,
    organisation: Organisation,
    *,
    type: str,
    offers: list[Achievement],
    seeks: list[Demand],
    sessions: list[Session],
    max_meetings: int | None,
) -> dict[str, list[str]]:
    """The refusals shared by registering and editing, by field."""
    errors: dict[str, list[str]] = {}
    if type not in ParticipantType.values:
        errors["type"] = ["请选择参会方类型"]
    if not sessions:
        errors["sessions"] = ["请至少选择一个可参加的洽谈场次"]
    elif foreign := [s for s in sessions if s.event_id != event.pk]:
        labels = "、".join(s.label for s in foreign)
        errors["sessions"] = [f"可参加时间须为本活动的洽谈场次，“{labels}”不是本活动的场次"]
    elif max_meetings is not None and max_meetings > (total := slot_total(sessions)):
        errors["max_meetings"] = [f"最多洽谈场次不能超过所选场次的总轮数（{total} 轮）"]
    if max_meetings is not None and max_meetings < 1:
        errors["max_meetings"] = ["最多洽谈场次至少为 1"]
    own = set(published_achievements(organisation).values_list("pk", flat=True))
    if stray := [a for a in offers if a.pk not in own]:
        titles = "、".join(f"“{a.title}”" for a in stray)
        errors["offers"] = [f"只能关联本机构已发布的科技成果：{titles}不是"]
    own = set(published_demands(organisation).values_list("pk", flat=True))
    if stray := [d for d in seeks if d.pk not in own]:
        titles = "、".join(f"“{d.title}”" for d in stray)
        errors["seeks"] = [f"只能关联本机构已发布的技术需求：{titles}不是"]
    return errors


def _notify_registrant(registration: Registration, actor, title: str, body: str = "") -> None:
    notifications.notify(
        [registration.user],
        EVENT_REGISTRATION.code,
        registration,
        title=title,
        body=body,
        url=mine_url(registration.event),
        actor=actor,
    )


def register(
    user,
    event: Event,
    organisation: Organisation,
    type: str,
    offers: Iterable[Achievement] = (),
    seeks: Iterable[Demand] = (),
    sessions: Iterable[Session] = (),
    max_meetings: int | None = None,
    auto_accept: bool = False,
    contact_name: str = "",
    contact_phone: str = "",
    interests: str = "",
) -> Registration:
    """Sign an organisation up (待审核). A withdrawn registration of the organisation is taken up again."""
    if organisation.pk not in organisation_ids(user):
        raise PermissionDenied("只能以您所属的机构报名")
    if event.phase != Phase.REGISTRATION:
        raise ValidationError({"phase": [f"活动当前为“{event.get_phase_display()}”阶段，不在报名期内"]})
    if event.registration_deadline and timezone.now() > event.registration_deadline:
        deadline = timezone.localtime(event.registration_deadline)
        raise ValidationError({"phase": [f"报名已于 {deadline:%Y-%m-%d %H:%M} 截止"]})
    offers, seeks, sessions = list(offers), list(seeks), list(sessions)
    if max_meetings is None:
        max_meetings = min(event.default_max_meetings, slot_total(sessions) or event.default_max_meetings)
    errors = _validate(
        event,
        organisation,
        type=type,
        offers=offers,
        seeks=seeks,
        sessions=sessions,
        max_meetings=max_meetings,
    )
    with transaction.atomic():
        existing = (
            Registration.objects.select_for_update().filter(event=event, organisation=organisation).first()
        )
        if existing is not None and existing.status != RegistrationStatus.WITHDRAWN:
            errors.setdefault("organisation", []).append(
                f"“{organisation.name}”已报名本活动，每个机构只能报名一次"
            )
        if errors:
            raise ValidationError(errors)
        registration = existing or Registration(event=event, organisation=organisation)
        registration.user = user
        registration.type = type
        registration.status = RegistrationStatus.PENDING
        registration.max_meetings = max_meetings
        registration.auto_accept = bool(auto_accept)
        registration.contact_name = contact_name.strip()
        registration.contact_phone = contact_phone.strip()
        registration.interests = interests.strip()
        registration.review_note = ""
        registration.reviewed_by = None
        registration.full_clean(exclude=["event", "organisation", "user"])
        try:
            with transaction.atomic():  # two sign-ups of one organisation at once: the second is refused
                registration.save()
        except IntegrityError as exc:
            message = f"“{organisation.name}”已报名本活动，每个机构只能报名一次"
            raise ValidationError({"organisation": [message]}) from exc
        registration.offers.set(offers)
        registration.seeks.set(seeks)
        registration.sessions.set(sessions)
        if event.organiser_id:
            notifications.notify(
                [event.organiser],
                EVENT_SIGNUP.code,
                registration,
                title=f"“{organisation.name}”报名了“{event.title}”",
                body=f"参会方类型：{registration.get_type_display()}，待审核",
                url=reverse("events:registrations", args=[event.pk]),
                actor=user,
            )
    return registration


def update_registration(user, registration: Registration, changes: Mapping[str, Any]) -> Registration:
    """Change what the registration offers, seeks, when it is free, how many meetings, the contact."""
    if not permissions.can_edit_registration(user, registration):
        raise PermissionDenied("无权修改该报名")
    if unknown := set(changes) - set(EDITABLE):
        raise ValidationError({name: ["该字段不能在此修改"] for name in unknown})
    event = registration.event
    if event.phase not in OPEN_PHASES:
        raise ValidationError({"phase": [f"活动已进入“{event.get_phase_display()}”阶段，报名不能再修改"]})
    if registration.status == RegistrationStatus.WITHDRAWN:
        raise ValidationError({"status": ["该报名已撤回"]})
    if (
        "type" in changes
        and changes["type"] != registration.type
        and registration.status != RegistrationStatus.PENDING
        and not permissions.can_review(user, registration)
    ):
        raise ValidationError({"type": ["审核后不能再更改参会方类型，请联系管委会"]})
    values = {
        "type": registration.type,
        "offers": list(registration.offers.all()),
        "seeks": list(registration.seeks.all()),
        "sessions": list(registration.sessions.all()),
        "max_meetings": registration.max_meetings,
    }
    for name in values:
        if name in changes:
            values[name] = list(changes[name]) if name in ("offers", "seeks", "sessions") else changes[name]
    errors = _validate(event, registration.organisation, **values)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if (
            values["type"] != current.type
            and current.status == RegistrationStatus.APPROVED
            and (error := _over_cap(event, values["type"], exclude=current.pk))
        ):
            raise ValidationError({"type": [error]})
        fields = []
        for name in ("type", "max_meetings", "auto_accept", "contact_name", "contact_phone", "interests"):
            if name in changes:
                value = changes[name].strip() if isinstance(changes[name], str) else changes[name]
                if getattr(current, name) != value:
                    setattr(current, name, value)
                    fields.append(name)
        current.full_clean(exclude=["event", "organisation", "user"])
        if fields:
            current.save(update_fields=fields)
        for name in ("offers", "seeks", "sessions"):
            if name in changes:
                getattr(current, name).set(values[name])
    return current


def _open_requests(registration: Registration):
    return MeetingRequest.objects.filter(
        Q(sender=registration) | Q(receiver=registration),
        status__in=(RequestStatus.SENT, RequestStatus.ACCEPTED),
    ).select_related("sender__user", "receiver__user")


def withdraw(user, registration: Registration) -> Registration:
    """Withdraw a registration before scheduling; its open requests end (withdrawn when it sent them,
    declined when it received them) and the other sides are told."""
    if not permissions.can_edit_registration(user, registration):
        raise PermissionDenied("无权撤回该报名")
    event = registration.event
    if event.phase not in OPEN_PHASES:
        raise ValidationError({"phase": ["排程开始后不能撤回报名，请联系管委会"]})
    from hardtech.events.services.requests import EVENT_REQUEST_ANSWER  # the requests' kind

    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.WITHDRAWN:
            return current
        current.status = RegistrationStatus.WITHDRAWN
        current.save(update_fields=["status"])
        now = timezone.now()
        ended = list(_open_requests(current))
        call_off(user, ended, f"“{current.organisation.name}”已退出活动")
        for request in ended:
            mine = request.sender_id == current.pk
            request.status = RequestStatus.WITHDRAWN if mine else RequestStatus.DECLINED
            request.responded_at = now
            request.save(update_fields=["status", "responded_at"])
            other = request.receiver if mine else request.sender
            notifications.notify(
                [other.user],
                EVENT_REQUEST_ANSWER.code,
                request,
                title=f"“{current.organisation.name}”已退出“{event.title}”，与其的洽谈取消",
                url=mine_url(event),
                actor=user,
            )
    return current


def _over_cap(event: Event, type_: str, exclude: int | None = None) -> str:
    """The refusal when one more approved registration of this type would pass the event's cap, else ""."""
    cap = (event.caps or {}).get(type_)
    if cap is None:
        return ""
    approved = event.registrations.filter(type=type_, status=RegistrationStatus.APPROVED)
    if exclude is not None:
        approved = approved.exclude(pk=exclude)
    if approved.count() >= cap:
        return f"“{ParticipantType(type_).label}”名额已满（上限 {cap} 家），不能再通过"
    return ""


def review(operator, registration: Registration, approve: bool, note: str = "") -> Registration:
    """The operator approves (within the type's cap) or rejects (with a reason) a registration."""
    if not permissions.can_review(operator, registration):
        raise PermissionDenied("只有管委会可以审核报名")
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"note": ["请填写未通过的理由"]})
    with transaction.atomic():
        # The event's row is the lock under which two approvals count the same cap one after the other.
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if event.phase not in OPEN_PHASES:
            raise ValidationError({"phase": [f"活动已进入“{event.get_phase_display()}”阶段，不能再审核报名"]})
        if current.status == RegistrationStatus.WITHDRAWN:
            raise ValidationError({"status": ["该报名已撤回"]})
        target = RegistrationStatus.APPROVED if approve else RegistrationStatus.REJECTED
        over = (
            _over_cap(event, current.type)
            if approve and current.status != RegistrationStatus.APPROVED
            else ""
        )
        if over:
            raise ValidationError({"type": [over]})
        current.status = target
        current.review_note = note
        current.reviewed_by = operator
        current.save(update_fields=["status", "review_note", "reviewed_by"])
        verdict = "已通过审核，可以开始预约洽谈" if approve else "未通过审核"
        _notify_registrant(
            current, operator, f"您报名的“{event.title}”{verdict}", f"审核意见：{note}" if note else ""
        )
    return current


def counts_by_type(event: Event) -> list[dict]:
    """Per participant type: approved, pending and the cap (None: no cap) — for the operator's page and API."""
    rows = event.registrations.values("type", "status")
    out = []
    for value, label in ParticipantType.choices:
        approved = sum(1 for r in rows if r["type"] == value and r["status"] == RegistrationStatus.APPROVED)
        pending = sum(1 for r in rows if r["type"] == value and r["status"] == RegistrationStatus.PENDING)
        out.append(
            {
                "type": value,
                "label": label,
                "approved": approved,
                "pending": pending,
                "cap": (event.caps or {}).get(value),
            }
        )
    return out


def slots_of(registration: Registration) -> int:
    return registration.sessions.aggregate(n=Sum("slot_count"))["n"] or 0
