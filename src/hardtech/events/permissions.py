"""Who may do what at a matchmaking event — one table for the pages, the API and the services.

The operator (管委会) organises events: sets them up, approves registrations, runs the schedule, checks
participants in and sees everything. A public event's page is open to everyone once registration opens. A
participant is an organisation: the users who belong to it register it, book meetings for it and record their
outcomes; they see their own registration, requests, agenda and meetings, and the approved participants' names.
Technology managers (技术经理人) see the participants and propose meetings for both sides.
"""

import rules
from django.db.models import Q, QuerySet

from hardtech.accounts.membership import organisation_ids
from hardtech.accounts.models import Role
from hardtech.catalogue.permissions import AnyUser, is_manager, is_operator, role_of
from hardtech.events.choices import Phase, RegistrationStatus
from hardtech.events.models import Event, Meeting, MeetingRequest, Registration


def _belongs(user: AnyUser, registration: Registration) -> bool:
    return registration.organisation_id in organisation_ids(user)


is_registrant = rules.predicate(_belongs, name="is_registrant")
is_public_event = rules.predicate(
    lambda user, event: event.public and event.phase != Phase.SETUP, name="is_public_event"
)
is_participant = rules.predicate(
    lambda user, event: event.registrations.filter(
        organisation__in=organisation_ids(user), status=RegistrationStatus.APPROVED
    ).exists(),
    name="is_participant",
)
registration_open = rules.predicate(
    lambda user, event: event.phase == Phase.REGISTRATION, name="registration_open"
)
booking_open = rules.predicate(
    lambda user, event: event.phase in (Phase.REGISTRATION, Phase.BOOKING), name="booking_open"
)
has_organisation = rules.predicate(lambda user: bool(organisation_ids(user)), name="has_organisation")
is_approved = rules.predicate(
    lambda user, registration: registration.status == RegistrationStatus.APPROVED, name="is_approved"
)
is_request_receiver = rules.predicate(
    lambda user, request: _belongs(user, request.receiver), name="is_request_receiver"
)
is_request_sender = rules.predicate(
    lambda user, request: _belongs(user, request.sender), name="is_request_sender"
)
is_meeting_side = rules.predicate(
    lambda user, meeting: (
        meeting.confirmed
        and (_belongs(user, meeting.request.sender) or _belongs(user, meeting.request.receiver))
    ),
    name="is_meeting_side",
)

RULES = rules.RuleSet(
    {
        "event.manage": is_operator,
        "event.view": is_operator | is_manager | is_public_event | is_participant,
        "event.register": has_organisation & registration_open,
        "event.participants": is_operator | is_manager | is_participant,
        "registration.view": is_operator | is_manager | is_registrant,
        "registration.edit": is_operator | is_registrant,
        "registration.review": is_operator,
        "registration.book": is_registrant & is_approved,
        "request.respond": is_operator | is_request_receiver,
        "request.withdraw": is_operator | is_request_sender,
        "request.propose": is_operator | is_manager,
        "meeting.view": is_operator | is_manager | is_meeting_side,
        "meeting.outcome": is_operator | is_meeting_side,
        "event.report": is_operator | is_manager,
    }
)


def can_manage(user: AnyUser, event: Event | None = None) -> bool:
    return RULES.test_rule("event.manage", user, event)


def can_view_event(user: AnyUser, event: Event) -> bool:
    return RULES.test_rule("event.view", user, event)


def can_register(user: AnyUser, event: Event) -> bool:
    return RULES.test_rule("event.register", user, event)


def can_see_participants(user: AnyUser, event: Event) -> bool:
    return RULES.test_rule("event.participants", user, event)


def can_view_registration(user: AnyUser, registration: Registration) -> bool:
    return RULES.test_rule("registration.view", user, registration)


def can_edit_registration(user: AnyUser, registration: Registration) -> bool:
    return RULES.test_rule("registration.edit", user, registration)


def can_review(user: AnyUser, registration: Registration) -> bool:
    return RULES.test_rule("registration.review", user, registration)


def can_book(user: AnyUser, registration: Registration) -> bool:
    """Send requests on behalf of this (approved) registration, while booking is open."""
    return RULES.test_rule("registration.book", user, registration) and booking_open(user, registration.event)


def can_respond(user: AnyUser, request: MeetingRequest) -> bool:
    return RULES.test_rule("request.respond", user, request)


def can_withdraw_request(user: AnyUser, request: MeetingRequest) -> bool:
    return RULES.test_rule("request.withdraw", user, request)


def can_propose(user: AnyUser, event: Event) -> bool:
    return RULES.test_rule("request.propose", user, event) and booking_open(user, event)


def can_view_meeting(user: AnyUser, meeting: Meeting) -> bool:
    return RULES.test_rule("meeting.view", user, meeting)


def can_record_outcome(user: AnyUser, meeting: Meeting) -> bool:
    return RULES.test_rule("meeting.outcome", user, meeting)


def can_see_report(user: AnyUser, event: Event) -> bool:
    """The event report (活动报告) and its export: the operator and the technology managers."""
    return RULES.test_rule("event.report", user, event)


def sees_unpublished(user: AnyUser, event: Event) -> bool:
    """The operator and the technology managers see meetings before the schedule is published; the
    participants only the confirmed (published) ones."""
    return is_operator(user) or is_manager(user)


def own_registration(user: AnyUser, event: Event) -> Registration | None:
    """The registration of an organisation the user belongs to, if any."""
    if role_of(user) is None:
        return None
    return event.registrations.filter(organisation__in=organisation_ids(user)).first()


def sees_all_events(user: AnyUser) -> bool:
    return role_of(user) in (Role.OPERATOR, Role.MANAGER)


def visible_events(user: AnyUser) -> QuerySet[Event]:
    """The events a user may see (permissions.can_view_event as a query): the operator and the technology
    managers all; others the public events past set-up and those their organisation registered for."""
    if sees_all_events(user):
        return Event.objects.all()
    shown = Q(public=True) & ~Q(phase=Phase.SETUP)
    if role_of(user) is not None and (orgs := organisation_ids(user)):
        taking_part = Event.objects.filter(
            registrations__organisation__in=orgs, registrations__status=RegistrationStatus.APPROVED
        ).values("pk")
        shown |= Q(pk__in=taking_part)
    return Event.objects.filter(shown)
