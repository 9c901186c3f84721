"""The event pages: the list of events, an event's public page (description, programme, sessions with their
slots, phase, the register button, the participants for those allowed, the operator's phase buttons and set-up
links), and the operator's set-up pages: the event form, sessions, programme items, and the registrations to
review within the caps.

Views parse and render; every write is a call to hardtech.events.services, whose refusals (PermissionDenied: 403;
ValidationError: a message or a form error in Chinese) reach the user as they are. An event the user may not see
is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hardtech.catalogue.services import Conflict
from hardtech.core.views import paginate, refusal_on, require, safe_next
from hardtech.core.workflow import WrongState, available
from hardtech.events import permissions
from hardtech.events.choices import Phase, RegistrationStatus
from hardtech.events.forms import (
    EventForm,
    ProgrammeForm,
    RegistrationFilterForm,
    ReviewForm,
    SessionForm,
)
from hardtech.events.models import Event, Registration, Slot
from hardtech.events.services import events as event_services
from hardtech.events.services import registrations as registration_services
from hardtech.events.services import requests as request_services
from hardtech.events.workflow import EVENT


def visible_event(request: HttpRequest, pk: int) -> Event:
    """The event, or 404 when it does not exist or the user may not see it."""
    event = get_object_or_404(Event, pk=pk)
    if not permissions.can_view_event(request.user, event):
        raise Http404
    return event


def registrant_event(request: HttpRequest, pk: int) -> Event:
    """The event for the pages of the user's own registration: also open to a registrant not (or no longer)
    approved, who may not otherwise see a non-public event but still sees their own registration."""
    event = get_object_or_404(Event, pk=pk)
    if not permissions.can_view_event(request.user, event) and (
        permissions.own_registration(request.user, event) is None
    ):
        raise Http404
    return event


def managed_event(request: HttpRequest, pk: int) -> Event:
    event = visible_event(request, pk)
    require(permissions.can_manage(request.user, event))
    return event


def reverse_or_blank(name: str, *args) -> str:
    """A URL of another area's page, or "" while that page does not exist yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- the list ---------------------------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    shown = permissions.visible_events(request.user).annotate(
        participants=Count("registrations", filter=Q(registrations__status=RegistrationStatus.APPROVED))
    )
    upcoming = list(shown.filter(starts_on__gte=today).order_by("starts_on", "id"))
    past = paginate(request, shown.filter(starts_on__lt=today).order_by("-starts_on", "-id"))
    return render(
        request,
        "events/event_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "can_manage": permissions.can_manage(request.user),
        },
    )


# --- an event's page --------------------------------------------------------------------------------------------


def _phase_bar(event: Event) -> list[dict]:
    order = list(Phase.values)
    reached = order.index(event.phase)
    return [
        {"label": label, "state": "done" if i < reached else "current" if i == reached else "todo"}
        for i, (value, label) in enumerate(Phase.choices)
    ]


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = visible_event(request, pk)
    user = request.user
    mine = permissions.own_registration(user, event)
    manage = permissions.can_manage(user, event)
    sessions = event.sessions.prefetch_related(Prefetch("slots", queryset=Slot.objects.order_by("index")))
    participants = None
    if permissions.can_see_participants(user, event):
        participants = (
            event.registrations.filter(status=RegistrationStatus.APPROVED)
            .select_related("organisation")
            .order_by("type", "organisation__name")
        )
    can_register = permissions.can_register(user, event) and (
        mine is None or mine.status == RegistrationStatus.WITHDRAWN
    )
    steps = [
        {"name": t.name, "label": t.label, "style": t.style, "confirm": t.confirm.format(obj=event)}
        for t in available(EVENT, user, event)
    ]
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "bar": _phase_bar(event),
            "programme": event.programme.select_related("achievement"),
            "sessions": sessions,
            "participants": participants,
            "mine": mine,
            "can_register": can_register,
            "sign_in_to_register": not user.is_authenticated and event.phase == Phase.REGISTRATION,
            "can_manage": manage,
            "can_propose": permissions.can_propose(user, event),
            "steps": steps,
            "counts": registration_services.counts_by_type(event) if manage else None,
            "day_links": _day_links(user, event, mine, manage),
        },
    )


SCHEDULED = (Phase.SCHEDULING, Phase.DAY, Phase.FOLLOW_UP, Phase.CLOSED)
HELD = (Phase.DAY, Phase.FOLLOW_UP, Phase.CLOSED)


def _day_links(user, event: Event, mine: Registration | None, manage: bool) -> list[tuple[str, str]]:
    """(label, url) of the schedule, day and outcome pages this user may open in the event's phase."""
    wanted: list[tuple[str, str]] = []
    if manage and event.phase in SCHEDULED:
        wanted += [
            ("events:schedule", "排程"),
            ("events:table_plan", "洽谈桌安排"),
            ("events:badges", "胸牌"),
            ("events:board", "现场大屏"),
            ("events:day", "活动当天"),
        ]
    elif mine is not None and mine.status == RegistrationStatus.APPROVED and event.phase in SCHEDULED:
        wanted.append(("events:agenda", "我的洽谈日程"))
    if event.phase in HELD and (permissions.sees_all_events(user) or mine is not None):
        wanted.append(("events:outcomes", "洽谈结果"))
    if event.phase in HELD and permissions.sees_all_events(user):
        wanted.append(("events:report", "活动报告"))
    links = [(label, reverse_or_blank(name, event.pk)) for name, label in wanted]
    return [(label, url) for label, url in links if url]


@require_POST
@login_required
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Take a phase step (开放报名, 开放预约洽谈 …) through services.events.move."""
    event = visible_event(request, pk)
    try:
        transition = EVENT.transition(name)
    except LookupError as exc:
        raise Http404 from exc
    note = request.POST.get("note", "")[:500]
    try:
        event_services.move(request.user, event, name, note)
    except WrongState as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"{transition.done_text}：{event.title}")
    return redirect("events:detail", event.pk)


# --- set-up -----------------------------------------------------------------------------------------------------


@login_required
def new(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage(request.user))
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = event_services.create_event(request.user, form.fields_for_service())
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, f"已创建对接活动“{event.title}”，请添加洽谈场次和议程")
            return redirect("events:detail", event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = managed_event(request, pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        fields = form.fields_for_service()
        event.refresh_from_db()  # the form wrote its input onto the instance; the service compares with the stored
        try:
            saved = event_services.update_event(request.user, event, fields, form.cleaned_data.get("version"))
        except Conflict as exc:
            form.add_error(None, f"{exc}。请刷新页面后再修改。")
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, f"已保存“{saved.title}”")
            return redirect("events:detail", event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = managed_event(request, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = event_services.add_session(request.user, event, **form.cleaned_data)
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, f"已添加洽谈场次“{session.label}”（{session.slot_count} 轮）")
            return redirect(reverse("events:detail", args=[event.pk]) + "#sessions")
    return render(
        request,
        "events/setup_form.html",
        {"form": form, "event": event, "heading": "添加洽谈场次", "sessions": event.sessions.all()},
    )


@login_required
def programme_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = managed_event(request, pk)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = event_services.add_programme_item(request.user, event, **form.cleaned_data)
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, f"已添加议程“{item.title}”")
            return redirect(reverse("events:detail", args=[event.pk]) + "#programme")
    return render(
        request,
        "events/setup_form.html",
        {"form": form, "event": event, "heading": "添加议程", "programme": event.programme.all()},
    )


# --- registrations (the operator) -------------------------------------------------------------------------------


@login_required
def registrations(request: HttpRequest, pk: int) -> HttpResponse:
    event = managed_event(request, pk)
    form = RegistrationFilterForm(request.GET)
    rows = event.registrations.select_related("organisation", "user", "reviewed_by").prefetch_related(
        "sessions", "offers", "seeks"
    )
    if type_ := form.value("type"):
        rows = rows.filter(type=type_)
    if status := form.value("status"):
        rows = rows.filter(status=status)
    page = paginate(request, rows.order_by("status", "created_at", "id"))
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "form": form,
            "page": page,
            "counts": registration_services.counts_by_type(event),
            "idle": request_services.idle(event).count() if event.phase in request_services.BOOKING else None,
            "reviewable": event.phase in registration_services.OPEN_PHASES,
        },
    )


@require_POST
@login_required
def review(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = managed_event(request, pk)
    registration = get_object_or_404(
        Registration.objects.select_related("organisation"), pk=registration_pk, event=event
    )
    form = ReviewForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        registration_services.review(request.user, registration, approve, form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, f"{registration.organisation.name}：{'；'.join(exc.messages)}")
    else:
        verdict = "已通过" if approve else "未通过"
        messages.success(request, f"{registration.organisation.name}：{verdict}")
    return redirect(safe_next(request, reverse("events:registrations", args=[event.pk])))


@require_POST
@login_required
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    event = managed_event(request, pk)
    try:
        count = request_services.remind_idle(event, request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已提醒 {count} 个还没有洽谈邀请的参会方")
    return redirect("events:registrations", event.pk)


urls = [
    path("", event_list, name="list"),
    path("new/", new, name="new"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/step/<slug:name>/", step, name="step"),
    path("<int:pk>/sessions/add/", session_add, name="session_add"),
    path("<int:pk>/programme/add/", programme_add, name="programme_add"),
    path("<int:pk>/registrations/", registrations, name="registrations"),
    path("<int:pk>/registrations/<int:registration_pk>/review/", review, name="review"),
    path("<int:pk>/remind/", remind, name="remind"),
]
