"""The schedule and the event day: the operator's scheduling page (run, keep confirmed meetings, the summary with
each unplaced request's reason, publish), the table plan (slot × table, printable), a participant's agenda (web,
printable, .ics), the badges with their check-in QR codes, check-in by scanning a badge, the live board of the
current slot (refreshed by static/events/day.js from the JSON view), and the operator's day console (check-in
counts, late arrivals and cancellations re-planned, with the meetings that moved).

Views parse and render; every write is a call to hardtech.events.services.scheduling / day, whose refusals
(PermissionDenied: 403; ValidationError: a message in Chinese) reach the user as they are.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta
from io import BytesIO

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from hardtech.core.views import require
from hardtech.events import permissions
from hardtech.events.choices import MeetingStatus, RegistrationStatus, RequestStatus
from hardtech.events.models import Event, Meeting, Registration, Slot
from hardtech.events.services import day as day_services
from hardtech.events.services import outcomes, scheduling
from hardtech.events.services.scheduling import LIVE, event_slots, slot_label

EXPLAIN_UP_TO = 800  # accepted requests (the reasons take about a second per 800 on this machine)
BOARD_REFRESH_SECONDS = 30


def now() -> datetime:
    """The time the day pages go by (a seam for the tests)."""
    return timezone.now()


def _event(request: HttpRequest, pk: int) -> Event:
    event = get_object_or_404(Event, pk=pk)
    if not permissions.can_view_event(request.user, event):
        raise Http404
    return event


def _managed(request: HttpRequest, pk: int) -> Event:
    event = _event(request, pk)
    require(permissions.can_manage(request.user, event))
    return event


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _meetings(event: Event):
    return Meeting.objects.filter(event=event).select_related(
        "slot__session",
        "request__sender__organisation",
        "request__receiver__organisation",
    )


# --- scheduling ---------------------------------------------------------------------------------------------------


def _summary_key(event: Event) -> str:
    return f"events-schedule-{event.pk}"


@login_required
def schedule_page(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    meetings = list(_meetings(event).filter(status__in=LIVE))
    last = request.session.pop(_summary_key(event), None)
    accepted = event.requests.filter(status=RequestStatus.ACCEPTED).count()
    # Why each request is out, as the engine sees the stored schedule: at once for an event of ordinary size,
    # on asking (?reasons=1) for a very large one.
    explain = bool(meetings) and (accepted <= EXPLAIN_UP_TO or request.GET.get("reasons") == "1")
    current = scheduling.evaluate(event, at=now()) if explain else None
    return render(
        request,
        "events/day_schedule.html",
        {
            "event": event,
            "meetings": len(meetings),
            "confirmed": sum(1 for m in meetings if m.confirmed),
            "unconfirmed": sum(1 for m in meetings if not m.confirmed),
            "accepted": accepted,
            "slots": len(event_slots(event)),
            "last": last,
            "current": current,
            "can_run": event.phase in scheduling.PHASES,
            "explain_link": bool(meetings) and not explain,
            "tabs": tabs(request, event, "schedule"),
        },
    )


@require_POST
@login_required
def schedule_run(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    keep = request.POST.get("keep_confirmed") == "on"
    if not keep and request.POST.get("confirm_drop") != "on":
        messages.error(request, "不保留已确认的洽谈时，请勾选“我确认可以调整或取消已发布的洽谈”")
        return redirect("events:schedule", event.pk)
    try:
        summary = scheduling.run_schedule(request.user, event, keep_confirmed=keep, at=now())
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        request.session[_summary_key(event)] = summary.as_dict()
        messages.success(
            request, f"排程完成：共排定 {summary.placed} 场洽谈，{len(summary.unplaced)} 个邀请未能排入"
        )
    return redirect("events:schedule", event.pk)


@require_POST
@login_required
def schedule_publish(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    try:
        fresh = scheduling.publish(request.user, event)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"日程已发布：新确认 {fresh} 场洽谈，已通知参会双方")
    return redirect("events:schedule", event.pk)


def tabs(request: HttpRequest, event: Event, active: str) -> list[dict]:
    """The operator's schedule-and-day pages."""
    if not permissions.can_manage(request.user, event):
        return []
    items = [
        ("schedule", "排程", "events:schedule"),
        ("table_plan", "桌位表", "events:table_plan"),
        ("badges", "胸牌", "events:badges"),
        ("day", "当天控制台", "events:day"),
        ("board", "现场大屏", "events:board"),
    ]
    return [
        {"label": label, "url": reverse(name, args=[event.pk]), "active": key == active}
        for key, label, name in items
    ]


# --- table plan ---------------------------------------------------------------------------------------------------


@login_required
def table_plan(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    slots = event_slots(event)
    at = defaultdict(dict)
    for m in _meetings(event).filter(status__in=LIVE):
        at[m.slot_id][m.table] = m
    tables = list(range(1, event.tables + 1))
    rows = [{"slot": s, "label": slot_label(s), "cells": [at[s.pk].get(t) for t in tables]} for s in slots]
    return render(
        request,
        "events/day_table_plan.html",
        {"event": event, "tables": tables, "rows": rows, "tabs": tabs(request, event, "table_plan")},
    )


# --- agenda -------------------------------------------------------------------------------------------------------


def _agenda_registration(request: HttpRequest, event: Event) -> Registration:
    """The registration whose agenda is shown: the user's own, or (for those who may see it) the one asked for."""
    asked = request.GET.get("registration")
    if asked:
        if not (asked.isascii() and asked.isdigit()) or len(asked) > 18:
            raise Http404
        registration = get_object_or_404(
            Registration.objects.select_related("organisation"), pk=int(asked), event=event
        )
        require(permissions.can_view_registration(request.user, registration))
        return registration
    registration = permissions.own_registration(request.user, event)
    if registration is None:
        raise Http404
    return registration


def _operator_without_registration(request: HttpRequest, event: Event) -> bool:
    return (
        not request.GET.get("registration")
        and permissions.can_manage(request.user, event)
        and permissions.own_registration(request.user, event) is None
    )


def agenda_rows(request: HttpRequest, registration: Registration) -> list[dict]:
    """The registration's meetings in time order with the counterpart and what it offers and seeks; participants
    see only published meetings."""
    event = registration.event
    meetings = _meetings(event).filter(Q(request__sender=registration) | Q(request__receiver=registration))
    if not permissions.can_manage(request.user, event):
        meetings = meetings.filter(confirmed=True)
    meetings = meetings.prefetch_related(
        "request__sender__offers",
        "request__sender__seeks",
        "request__receiver__offers",
        "request__receiver__seeks",
    ).order_by("slot__starts_at", "table")
    at = now()
    rows = []
    for m in meetings:
        other = m.request.receiver if m.request.sender_id == registration.pk else m.request.sender
        live = m.status != MeetingStatus.CANCELLED
        rows.append(
            {
                "meeting": m,
                "slot": m.slot,
                "when": slot_label(m.slot),
                "table": m.table if live else None,
                "other": other,
                "offers": [a.title for a in other.offers.all()],
                "seeks": [d.title for d in other.seeks.all()],
                "can_cancel": live
                and m.status == MeetingStatus.SCHEDULED
                and m.slot.starts_at > at
                and event.phase in scheduling.PHASES
                and permissions.can_record_outcome(request.user, m),
                "can_mark": live
                and event.phase in day_services.STATUS_PHASES
                and m.slot.starts_at <= at
                and permissions.can_record_outcome(request.user, m),
                "can_record": m.status in (MeetingStatus.SCHEDULED, MeetingStatus.HELD)
                and event.phase in outcomes.PHASES
                and m.slot.starts_at <= at
                and permissions.can_record_outcome(request.user, m),
            }
        )
    return rows


@login_required
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if _operator_without_registration(request, event):
        messages.info(request, "请在当天控制台中点击参会方名称查看其洽谈日程")
        return redirect("events:day", event.pk)
    registration = _agenda_registration(request, event)
    return render(
        request,
        "events/agenda_detail.html",
        {
            "event": event,
            "registration": registration,
            "rows": agenda_rows(request, registration),
            "ics_url": reverse("events:agenda_ics", args=[event.pk])
            + (f"?registration={registration.pk}" if request.GET.get("registration") else ""),
            "can_cancel_day": permissions.can_edit_registration(request.user, registration)
            and registration.status == RegistrationStatus.APPROVED
            and event.phase in scheduling.PHASES,
        },
    )


@login_required
def agenda_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    registration = _agenda_registration(request, event)
    calendar = Calendar()
    calendar.add("prodid", "-//Hardtech//对接活动洽谈日程//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{event.title} · {registration.organisation.name}")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    for row in agenda_rows(request, registration):
        m = row["meeting"]
        if m.status == MeetingStatus.CANCELLED:
            continue
        item = CalendarEvent()
        item.add("uid", f"event-{event.pk}-meeting-{m.pk}@hardtech")
        item.add("summary", f"洽谈：{row['other'].organisation.name}（{m.table}号桌）")
        item.add("dtstart", timezone.localtime(m.slot.starts_at))
        item.add("dtend", timezone.localtime(m.slot.ends_at))
        item.add("dtstamp", timezone.now())
        item.add("location", f"{event.venue} {m.table}号桌")
        details = [
            f"{event.title}",
            f"洽谈对象：{row['other'].organisation.name}（{row['other'].get_type_display()}）",
        ]
        if row["offers"]:
            details.append("可提供：" + "；".join(row["offers"]))
        if row["seeks"]:
            details.append("寻求：" + "；".join(row["seeks"]))
        item.add("description", "\n".join(details))
        calendar.add_component(item)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{event.pk}-{registration.pk}.ics"'
    return response


def _seen_meeting(request: HttpRequest, event: Event, meeting_pk: int) -> Meeting:
    """The meeting, or 404 for a participant when it is not published yet (the operator and the managers see
    unpublished meetings; whether the user may act on it is the caller's check)."""
    meeting = get_object_or_404(Meeting.objects.select_related("request"), pk=meeting_pk, event=event)
    if not meeting.confirmed and not permissions.sees_unpublished(request.user, event):
        raise Http404
    return meeting


@require_POST
@login_required
def meeting_cancel(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    event = _event(request, pk)
    meeting = _seen_meeting(request, event, meeting_pk)
    require(permissions.can_record_outcome(request.user, meeting))
    try:
        result = day_services.cancel(request.user, meeting, at=now())
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        _report(request, event, result, "洽谈已取消")
    return redirect(_back(request, event))


@require_POST
@login_required
def meeting_status(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    event = _event(request, pk)
    meeting = _seen_meeting(request, event, meeting_pk)
    require(permissions.can_record_outcome(request.user, meeting))
    status = request.POST.get("status", "")
    try:
        day_services.set_meeting_status(request.user, meeting, status, at=now())
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"已记为“{MeetingStatus(status).label}”")
    return redirect(_back(request, event))


def _back(request: HttpRequest, event: Event) -> str:
    target = request.POST.get("next", "")
    if target.startswith(f"/events/{event.pk}/") and "//" not in target:
        return target
    return reverse("events:agenda", args=[event.pk])


# --- badges and check-in ------------------------------------------------------------------------------------------


def qr_svg(text: str) -> str:
    """The QR code of `text` as inline SVG markup (no script; allowed by the CSP)."""
    out = BytesIO()
    segno.make(text, error="m").save(
        out, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, svgclass="qr"
    )
    return out.getvalue().decode()


@login_required
def badges(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    registrations = event.registrations.filter(status=RegistrationStatus.APPROVED).select_related(
        "organisation"
    )
    cards = []
    for registration in registrations.order_by("type", "organisation__name"):
        url = request.build_absolute_uri(reverse("events:check_in", args=[registration.badge_code]))
        cards.append({"registration": registration, "qr": mark_safe(qr_svg(url)), "url": url})  # noqa: S308
    return render(
        request,
        "events/badge_sheet.html",
        {"event": event, "cards": cards, "tabs": tabs(request, event, "badges")},
    )


@login_required
def check_in(request: HttpRequest, code) -> HttpResponse:
    try:
        registration = day_services.registration_of_badge(code)
    except ValidationError as exc:
        return render(request, "events/day_check_in.html", {"error": _errors(exc)}, status=404)
    event = registration.event
    require(permissions.can_manage(request.user, event))
    if request.method == "POST":
        try:
            done = day_services.check_in(request.user, code)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            name = registration.organisation.name
            if done.first:
                messages.success(request, f"“{name}”签到成功")
            else:
                when = timezone.localtime(done.registration.checked_in_at)
                messages.info(request, f"“{name}”已于 {when:%H:%M} 签到，无需重复签到")
        return redirect("events:check_in", code)
    meetings = (
        _meetings(event)
        .filter(Q(request__sender=registration) | Q(request__receiver=registration), status__in=LIVE)
        .order_by("slot__starts_at")
    )
    return render(
        request,
        "events/day_check_in.html",
        {"event": event, "registration": registration, "meetings": meetings},
    )


# --- the live board -----------------------------------------------------------------------------------------------


def board_state(event: Event, at: datetime, *, unpublished: bool = True) -> dict:
    """The slot under way and the next one, with their meetings by table; with `unpublished` false (for the
    participants) only the confirmed meetings of the published schedule."""
    slots = event_slots(event)
    current = next((s for s in slots if s.starts_at <= at < s.ends_at), None)
    upcoming = next((s for s in slots if s.starts_at > at), None)
    today = timezone.localtime(at).date()

    def part(slot: Slot | None) -> dict | None:
        if slot is None:
            return None
        meetings = _meetings(event).filter(slot=slot, status__in=LIVE).order_by("table")
        if not unpublished:
            meetings = meetings.filter(confirmed=True)
        day = timezone.localtime(slot.starts_at).date()
        return {
            "slot": slot_label(slot) if day == today else f"{day.month}月{day.day}日 {slot_label(slot)}",
            "starts_at": timezone.localtime(slot.starts_at).strftime("%H:%M"),
            "ends_at": timezone.localtime(slot.ends_at).strftime("%H:%M"),
            "meetings": [
                {
                    "table": m.table,
                    "a": m.request.sender.organisation.name,
                    "b": m.request.receiver.organisation.name,
                }
                for m in meetings
            ],
        }

    return {
        "event": event.title,
        "time": timezone.localtime(at).strftime("%H:%M"),
        "now": part(current),
        "next": part(upcoming),
    }


@login_required
def board(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    require(permissions.can_see_participants(request.user, event))
    return render(
        request,
        "events/board_live.html",
        {
            "event": event,
            "state": board_state(event, now(), unpublished=permissions.sees_unpublished(request.user, event)),
            "json_url": reverse("events:board_json", args=[event.pk]),
            "refresh_seconds": BOARD_REFRESH_SECONDS,
            "tabs": tabs(request, event, "board"),
        },
    )


@login_required
def board_json(request: HttpRequest, pk: int) -> JsonResponse:
    event = _event(request, pk)
    require(permissions.can_see_participants(request.user, event))
    state = board_state(event, now(), unpublished=permissions.sees_unpublished(request.user, event))
    return JsonResponse(state, json_dumps_params={"ensure_ascii": False})


# --- the day console ----------------------------------------------------------------------------------------------


def _replan_key(event: Event) -> str:
    return f"events-replan-{event.pk}"


def _report(request: HttpRequest, event: Event, result: day_services.DayReplan, done: str) -> None:
    request.session[_replan_key(event)] = result.as_dict()
    moved = len(result.moved)
    messages.success(request, f"{done}；已重新安排余下的洽谈：调整 {moved} 场，其中涉及的参会方已收到通知")


@login_required
def day(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    registrations = list(
        event.registrations.filter(status__in=[RegistrationStatus.APPROVED, RegistrationStatus.WITHDRAWN])
        .select_related("organisation")
        .annotate(
            sent=Count(
                "requests_sent__meeting", filter=Q(requests_sent__meeting__status__in=LIVE), distinct=True
            ),
            received=Count(
                "requests_received__meeting",
                filter=Q(requests_received__meeting__status__in=LIVE),
                distinct=True,
            ),
        )
        .order_by("organisation__name")
    )
    approved = [r for r in registrations if r.status == RegistrationStatus.APPROVED]
    checked = [r for r in approved if r.checked_in_at]
    statuses = dict(
        Meeting.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return render(
        request,
        "events/day_console.html",
        {
            "event": event,
            "registrations": registrations,
            "counts": {
                "approved": len(approved),
                "checked_in": len(checked),
                "waiting": len(approved) - len(checked),
                "late": sum(1 for r in approved if r.arrives_at),
                "withdrawn": len(registrations) - len(approved),
            },
            "meeting_counts": [(MeetingStatus(k).label, statuses.get(k, 0)) for k in MeetingStatus.values],
            "replan": request.session.pop(_replan_key(event), None),
            "open": event.phase in day_services.CHECK_IN_PHASES,
            "default_time": (timezone.localtime(now()) + timedelta(minutes=30)).strftime("%H:%M"),
            "tabs": tabs(request, event, "day"),
        },
    )


def _registration(event: Event, registration_pk: int) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("organisation"), pk=registration_pk, event=event
    )


@require_POST
@login_required
def day_check_in(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _managed(request, pk)
    registration = _registration(event, registration_pk)
    try:
        done = day_services.check_in(request.user, registration.badge_code)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        name = registration.organisation.name
        messages.success(request, f"“{name}”签到成功" if done.first else f"“{name}”此前已签到")
    return redirect("events:day", event.pk)


@require_POST
@login_required
def day_late(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _managed(request, pk)
    registration = _registration(event, registration_pk)
    text = request.POST.get("arrives_at", "").strip()
    try:
        hours, minutes = (int(x) for x in text.split(":"))
        arrives_at = timezone.make_aware(datetime.combine(event.starts_on, time(hours, minutes)))
    except (ValueError, TypeError):
        messages.error(request, "请按“时:分”填写预计到场时间，例如 10:30")
        return redirect("events:day", event.pk)
    try:
        result = day_services.mark_late(request.user, registration, arrives_at, at=now())
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        _report(request, event, result, f"已登记“{registration.organisation.name}”预计 {text} 到场")
    return redirect("events:day", event.pk)


@require_POST
@login_required
def registration_cancel(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    """A participant's whole day called off: by the operator from the console, or by the participant."""
    event = _event(request, pk)
    registration = _registration(event, registration_pk)
    require(permissions.can_edit_registration(request.user, registration))
    if request.POST.get("confirm") != "on":
        messages.error(request, "请勾选确认后再取消参会")
        return redirect(_back_day(request, event))
    try:
        result = day_services.cancel(request.user, registration, at=now())
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        _report(request, event, result, f"“{registration.organisation.name}”已取消参会")
    return redirect(_back_day(request, event))


def _back_day(request: HttpRequest, event: Event) -> str:
    if permissions.can_manage(request.user, event):
        return reverse("events:day", args=[event.pk])
    return reverse("events:agenda", args=[event.pk])


urls = [
    path("<int:pk>/schedule/", schedule_page, name="schedule"),
    path("<int:pk>/schedule/run/", schedule_run, name="schedule_run"),
    path("<int:pk>/schedule/publish/", schedule_publish, name="schedule_publish"),
    path("<int:pk>/tables/", table_plan, name="table_plan"),
    path("<int:pk>/agenda/", agenda, name="agenda"),
    path("<int:pk>/agenda.ics", agenda_ics, name="agenda_ics"),
    path("<int:pk>/meetings/<int:meeting_pk>/cancel/", meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/meetings/<int:meeting_pk>/status/", meeting_status, name="meeting_status"),
    path("<int:pk>/badges/", badges, name="badges"),
    path("check-in/<uuid:code>/", check_in, name="check_in"),
    path("<int:pk>/board/", board, name="board"),
    path("<int:pk>/board.json", board_json, name="board_json"),
    path("<int:pk>/day/", day, name="day"),
    path("<int:pk>/day/<int:registration_pk>/check-in/", day_check_in, name="day_check_in"),
    path("<int:pk>/day/<int:registration_pk>/late/", day_late, name="day_late"),
    path("<int:pk>/day/<int:registration_pk>/cancel/", registration_cancel, name="day_cancel"),
]
