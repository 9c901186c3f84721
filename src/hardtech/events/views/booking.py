"""Taking part: the registration form, my registration (the engine's suggestions with their explanations and a
send button, the requests received to accept or decline and those sent to withdraw), editing and withdrawing
the registration, and the technology manager's proposal of a meeting for two participants.

Views parse and render; every write is a call to hardtech.events.services.registrations / requests. A user sees
only the registration and the requests of the organisations they belong to.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from hardtech.accounts.membership import organisation_ids
from hardtech.core.views import refusal_on, require
from hardtech.core.workflow import WrongState
from hardtech.events import permissions
from hardtech.events.choices import RegistrationStatus, RequestStatus
from hardtech.events.forms import ProposeForm, RegistrationForm, RequestForm
from hardtech.events.models import Event, MeetingRequest, Registration
from hardtech.events.services import registrations as registration_services
from hardtech.events.services import requests as request_services
from hardtech.events.views.events import registrant_event, visible_event


def _mine_or_redirect(request: HttpRequest, event: Event) -> Registration | None:
    registration = permissions.own_registration(request.user, event)
    if registration is None:
        messages.info(request, "您所在的机构尚未报名本活动")
    return registration


def _to_mine(event: Event, anchor: str = "") -> HttpResponse:
    return redirect(reverse("events:mine", args=[event.pk]) + (f"#{anchor}" if anchor else ""))


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


# --- registering ------------------------------------------------------------------------------------------------


def _form_fields(data: dict) -> dict:
    return {
        "type": data["type"],
        "offers": data["offers"],
        "seeks": data["seeks"],
        "sessions": data["sessions"],
        "max_meetings": data["max_meetings"],
        "auto_accept": data["auto_accept"],
        "contact_name": data["contact_name"],
        "contact_phone": data["contact_phone"],
        "interests": data["interests"],
    }


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = visible_event(request, pk)
    mine = permissions.own_registration(request.user, event)
    if mine is not None and mine.status != RegistrationStatus.WITHDRAWN:
        messages.info(request, f"“{mine.organisation.name}”已报名本活动")
        return _to_mine(event)
    if not permissions.can_register(request.user, event):
        require(bool(organisation_ids(request.user)))  # no organisation to register: 403
        messages.error(request, f"活动当前为“{event.get_phase_display()}”阶段，不在报名期内")
        return redirect("events:detail", event.pk)
    form = RegistrationForm(request.POST or None, user=request.user, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = registration_services.register(
                request.user, event, data["organisation"], **_form_fields(data)
            )
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, f"“{registration.organisation.name}”已报名，等待管委会审核")
            return _to_mine(event)
    return render(request, "events/register_form.html", {"form": form, "event": event, "registration": None})


@login_required
def registration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = registrant_event(request, pk)
    registration = _mine_or_redirect(request, event)
    if registration is None:
        return redirect("events:detail", event.pk)
    require(permissions.can_edit_registration(request.user, registration))
    initial = {
        "organisation": registration.organisation_id,
        "type": registration.type,
        "offers": list(registration.offers.values_list("pk", flat=True)),
        "seeks": list(registration.seeks.values_list("pk", flat=True)),
        "sessions": list(registration.sessions.values_list("pk", flat=True)),
        "max_meetings": registration.max_meetings,
        "auto_accept": registration.auto_accept,
        "contact_name": registration.contact_name,
        "contact_phone": registration.contact_phone,
        "interests": registration.interests,
    }
    form = RegistrationForm(
        request.POST or None, initial=initial, user=request.user, event=event, registration=registration
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration_services.update_registration(
                request.user, registration, _form_fields(form.cleaned_data)
            )
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, "报名信息已保存")
            return _to_mine(event)
    return render(
        request, "events/register_form.html", {"form": form, "event": event, "registration": registration}
    )


@require_POST
@login_required
def registration_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    event = registrant_event(request, pk)
    registration = _mine_or_redirect(request, event)
    if registration is None:
        return redirect("events:detail", event.pk)
    try:
        registration_services.withdraw(request.user, registration)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "已撤回报名")
    return _to_mine(event)


# --- my registration --------------------------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest, pk: int) -> HttpResponse:
    event = registrant_event(request, pk)
    registration = _mine_or_redirect(request, event)
    if registration is None:
        return redirect("events:detail", event.pk)
    can_book = permissions.can_book(request.user, registration)
    requests = MeetingRequest.objects.filter(
        Q(sender=registration) | Q(receiver=registration)
    ).select_related("sender__organisation", "receiver__organisation", "proposed_by")
    received = [r for r in requests if r.receiver_id == registration.pk]
    sent = [r for r in requests if r.sender_id == registration.pk]
    accepted = sum(1 for r in requests if r.status == RequestStatus.ACCEPTED)
    return render(
        request,
        "events/mine.html",
        {
            "event": event,
            "registration": registration,
            "sessions": registration.sessions.all(),
            "offers": registration.offers.all(),
            "seeks": registration.seeks.all(),
            "suggestions": request_services.suggestions(registration) if can_book else [],
            "can_book": can_book,
            "can_edit": permissions.can_edit_registration(request.user, registration)
            and event.phase in registration_services.OPEN_PHASES
            and registration.status != RegistrationStatus.WITHDRAWN,
            "received": received,
            "sent": sent,
            "accepted": accepted,
            "booking": event.phase in request_services.BOOKING,
            "request_form": RequestForm(),
        },
    )


@require_POST
@login_required
def request_send(request: HttpRequest, pk: int) -> HttpResponse:
    event = visible_event(request, pk)
    registration = _mine_or_redirect(request, event)
    if registration is None:
        return redirect("events:detail", event.pk)
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "邀请内容有误，请重试")
        return _to_mine(event, "suggestions")
    data = form.cleaned_data
    receiver = get_object_or_404(
        Registration.objects.select_related("organisation"), pk=data["receiver"], event=event
    )
    try:
        sent = request_services.send_request(
            request.user, registration, receiver, data["message"], data["priority"]
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        done = "对方已自动接受" if sent.status == RequestStatus.ACCEPTED else "等待对方回复"
        messages.success(request, f"已向“{receiver.organisation.name}”发出洽谈邀请，{done}")
    return _to_mine(event, "sent")


def _request(event: Event, request_pk: int) -> MeetingRequest:
    return get_object_or_404(
        MeetingRequest.objects.select_related("sender__organisation", "receiver__organisation", "event"),
        pk=request_pk,
        event=event,
    )


@require_POST
@login_required
def request_respond(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    event = visible_event(request, pk)
    meeting_request = _request(event, request_pk)
    accept = request.POST.get("accept") == "1"
    try:
        request_services.respond(request.user, meeting_request, accept)
    except (ValidationError, WrongState) as exc:
        messages.error(request, _errors(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        verb = "接受" if accept else "谢绝"
        messages.success(request, f"已{verb}“{meeting_request.sender.organisation.name}”的洽谈邀请")
    return _to_mine(event, "received")


@require_POST
@login_required
def request_withdraw(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    event = visible_event(request, pk)
    meeting_request = _request(event, request_pk)
    try:
        request_services.withdraw(request.user, meeting_request)
    except (ValidationError, WrongState) as exc:
        messages.error(request, _errors(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, f"已撤回给“{meeting_request.receiver.organisation.name}”的洽谈邀请")
    return _to_mine(event, "sent")


# --- a technology manager's proposal ----------------------------------------------------------------------------


@login_required
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    event = visible_event(request, pk)
    require(permissions.can_propose(request.user, event))
    form = ProposeForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposed = request_services.propose(
                request.user, data["a"], data["b"], data["message"], data["priority"]
            )
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(
                request,
                f"已推荐“{proposed.sender.organisation.name}”与“{proposed.receiver.organisation.name}”洽谈，"
                "双方已收到通知",
            )
            return redirect("events:propose", event.pk)
    proposals = (
        MeetingRequest.objects.filter(event=event, proposed_by__isnull=False)
        .select_related("sender__organisation", "receiver__organisation", "proposed_by")
        .order_by("-created_at")[:50]
    )
    return render(request, "events/propose.html", {"form": form, "event": event, "proposals": proposals})


urls = [
    path("<int:pk>/register/", register, name="register"),
    path("<int:pk>/mine/", mine, name="mine"),
    path("<int:pk>/mine/edit/", registration_edit, name="registration_edit"),
    path("<int:pk>/mine/withdraw/", registration_withdraw, name="registration_withdraw"),
    path("<int:pk>/requests/send/", request_send, name="request_send"),
    path("<int:pk>/requests/<int:request_pk>/respond/", request_respond, name="request_respond"),
    path("<int:pk>/requests/<int:request_pk>/withdraw/", request_withdraw, name="request_withdraw"),
    path("<int:pk>/propose/", propose, name="propose"),
]
