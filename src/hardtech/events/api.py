"""/api/events: 对接活动 — the events the caller may see with their programme and sessions, registering and the
caller's registration, the engine's suggestions, meeting requests (send, respond, withdraw), a technology
manager's proposal, and for the operator the registrations to review (within the caps), reminders and the phase
steps (POST /api/events/{id}/{step}).

Every write goes through hardtech.events.services; who may is hardtech.events.permissions. An event the caller may
not see is a 404, as is a registration or a request of someone else's (missing and invisible look the same); a
visible thing the caller may not touch is a 403; a request already answered is a 409; bad input is a 422 in the
documented shape (hardtech.core.api.errors). Public events are read without a token; the rest needs one (reads
also take the session).
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import HttpError

from hardtech.catalogue.models import Achievement, Demand, Organisation
from hardtech.core.api.auth import optional_auth, token_auth
from hardtech.core.api.common import caller, check_references, forbid_unless, paginate
from hardtech.core.api.common import refusals as common_refusals
from hardtech.core.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, Id, PageParams, ValidationErrorOut
from hardtech.core.workflow import WrongState, add_routes, available
from hardtech.events import permissions
from hardtech.events.choices import RegistrationStatus
from hardtech.events.models import Event, Meeting, MeetingRequest, Outcome, Registration, Session, Slot
from hardtech.events.schemas import (
    CheckInOut,
    EventDetail,
    EventFilters,
    EventPage,
    LateIn,
    MeetingOut,
    MeetingStatusIn,
    MyRequestsOut,
    OutcomeIn,
    OutcomeOut,
    ProposeIn,
    PublishOut,
    RegistrationFilters,
    RegistrationIn,
    RegistrationOut,
    RegistrationPage,
    RegistrationPatch,
    RegistrationReviewIn,
    RemindOut,
    ReplanOut,
    ReportOut,
    RequestIn,
    RequestOut,
    RespondIn,
    ScheduleIn,
    ScheduleOut,
    SuggestionOut,
)
from hardtech.events.services import day, outcomes, registrations, requests, scheduling
from hardtech.events.workflow import EVENT

router = Router(tags=["对接活动"])

READ = READ_ERRORS
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = WRITE_ERRORS


def refusals():
    """The services' refusals: 403 with the reason, 409 for a request already answered."""
    return common_refusals(WrongState)


# --- lookups and shapes -----------------------------------------------------------------------------------------


def _event(request: HttpRequest, event_id: int) -> Event:
    event = Event.objects.filter(pk=event_id).first()
    if event is None or not permissions.can_view_event(caller(request), event):
        raise Http404
    return event


def _registrant_event(request: HttpRequest, event_id: int) -> Event:
    """The event for the caller's own registration: open also to a registrant not (or no longer) approved."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        raise Http404
    user = caller(request)
    if not permissions.can_view_event(user, event) and permissions.own_registration(user, event) is None:
        raise Http404
    return event


def _own(request: HttpRequest, event: Event) -> Registration:
    """The caller's registration at the event; 404 when their organisation has none."""
    registration = permissions.own_registration(caller(request), event)
    if registration is None:
        raise HttpError(404, "您所在的机构尚未报名本活动")
    return registration


def _event_out(e: Event) -> dict:
    participants = getattr(e, "participants", None)
    if participants is None:
        participants = e.registrations.filter(status=RegistrationStatus.APPROVED).count()
    return {
        "id": e.pk,
        "title": e.title,
        "venue": e.venue,
        "starts_on": e.starts_on,
        "phase": e.phase,
        "phase_label": e.get_phase_display(),
        "public": e.public,
        "participants": participants,
        "version": e.version,
    }


def _ref(obj, attr: str = "name") -> dict:
    return {"id": obj.pk, "name": getattr(obj, attr)}


def _detail(user, e: Event) -> dict:
    e = Event.objects.get(pk=e.pk)
    mine = permissions.own_registration(user, e)
    sessions = e.sessions.prefetch_related(Prefetch("slots", queryset=Slot.objects.order_by("index")))
    participants = None
    if permissions.can_see_participants(user, e):
        participants = [
            _ref(r.organisation)
            for r in e.registrations.filter(status=RegistrationStatus.APPROVED)
            .select_related("organisation")
            .order_by("organisation__name")
        ]
    return {
        **_event_out(e),
        "description": e.description,
        "tables": e.tables,
        "caps": e.caps or {},
        "default_max_meetings": e.default_max_meetings,
        "registration_deadline": e.registration_deadline,
        "booking_deadline": e.booking_deadline,
        "phase_note": e.phase_note,
        "programme": [
            {
                "id": p.pk,
                "kind": p.kind,
                "kind_label": p.get_kind_display(),
                "title": p.title,
                "speaker": p.speaker,
                "achievement": _ref(p.achievement, "title") if p.achievement else None,
                "starts_at": p.starts_at,
                "ends_at": p.ends_at,
            }
            for p in e.programme.select_related("achievement")
        ],
        "sessions": [
            {
                "id": s.pk,
                "label": s.label,
                "starts_at": s.starts_at,
                "slot_minutes": s.slot_minutes,
                "slot_count": s.slot_count,
                "slots": [
                    {
                        "id": x.pk,
                        "code": x.code,
                        "index": x.index,
                        "starts_at": x.starts_at,
                        "ends_at": x.ends_at,
                    }
                    for x in s.slots.all()
                ],
            }
            for s in sessions
        ],
        "participants_list": participants,
        "my_registration": mine.pk if mine else None,
        "can_register": permissions.can_register(user, e)
        and (mine is None or mine.status == RegistrationStatus.WITHDRAWN),
        "steps": [{"name": t.name, "label": t.label} for t in available(EVENT, user, e)],
    }


def _registration_out(r: Registration) -> dict:
    return {
        "id": r.pk,
        "event": r.event_id,
        "organisation": _ref(r.organisation),
        "type": r.type,
        "type_label": r.get_type_display(),
        "status": r.status,
        "status_label": r.get_status_display(),
        "offers": [_ref(a, "title") for a in r.offers.all()],
        "seeks": [_ref(d, "title") for d in r.seeks.all()],
        "sessions": [_ref(s, "label") for s in r.sessions.all()],
        "interests": r.interests,
        "max_meetings": r.max_meetings,
        "auto_accept": r.auto_accept,
        "contact_name": r.contact_name,
        "contact_phone": r.contact_phone,
        "review_note": r.review_note,
        "created_at": r.created_at,
    }


def _reload_registration(pk: int) -> dict:
    r = (
        Registration.objects.select_related("organisation")
        .prefetch_related("offers", "seeks", "sessions")
        .get(pk=pk)
    )
    return _registration_out(r)


def _side(r: Registration) -> dict:
    return {"id": r.pk, "name": r.organisation.name}


def _request_out(m: MeetingRequest) -> dict:
    return {
        "id": m.pk,
        "event": m.event_id,
        "sender": _side(m.sender),
        "receiver": _side(m.receiver),
        "status": m.status,
        "status_label": m.get_status_display(),
        "message": m.message,
        "priority": m.priority,
        "score": m.score,
        "proposed_by": {"id": m.proposed_by.pk, "name": str(m.proposed_by)} if m.proposed_by else None,
        "created_at": m.created_at,
        "responded_at": m.responded_at,
    }


REQUESTS = MeetingRequest.objects.select_related(
    "sender__organisation", "receiver__organisation", "proposed_by"
)


def _meeting_request(request: HttpRequest, request_id: int) -> MeetingRequest:
    """A request the caller takes part in (either side), or any for the operator and the managers; else 404."""
    found = REQUESTS.select_related("event").filter(pk=request_id).first()
    user = caller(request)
    if found is None or not (
        permissions.can_view_registration(user, found.sender)
        or permissions.can_view_registration(user, found.receiver)
    ):
        raise Http404
    return found


MEETINGS = Meeting.objects.select_related(
    "slot__session", "request__sender__organisation", "request__receiver__organisation"
)


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    """A meeting the caller may see (either side, the operator, the managers); else 404."""
    found = MEETINGS.select_related("event", "request__proposed_by").filter(pk=meeting_id).first()
    if found is None or not permissions.can_view_meeting(caller(request), found):
        raise Http404
    return found


def _meeting_out(m: Meeting) -> dict:
    s = m.slot
    sender, receiver = m.request.sender, m.request.receiver
    return {
        "id": m.pk,
        "event": m.event_id,
        "request": m.request_id,
        "slot": {
            "id": s.pk,
            "code": s.code,
            "session": s.session.label,
            "index": s.index,
            "starts_at": s.starts_at,
            "ends_at": s.ends_at,
        },
        "table": m.table,
        "sender": _side(sender),
        "receiver": _side(receiver),
        "sender_organisation": _ref(sender.organisation),
        "receiver_organisation": _ref(receiver.organisation),
        "status": m.status,
        "status_label": m.get_status_display(),
        "confirmed": m.confirmed,
    }


def _summary_out(summary: scheduling.Summary) -> dict:
    share = summary.share
    return {
        "placed": summary.placed,
        "total": round(summary.total, 4),
        "bound": None if summary.bound is None else round(summary.bound, 4),
        "share": None if share is None else round(share * 100, 1),
        "kept": summary.kept,
        "created": summary.created,
        "moved": summary.moved,
        "removed": summary.removed,
        "unplaced": [
            {
                "request": u.request.pk,
                "sender": _side(u.request.sender),
                "receiver": _side(u.request.receiver),
                "reason": u.reason,
                "label": u.label,
                "message": u.message,
            }
            for u in summary.unplaced
        ],
        "dropped": summary.dropped,
        "notes": summary.notes,
    }


def _replan_out(result: day.DayReplan) -> dict:
    return {
        "note": result.note,
        "changes": [
            {"meeting": c.meeting.pk, "kind": c.kind, "label": c.label, "text": c.describe()}
            for c in result.changes
        ],
    }


def _ids(model, ids: list[int]) -> list:
    return list(model.objects.filter(pk__in=ids))


# --- events -----------------------------------------------------------------------------------------------------


@router.get("", auth=optional_auth, response={200: EventPage, 401: ErrorOut}, summary="对接活动列表")
def list_events(request: HttpRequest, filters: Query[EventFilters], page: Query[PageParams]) -> dict:
    """The events the caller may see: everyone the public ones past set-up, participants also theirs, the
    operator and the technology managers all."""
    qs = permissions.visible_events(caller(request)).annotate(
        participants=Count("registrations", filter=Q(registrations__status=RegistrationStatus.APPROVED))
    )
    if filters.phase:
        qs = qs.filter(phase=filters.phase)
    today = timezone.localdate()
    if filters.upcoming is True:
        qs = qs.filter(starts_on__gte=today).order_by("starts_on", "id")
    elif filters.upcoming is False:
        qs = qs.filter(starts_on__lt=today).order_by("-starts_on", "-id")
    else:
        qs = qs.order_by("-starts_on", "-id")
    result = paginate(qs, page)
    return {**result, "items": [_event_out(e) for e in result["items"]]}


# Routes with a fixed first segment come before /{event_id}.


@router.post(
    "/registrations/{registration_id}/review",
    auth=token_auth,
    response={200: RegistrationOut, **ERRORS},
    summary="审核报名（管委会）",
)
def review_registration(request: HttpRequest, registration_id: Id, payload: RegistrationReviewIn) -> dict:
    """Approve within the type's cap (422 naming the cap when full) or reject with a note (required)."""
    registration = (
        Registration.objects.select_related("event", "organisation").filter(pk=registration_id).first()
    )
    if registration is None or not permissions.can_view_registration(caller(request), registration):
        raise Http404
    with refusals():
        saved = registrations.review(caller(request), registration, payload.approve, payload.note)
    return _reload_registration(saved.pk)


@router.post(
    "/requests/{request_id}/respond",
    auth=token_auth,
    response={200: RequestOut, **WRITE},
    summary="回复洽谈邀请",
)
def respond(request: HttpRequest, request_id: Id, payload: RespondIn) -> dict:
    """The receiver accepts or declines; 409 when the request was already answered or withdrawn."""
    found = _meeting_request(request, request_id)
    with refusals():
        requests.respond(caller(request), found, payload.accept)
    return _request_out(REQUESTS.get(pk=found.pk))


@router.post(
    "/requests/{request_id}/withdraw",
    auth=token_auth,
    response={200: RequestOut, **WRITE},
    summary="撤回洽谈邀请",
)
def withdraw_request(request: HttpRequest, request_id: Id) -> dict:
    found = _meeting_request(request, request_id)
    with refusals():
        requests.withdraw(caller(request), found)
    return _request_out(REQUESTS.get(pk=found.pk))


@router.post(
    "/check-in/{badge_code}",
    auth=token_auth,
    response={200: CheckInOut, **ERRORS},
    summary="胸牌签到（管委会）",
)
def check_in(request: HttpRequest, badge_code: str) -> dict:
    """Idempotent: a second scan answers `first: false` and changes nothing. An unknown code is a 404; 422
    outside the 排程 / 活动当天 phases or for a registration not approved."""
    if len(badge_code) > 64:
        raise Http404
    try:
        registration = day.registration_of_badge(badge_code)
    except ValidationError as exc:
        raise HttpError(404, day.UNKNOWN_BADGE) from exc
    if not permissions.can_view_event(caller(request), registration.event):
        raise Http404
    with refusals():
        done = day.check_in(caller(request), registration.badge_code)
    r = done.registration
    return {
        "registration": r.pk,
        "event": r.event_id,
        "organisation": _ref(r.organisation),
        "checked_in_at": r.checked_in_at,
        "first": done.first,
    }


@router.post(
    "/meetings/{meeting_id}/status",
    auth=token_auth,
    response={200: MeetingOut, **WRITE},
    summary="登记洽谈情况（已举行 / 未到场）",
)
def meeting_status(request: HttpRequest, meeting_id: Id, payload: MeetingStatusIn) -> dict:
    """Either side or the operator, once the meeting's slot has started, on the day or in follow-up."""
    meeting = _meeting(request, meeting_id)
    with refusals():
        day.set_meeting_status(caller(request), meeting, payload.status)
    return _meeting_out(MEETINGS.get(pk=meeting.pk))


@router.post(
    "/meetings/{meeting_id}/outcome",
    auth=token_auth,
    response={200: OutcomeOut, **WRITE},
    summary="记录洽谈结果",
)
def record_outcome(request: HttpRequest, meeting_id: Id, payload: OutcomeIn) -> dict:
    """One side's outcome (不相关 / 继续跟进 / 发起技术转移项目), recorded or changed by that side, or by the
    operator naming the side (`side`, a registration id). start_deal opens a technology-transfer deal (at most
    one per meeting) and answers its id."""
    meeting = _meeting(request, meeting_id)
    side = None
    if payload.side is not None:
        side = Registration.objects.filter(pk=payload.side, event_id=meeting.event_id).first()
    with refusals():
        saved = outcomes.record_outcome(
            caller(request), meeting, payload.result, payload.note, side, notes=payload.notes
        )
    saved = Outcome.objects.select_related("registration__organisation", "deal").get(pk=saved.pk)
    return {
        "id": saved.pk,
        "meeting": saved.meeting_id,
        "registration": _side(saved.registration),
        "result": saved.result,
        "result_label": saved.get_result_display(),
        "note": saved.note,
        "deal": saved.deal_id,
        "deal_code": saved.deal.code if saved.deal else None,
    }


@router.get("/{event_id}", auth=optional_auth, response={200: EventDetail, **READ}, summary="对接活动详情")
def get_event(request: HttpRequest, event_id: Id) -> dict:
    """The event's programme, sessions with their slots, phase and caps; the participants for those who may see
    them; the caller's registration and the phase steps the caller may take."""
    return _detail(caller(request), _event(request, event_id))


# --- registering --------------------------------------------------------------------------------------------------


@router.post(
    "/{event_id}/registrations",
    auth=token_auth,
    response={201: RegistrationOut, **ERRORS},
    summary="报名参会",
)
def register(request: HttpRequest, event_id: Id, payload: RegistrationIn):
    """Sign the caller's organisation up (待审核): 403 for another organisation; 422 for sessions outside the
    event's, a maximum over the sessions' slots, listings not the organisation's own, a second registration or
    outside the 报名 phase."""
    event = _event(request, event_id)
    check_references(
        {
            "organisation": (Organisation, [payload.organisation]),
            "offers": (Achievement, payload.offers),
            "seeks": (Demand, payload.seeks),
            "sessions": (Session, payload.sessions),
        }
    )
    with refusals():
        registration = registrations.register(
            caller(request),
            event,
            Organisation.objects.get(pk=payload.organisation),
            payload.type,
            offers=_ids(Achievement, payload.offers),
            seeks=_ids(Demand, payload.seeks),
            sessions=_ids(Session, payload.sessions),
            max_meetings=payload.max_meetings,
            auto_accept=payload.auto_accept,
            contact_name=payload.contact_name,
            contact_phone=payload.contact_phone,
            interests=payload.interests,
        )
    return Status(201, _reload_registration(registration.pk))


@router.get(
    "/{event_id}/registrations",
    auth=token_auth,
    response={200: RegistrationPage, **READ, 403: ErrorOut},
    summary="报名列表（管委会）",
)
def list_registrations(
    request: HttpRequest, event_id: Id, filters: Query[RegistrationFilters], page: Query[PageParams]
) -> dict:
    event = _event(request, event_id)
    forbid_unless(permissions.can_manage(caller(request), event), "只有管委会可以查看全部报名")
    qs = event.registrations.select_related("organisation").prefetch_related("offers", "seeks", "sessions")
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.status:
        qs = qs.filter(status=filters.status)
    result = paginate(qs.order_by("created_at", "id"), page)
    return {
        **result,
        "items": [_registration_out(r) for r in result["items"]],
        "caps": registrations.counts_by_type(event),
    }


@router.get(
    "/{event_id}/registration", auth=token_auth, response={200: RegistrationOut, **READ}, summary="我的报名"
)
def my_registration(request: HttpRequest, event_id: Id) -> dict:
    return _reload_registration(_own(request, _registrant_event(request, event_id)).pk)


@router.patch(
    "/{event_id}/registration",
    auth=token_auth,
    response={200: RegistrationOut, **ERRORS},
    summary="修改我的报名",
)
def patch_registration(request: HttpRequest, event_id: Id, payload: RegistrationPatch) -> dict:
    registration = _own(request, _registrant_event(request, event_id))
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    refs = {"offers": Achievement, "seeks": Demand, "sessions": Session}
    check_references({name: (model, changes[name]) for name, model in refs.items() if name in changes})
    for name, model in refs.items():
        if name in changes:
            changes[name] = _ids(model, changes[name])
    with refusals():
        registrations.update_registration(caller(request), registration, changes)
    return _reload_registration(registration.pk)


@router.post(
    "/{event_id}/registration/withdraw",
    auth=token_auth,
    response={200: RegistrationOut, **ERRORS},
    summary="撤回我的报名",
)
def withdraw_registration(request: HttpRequest, event_id: Id) -> dict:
    registration = _own(request, _registrant_event(request, event_id))
    with refusals():
        registrations.withdraw(caller(request), registration)
    return _reload_registration(registration.pk)


# --- suggestions, requests, proposals -----------------------------------------------------------------------------


@router.get(
    "/{event_id}/suggestions",
    auth=token_auth,
    response={200: list[SuggestionOut], **READ, 403: ErrorOut},
    summary="推荐洽谈对象",
)
def suggestions(request: HttpRequest, event_id: Id, limit: int = 10) -> list[dict]:
    """Partners the matching engine suggests for the caller's (approved) registration, best first, each with
    the engine's explanation; never the caller's own organisation nor one it already has a request with."""
    registration = _own(request, _event(request, event_id))
    forbid_unless(permissions.can_book(caller(request), registration), "报名通过审核且在预约期内才能查看推荐")
    limit = max(1, min(limit, 50))
    return [
        {
            "registration": s.registration.pk,
            "organisation": _ref(s.organisation),
            "type": s.registration.type,
            "score": s.score,
            "basis": s.basis,
            "reason": s.reason,
            "explanation": s.sentence,
            "terms": s.terms,
            "confidence": s.confidence,
        }
        for s in requests.suggestions(registration, limit)
    ]


@router.get(
    "/{event_id}/requests", auth=token_auth, response={200: MyRequestsOut, **READ}, summary="我的洽谈邀请"
)
def my_requests(request: HttpRequest, event_id: Id) -> dict:
    registration = _own(request, _event(request, event_id))
    mine = REQUESTS.filter(Q(sender=registration) | Q(receiver=registration))
    return {
        "received": [_request_out(m) for m in mine if m.receiver_id == registration.pk],
        "sent": [_request_out(m) for m in mine if m.sender_id == registration.pk],
    }


@router.post(
    "/{event_id}/requests", auth=token_auth, response={201: RequestOut, **ERRORS}, summary="发出洽谈邀请"
)
def send(request: HttpRequest, event_id: Id, payload: RequestIn):
    """From the caller's registration to another approved participant of the event; accepted at once when the
    receiver chose auto-accept. 422 to oneself, to one's own organisation, to an unapproved participant, twice,
    or outside booking."""
    event = _event(request, event_id)
    registration = _own(request, event)
    receiver = (
        Registration.objects.select_related("organisation").filter(pk=payload.receiver, event=event).first()
    )
    if receiver is None:
        raise Http404
    with refusals():
        sent = requests.send_request(
            caller(request), registration, receiver, payload.message, payload.priority
        )
    return Status(201, _request_out(REQUESTS.get(pk=sent.pk)))


@router.post(
    "/{event_id}/proposals",
    auth=token_auth,
    response={201: RequestOut, **ERRORS},
    summary="推荐洽谈（技术经理人）",
)
def propose(request: HttpRequest, event_id: Id, payload: ProposeIn):
    """A technology manager (or the operator) proposes a meeting: a request from a to b, both told; b accepts."""
    event = _event(request, event_id)
    forbid_unless(
        permissions.can_propose(caller(request), event), "只有技术经理人和管委会可以在预约阶段推荐洽谈"
    )
    found = {
        r.pk: r
        for r in event.registrations.filter(pk__in=[payload.a, payload.b]).select_related("organisation")
    }
    if payload.a not in found or payload.b not in found:
        raise Http404
    with refusals():
        proposed = requests.propose(
            caller(request),
            found[payload.a],
            found[payload.b],
            payload.message,
            payload.priority,
        )
    return Status(201, _request_out(REQUESTS.get(pk=proposed.pk)))


@router.post(
    "/{event_id}/remind", auth=token_auth, response={200: RemindOut, **ERRORS}, summary="提醒未预约的参会方"
)
def remind(request: HttpRequest, event_id: Id) -> dict:
    event = _event(request, event_id)
    with refusals():
        count = requests.remind_idle(event, caller(request))
    return {"reminded": count}


# --- the schedule, the agenda, the day, the report --------------------------------------------------------------


@router.post(
    "/{event_id}/schedule",
    auth=token_auth,
    response={200: ScheduleOut, **WRITE},
    summary="排程（管委会）",
)
def run_schedule(request: HttpRequest, event_id: Id, payload: ScheduleIn) -> dict:
    """Place the accepted requests in slots and at tables (预约洽谈、排程或活动当天阶段). With `keep_confirmed`
    (the default) published meetings stay where they are. Answers the run: meetings placed, total weight, the
    upper bound and the share of it reached, and each request left out with its reason in Chinese."""
    event = _event(request, event_id)
    with refusals():
        summary = scheduling.run_schedule(caller(request), event, keep_confirmed=payload.keep_confirmed)
    return _summary_out(summary)


@router.post(
    "/{event_id}/schedule/publish",
    auth=token_auth,
    response={200: PublishOut, **WRITE},
    summary="发布洽谈日程（管委会）",
)
def publish_schedule(request: HttpRequest, event_id: Id) -> dict:
    """Confirm every scheduled meeting and send each participant its agenda; 422 when nothing is scheduled."""
    event = _event(request, event_id)
    with refusals():
        fresh = scheduling.publish(caller(request), event)
    return {"confirmed": fresh}


@router.get(
    "/{event_id}/meetings",
    auth=token_auth,
    response={200: list[MeetingOut], **READ},
    summary="洽谈安排",
)
def list_meetings(request: HttpRequest, event_id: Id) -> list[dict]:
    """The operator and the technology managers: every meeting of the event; a participant: its own published
    meetings (404 for others)."""
    event = _event(request, event_id)
    user = caller(request)
    meetings = MEETINGS.filter(event=event)
    if not permissions.sees_all_events(user):
        mine = _own(request, event)
        meetings = meetings.filter(Q(request__sender=mine) | Q(request__receiver=mine), confirmed=True)
    return [_meeting_out(m) for m in meetings.order_by("slot__starts_at", "table", "pk")]


@router.get(
    "/{event_id}/agenda",
    auth=token_auth,
    response={200: list[MeetingOut], **READ},
    summary="我的洽谈日程",
)
def my_agenda(request: HttpRequest, event_id: Id) -> list[dict]:
    """The published meetings of the caller's registration in time order (cancelled ones with their status)."""
    registration = _own(request, _event(request, event_id))
    meetings = MEETINGS.filter(
        Q(request__sender=registration) | Q(request__receiver=registration), confirmed=True
    )
    return [_meeting_out(m) for m in meetings.order_by("slot__starts_at", "table", "pk")]


def _event_registration(request: HttpRequest, event_id: int, registration_id: int) -> Registration:
    event = _event(request, event_id)
    registration = (
        Registration.objects.select_related("event", "organisation")
        .filter(pk=registration_id, event=event)
        .first()
    )
    if registration is None or not permissions.can_view_registration(caller(request), registration):
        raise Http404
    return registration


@router.post(
    "/{event_id}/registrations/{registration_id}/late",
    auth=token_auth,
    response={200: ReplanOut, **WRITE},
    summary="登记迟到（管委会）",
)
def mark_late(request: HttpRequest, event_id: Id, registration_id: Id, payload: LateIn) -> dict:
    """The participant arrives at `arrives_at` (null: on time after all); the rest of the day is re-planned and
    the meetings that changed are answered."""
    registration = _event_registration(request, event_id, registration_id)
    with refusals():
        result = day.mark_late(caller(request), registration, payload.arrives_at)
    return _replan_out(result)


@router.post(
    "/{event_id}/registrations/{registration_id}/cancel",
    auth=token_auth,
    response={200: ReplanOut, **WRITE},
    summary="取消参会",
)
def cancel_registration(request: HttpRequest, event_id: Id, registration_id: Id) -> dict:
    """The operator, or the participant for itself, calls its whole day off (the registration is withdrawn); the
    rest of the day is re-planned and the meetings that changed are answered."""
    registration = _event_registration(request, event_id, registration_id)
    with refusals():
        result = day.cancel(caller(request), registration)
    return _replan_out(result)


@router.get(
    "/{event_id}/report",
    auth=token_auth,
    response={200: ReportOut, **READ, 403: ErrorOut},
    summary="活动报告（管委会、技术经理人）",
)
def report(request: HttpRequest, event_id: Id) -> dict:
    """The report's figures: registrations by type, requests, meetings, outcomes, the deals opened, per session."""
    event = _event(request, event_id)
    forbid_unless(
        permissions.can_see_report(caller(request), event), "只有管委会和技术经理人可以查看活动报告"
    )
    r = outcomes.event_report(event)
    deals, hidden = outcomes.deals_for(caller(request), r.deals)
    return {
        "event": event.pk,
        "registered": r.registered,
        "approved": r.approved,
        "registrations": r.registrations,
        "requests": r.requests,
        "meetings": r.meetings,
        "outcomes": r.outcomes,
        "follow_ups": r.follow_ups,
        "acceptance": r.acceptance,
        "attendance": r.attendance,
        "deals": [
            {
                "id": row.deal.pk,
                "code": row.deal.code,
                "title": row.deal.title,
                "stage": row.deal.stage,
                "stage_label": row.deal.get_stage_display(),
                "meeting": row.meeting.pk,
                "pair": row.pair,
            }
            for row in deals
        ],
        "deals_hidden": hidden,
        "sessions": [
            {
                "id": s.session.pk,
                "label": s.session.label,
                "slots": s.slots,
                "capacity": s.capacity,
                "scheduled": s.scheduled,
                "held": s.held,
                "no_shows": s.no_shows,
                "follow_ups": s.follow_ups,
                "deals": s.deals,
                "utilisation": s.utilisation,
            }
            for s in r.sessions
        ],
    }


# --- phase steps: POST /api/events/{id}/{open_registration|open_booking|…} ----------------------------------------

add_routes(
    router,
    EVENT,
    prefix="event",
    get=_event,
    # the event after the step as everyone sees it (the step's route has no caller to tailor it to)
    reload=lambda pk: _detail(AnonymousUser(), Event.objects.get(pk=pk)),
    out=EventDetail,
)
