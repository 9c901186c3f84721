"""What the events' scheduling and day tests share: more participants, accepted requests made directly with the
models (not through the booking services), the event moved to a phase, and the rules every schedule keeps."""

from collections import Counter

from hardtech.accounts.models import Role, User
from hardtech.catalogue.models import Organisation
from hardtech.events.choices import MeetingStatus, ParticipantType, Phase, RegistrationStatus, RequestStatus
from hardtech.events.models import Meeting, MeetingRequest, Registration
from hardtech.events.services import events

STEPS = {
    Phase.REGISTRATION: [],
    Phase.BOOKING: ["open_booking"],
    Phase.SCHEDULING: ["open_booking", "start_scheduling"],
    Phase.DAY: ["open_booking", "start_scheduling", "start_day"],
    Phase.FOLLOW_UP: ["open_booking", "start_scheduling", "start_day", "follow_up"],
}


def to_phase(operator, event, phase):
    """The event (in registration) taken through the workflow to `phase`."""
    for step in STEPS[phase]:
        event = events.move(operator, event, step)
    return event


def participant(event, name, type_=ParticipantType.SUPPLY, *, sessions=None, max_meetings=4, role=None):
    """An approved registration of a new organisation, registered by a new user who belongs to it."""
    kind = "university" if type_ == ParticipantType.SUPPLY else "enterprise"
    organisation = Organisation.objects.create(name=name, kind=kind, province="陕西省")
    role = role or (Role.INSTITUTION if kind == "university" else Role.ENTERPRISE)
    user = User.objects.create_user(
        f"u{organisation.pk}", password="pass-1234", role=role, organisation=organisation
    )
    registration = Registration.objects.create(
        event=event,
        organisation=organisation,
        user=user,
        type=type_,
        status=RegistrationStatus.APPROVED,
        max_meetings=max_meetings,
        contact_name="联系人",
        contact_phone="029-88880000",
    )
    registration.sessions.set(event.sessions.all() if sessions is None else sessions)
    return registration


def accepted(sender, receiver, priority=3, score=None):
    return MeetingRequest.objects.create(
        event=sender.event,
        sender=sender,
        receiver=receiver,
        status=RequestStatus.ACCEPTED,
        priority=priority,
        score=score,
    )


def market(event, suppliers=4, buyers=4, max_meetings=4):
    """Supply and demand participants, every supplier with an accepted request to every buyer."""
    supply = [
        participant(event, f"供给方{n}", ParticipantType.SUPPLY, max_meetings=max_meetings)
        for n in range(suppliers)
    ]
    demand = [
        participant(event, f"需求方{n}", ParticipantType.DEMAND, max_meetings=max_meetings)
        for n in range(buyers)
    ]
    requests = [
        accepted(s, d, priority=1 + (i + j) % 5) for i, s in enumerate(supply) for j, d in enumerate(demand)
    ]
    return supply, demand, requests


def live(event):
    return list(
        Meeting.objects.filter(event=event)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("slot", "request")
    )


def violations(event) -> list[str]:
    """The schedule's broken rules: a participant twice in a slot, more meetings than tables, a maximum passed,
    a table outside the room or used twice, a slot outside a side's sessions."""
    out = []
    meetings = live(event)
    seat = Counter()
    per_slot = Counter()
    per_person = Counter()
    tables = Counter()
    for m in meetings:
        for side in (m.request.sender, m.request.receiver):
            seat[(side.pk, m.slot_id)] += 1
            per_person[side.pk] += 1
            if m.slot.session_id not in set(side.sessions.values_list("pk", flat=True)):
                out.append(f"{side} not available in {m.slot}")
        per_slot[m.slot_id] += 1
        tables[(m.slot_id, m.table)] += 1
        if not 1 <= m.table <= event.tables:
            out.append(f"table {m.table} outside the room")
    out += [f"{k} twice in a slot" for k, n in seat.items() if n > 1]
    out += [f"slot {k} over the tables" for k, n in per_slot.items() if n > event.tables]
    out += [f"table {k} used twice" for k, n in tables.items() if n > 1]
    for pk, n in per_person.items():
        if n > Registration.objects.get(pk=pk).max_meetings:
            out.append(f"{pk} over its maximum")
    return out
