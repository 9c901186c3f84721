"""After a meeting: each side's outcome in one tap, and the deal a meeting opens.

    record_outcome(user, meeting, result, note="", side=None) → Outcome
    event_report(event) → Report    the figures of the event report (a read: registrations, requests,
                                    meetings, outcomes, the deals opened, per session)

Each side of a meeting records one outcome (不相关 / 继续跟进 / 发起技术转移项目) and may change it later; the
operator may record it for either side (naming the side). Recording an outcome marks a scheduled meeting held
(已举行), once its slot has started; a meeting cancelled or marked 未到场 takes no outcome. Outcomes are
recorded on the day and in follow-up (活动当天 / 跟进). Either side may write the meeting's notes (洽谈纪要, one
text for both) with its outcome.

发起技术转移项目 opens a deal (hardtech.deals.services.open_deal, source "event") with both parties: the seller is
the supply side (供给方; otherwise the side that offers achievements) with its offered achievements, the buyer
the demand side (需求方; otherwise the side that seeks) with its sought demands. Its summary names the event,
the slot and table, the meeting's page, the meeting's notes (洽谈纪要) and the side's note. A meeting opens at
most one deal: when the other side (or the same side again) later chooses 发起技术转移项目, its outcome points to
the deal already opened. Changing an outcome away from 发起技术转移项目 keeps the deal (it lives on in the
pipeline, where its lead may end it) and the link to it.

Who opens and who leads, since a participant may not open a deal itself (deals are opened by technology
managers and the operator):

- the lead is the technology manager who records the outcome; otherwise the manager who proposed the meeting
  (MeetingRequest.proposed_by) while still an active manager; otherwise the active manager leading the fewest
  open deals (ties: the longest-standing account) — the event's organiser may hand the deal on afterwards
  (deals' change_lead);
- the opener (the deal's created_by) is the user recording, when they may open deals (operator, manager);
  for a participant the deal is opened on behalf of the event by its organiser (when still an operator),
  else by the lead. The audit trail still names the participant who tapped.

Both sides hear of the new deal through the deal's own notification (open_deal tells its team and the users of
both parties, except the opener), and the side that did not record it gets this module's event.outcome notice.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.membership import organisation_ids
from hardtech.accounts.models import Role, User
from hardtech.deals import permissions as deal_permissions
from hardtech.deals import services as deal_services
from hardtech.deals.choices import OPEN_STAGES, Source
from hardtech.deals.models import Deal
from hardtech.events import permissions
from hardtech.events.choices import (
    MeetingStatus,
    OutcomeResult,
    ParticipantType,
    Phase,
    RegistrationStatus,
    RequestStatus,
)
from hardtech.events.models import Event, Meeting, Outcome, Registration, Session
from hardtech.notifications import services as notifications
from hardtech.notifications.kinds import Delivery, register_kind

EVENT_OUTCOME = register_kind(
    "event.outcome", "洽谈结果", Delivery.INBOX, "洽谈对方记录了洽谈结果或由洽谈发起了技术转移项目"
)

PHASES = (Phase.DAY, Phase.FOLLOW_UP)
LIVE = (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)
NO_MANAGER = "平台暂无在职的技术经理人，无法发起技术转移项目，请联系管委会"


def outcome_url(meeting: Meeting) -> str:
    return reverse("events:outcome", args=[meeting.event_id, meeting.pk])


def sides(meeting: Meeting) -> tuple[Registration, Registration]:
    return meeting.request.sender, meeting.request.receiver


def side_of(user, meeting: Meeting) -> Registration | None:
    """The side of the meeting the user belongs to, if any."""
    ids = organisation_ids(user) if getattr(user, "is_authenticated", False) else set()
    for registration in sides(meeting):
        if registration.organisation_id in ids:
            return registration
    return None


def _load(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related(
        "event",
        "slot__session",
        "request__proposed_by",
        "request__sender__organisation",
        "request__receiver__organisation",
        "request__sender__user",
        "request__receiver__user",
    ).get(pk=meeting.pk)


def record_outcome(
    user,
    meeting: Meeting,
    result: str,
    note: str = "",
    side: Registration | None = None,
    *,
    notes: str | None = None,
    at=None,
) -> Outcome:
    """Record (or change) one side's outcome of the meeting; see the module's docstring. `notes`, when given,
    replaces the meeting's 洽谈纪要 (shared by both sides) in the same step, before a deal takes it up."""
    meeting = _load(meeting)
    if not permissions.can_record_outcome(user, meeting):
        raise PermissionDenied("只有洽谈双方或管委会可以记录洽谈结果")
    if result not in OutcomeResult.values:
        raise ValidationError({"result": ["请选择洽谈结果"]})
    note = " ".join((note or "").split())
    if len(note) > 500:
        raise ValidationError({"note": ["备注最多 500 字"]})
    if notes is not None:
        notes = "\n".join(line.rstrip() for line in notes.strip().splitlines())
        if len(notes) > 5000:
            raise ValidationError({"notes": ["洽谈纪要最多 5000 字"]})
    own = side_of(user, meeting)
    if own is not None:
        side = own
    elif side is None or side.pk not in {r.pk for r in sides(meeting)}:
        raise ValidationError({"side": ["请选择为哪一方记录洽谈结果"]})
    event = meeting.event
    if event.phase not in PHASES:
        raise ValidationError(
            {"phase": [f"活动当前为“{event.get_phase_display()}”阶段，活动当天和跟进阶段才能记录洽谈结果"]}
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"meeting": ["该洽谈已取消，不能记录结果"]})
    if meeting.status == MeetingStatus.NO_SHOW:
        raise ValidationError({"meeting": ["该洽谈已记为未到场；如确已举行，请管委会先改为已举行"]})
    if meeting.slot.starts_at > (at or timezone.now()):
        raise ValidationError({"meeting": ["洽谈尚未开始，开始后才能记录结果"]})
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if current.status not in (MeetingStatus.SCHEDULED, MeetingStatus.HELD):
            raise ValidationError({"meeting": [f"该洽谈{current.get_status_display()}，不能记录结果"]})
        changed = []
        if current.status == MeetingStatus.SCHEDULED:
            current.status = meeting.status = MeetingStatus.HELD
            changed.append("status")
        if notes is not None and notes != current.notes:
            current.notes = meeting.notes = notes
            changed.append("notes")
        if changed:
            current.save(update_fields=[*changed, "updated_at"])
        outcome = Outcome.objects.filter(meeting=meeting, registration=side).first() or Outcome(
            meeting=meeting, registration=side
        )
        before = outcome.result if outcome.pk else ""
        outcome.result, outcome.note, outcome.author = result, note, user
        opened = None
        if result == OutcomeResult.START_DEAL and outcome.deal_id is None:
            outcome.deal = _deal_of(meeting)
            if outcome.deal is None:
                outcome.deal = opened = _open_deal(user, meeting, side, note)
        outcome.full_clean(exclude=["meeting", "registration", "deal", "author"])
        outcome.save()
        if before != result:
            _tell_other_side(user, meeting, side, outcome, opened)
    return outcome


def _deal_of(meeting: Meeting) -> Deal | None:
    """The deal the meeting already opened (from either side's outcome), if any."""
    found = (
        Outcome.objects.filter(meeting=meeting, deal__isnull=False)
        .select_related("deal")
        .order_by("pk")
        .first()
    )
    return found.deal if found else None


def seller_and_buyer(meeting: Meeting) -> tuple[Registration, Registration]:
    """(seller, buyer): the supply side sells and the demand side buys; between other types, the side offering
    achievements sells and the side seeking sells nothing. Refused when the roles cannot be told apart."""
    a, b = sides(meeting)
    for seller, buyer in ((a, b), (b, a)):
        if seller.type == ParticipantType.SUPPLY and buyer.type != ParticipantType.SUPPLY:
            return seller, buyer
    for seller, buyer in ((a, b), (b, a)):
        if buyer.type == ParticipantType.DEMAND and seller.type != ParticipantType.DEMAND:
            return seller, buyer
    offers = {r.pk: r.offers.exists() for r in (a, b)}
    seeks = {r.pk: r.seeks.exists() for r in (a, b)}
    for seller, buyer in ((a, b), (b, a)):
        if offers[seller.pk] and not offers[buyer.pk] or seeks[buyer.pk] and not seeks[seller.pk]:
            return seller, buyer
    raise ValidationError(
        {"result": ["无法判断洽谈双方谁是成果方、谁是需求方，请由技术经理人在技术转移项目中手工创建"]}
    )


def choose_lead(user, meeting: Meeting) -> User:
    """The deal's lead technology manager (the rule in the module's docstring)."""
    if getattr(user, "role", None) == Role.MANAGER and user.is_active:
        return user
    proposer = meeting.request.proposed_by
    if proposer is not None and proposer.role == Role.MANAGER and proposer.is_active:
        return proposer
    manager = (
        User.objects.filter(role=Role.MANAGER, is_active=True)
        .annotate(load=Count("deals_led", filter=Q(deals_led__stage__in=OPEN_STAGES)))
        .order_by("load", "date_joined", "pk")
        .first()
    )
    if manager is None:
        raise ValidationError({"result": [NO_MANAGER]})
    return manager


def _opener(user, meeting: Meeting, lead: User) -> User:
    if deal_permissions.can_open(user):
        return user
    organiser = meeting.event.organiser
    if organiser is not None and organiser.is_active and deal_permissions.can_open(organiser):
        return organiser
    return lead


def _summary(meeting: Meeting, side: Registration, note: str) -> str:
    event, slot = meeting.event, meeting.slot
    when = timezone.localtime(slot.starts_at)
    lines = [
        f"来自对接活动“{event.title}”（{event.starts_on:%Y-%m-%d}，{event.venue}）的一对一洽谈："
        f"{slot.session.label} {when:%H:%M} {meeting.table}号桌。",
        f"洽谈页面：{settings.SITE_URL.rstrip('/')}{outcome_url(meeting)}",
    ]
    if meeting.notes.strip():
        lines.append(f"洽谈纪要：{meeting.notes.strip()}")
    if meeting.request.message:
        lines.append(f"洽谈邀请附言：{meeting.request.message}")
    if note:
        lines.append(f"{side.organisation.name}的备注：{note}")
    text = "\n".join(lines)
    return text if len(text) <= 4000 else text[:3999] + "…"


def _open_deal(user, meeting: Meeting, side: Registration, note: str) -> Deal:
    seller, buyer = seller_and_buyer(meeting)
    lead = choose_lead(user, meeting)
    opener = _opener(user, meeting, lead)
    achievements = list(seller.offers.all())
    demands = list(buyer.seeks.all())
    title = f"{seller.organisation.name} × {buyer.organisation.name}（{meeting.event.title}）"
    if len(achievements) == 1:
        title = f"{achievements[0].title}（{buyer.organisation.name}）"
    return deal_services.open_deal(
        opener,
        title=title[:200],
        summary=_summary(meeting, side, note),
        source=Source.EVENT,
        achievements=achievements,
        demands=demands,
        sellers=[seller.organisation],
        buyers=[buyer.organisation],
        lead=lead,
    )


def _tell_other_side(
    user, meeting: Meeting, side: Registration, outcome: Outcome, opened: Deal | None
) -> None:
    other = next(r for r in sides(meeting) if r.pk != side.pk)
    if opened is not None:
        title = f"“{side.organisation.name}”由与您的洽谈发起了技术转移项目 {opened.code}"
        url = reverse("deals:detail", args=[opened.pk])
    else:
        title = f"“{side.organisation.name}”记录了与您的洽谈结果：{outcome.get_result_display()}"
        url = outcome_url(meeting)
    notifications.notify(
        [other.user], EVENT_OUTCOME.code, outcome, title=title, body=outcome.note, url=url, actor=user
    )


# --- the event report -------------------------------------------------------------------------------------------


@dataclass
class DealRow:
    deal: Deal
    meeting: Meeting
    pair: str


def deals_for(user, rows: list[DealRow]) -> tuple[list[DealRow], int]:
    """The report's deal rows the user may see (hardtech.deals.permissions.can_view: the operator, the deal's
    team, its parties) and how many more there are that they may not — those count, but are not shown."""
    shown = [row for row in rows if deal_permissions.can_view(user, row.deal)]
    return shown, len(rows) - len(shown)


@dataclass
class SessionRow:
    session: Session
    slots: int
    capacity: int  # slots × tables
    scheduled: int  # live meetings (scheduled, held, no-show)
    held: int
    no_shows: int
    follow_ups: int  # meetings where a side chose 继续跟进
    deals: int

    @property
    def utilisation(self) -> int | None:
        """Percent of the session's places (slots × tables) taken by a meeting."""
        return round(100 * self.scheduled / self.capacity) if self.capacity else None


@dataclass
class Report:
    event: Event
    registrations: list[dict] = field(default_factory=list)  # per type: label, total, approved, checked_in
    requests: dict[str, int] = field(
        default_factory=dict
    )  # sent, accepted, declined, pending, withdrawn, proposed
    meetings: dict[str, int] = field(default_factory=dict)  # scheduled, held, no_show, cancelled, open
    outcomes: dict[str, int] = field(default_factory=dict)  # per OutcomeResult: outcomes recorded
    follow_ups: int = 0  # meetings with at least one 继续跟进
    deals: list[DealRow] = field(default_factory=list)
    sessions: list[SessionRow] = field(default_factory=list)

    @property
    def approved(self) -> int:
        return sum(r["approved"] for r in self.registrations)

    @property
    def registered(self) -> int:
        return sum(r["total"] for r in self.registrations)

    @property
    def acceptance(self) -> int | None:
        """Percent of the answered requests that were accepted."""
        answered = self.requests["accepted"] + self.requests["declined"]
        return round(100 * self.requests["accepted"] / answered) if answered else None

    @property
    def attendance(self) -> int | None:
        """Percent of the meetings whose slot was recorded (held or no-show) that were held."""
        done = self.meetings["held"] + self.meetings["no_show"]
        return round(100 * self.meetings["held"] / done) if done else None


def event_report(event: Event) -> Report:
    """The event's figures: registrations by type, requests, meetings, outcomes, deals opened, per session."""
    report = Report(event)
    regs = event.registrations.all()
    for value, label in ParticipantType.choices:
        mine = regs.filter(type=value)
        total = mine.exclude(status=RegistrationStatus.WITHDRAWN).count()
        if not total and not event.caps.get(value):
            continue
        approved = mine.filter(status=RegistrationStatus.APPROVED)
        report.registrations.append(
            {
                "type": value,
                "label": label,
                "total": total,
                "approved": approved.count(),
                "checked_in": approved.filter(checked_in_at__isnull=False).count(),
                "cap": event.caps.get(value),
            }
        )
    requests = dict(event.requests.values_list("status").annotate(n=Count("pk")))
    report.requests = {
        "sent": sum(n for s, n in requests.items() if s != RequestStatus.WITHDRAWN),
        "accepted": requests.get(RequestStatus.ACCEPTED, 0),
        "declined": requests.get(RequestStatus.DECLINED, 0),
        "pending": requests.get(RequestStatus.SENT, 0),
        "withdrawn": requests.get(RequestStatus.WITHDRAWN, 0),
        "proposed": event.requests.exclude(status=RequestStatus.WITHDRAWN)
        .filter(proposed_by__isnull=False)
        .count(),
    }
    meetings = dict(event.meetings.values_list("status").annotate(n=Count("pk")))
    report.meetings = {
        "scheduled": sum(meetings.get(s, 0) for s in LIVE),
        "held": meetings.get(MeetingStatus.HELD, 0),
        "no_show": meetings.get(MeetingStatus.NO_SHOW, 0),
        "cancelled": meetings.get(MeetingStatus.CANCELLED, 0),
        "open": meetings.get(MeetingStatus.SCHEDULED, 0),
    }
    outcomes = Outcome.objects.filter(meeting__event=event)
    counted = dict(outcomes.values_list("result").annotate(n=Count("pk")))
    report.outcomes = {value: counted.get(value, 0) for value in OutcomeResult.values}
    follow_meetings = set(outcomes.filter(result=OutcomeResult.FOLLOW_UP).values_list("meeting", flat=True))
    report.follow_ups = len(follow_meetings)
    seen: dict[int, DealRow] = {}
    for outcome in (
        outcomes.filter(deal__isnull=False)
        .select_related(
            "deal__lead",
            "meeting__slot__session",
            "meeting__request__sender__organisation",
            "meeting__request__receiver__organisation",
        )
        .order_by("deal__code", "pk")
    ):
        if outcome.deal_id not in seen:
            m = outcome.meeting
            pair = f"{m.request.sender.organisation.name} 与 {m.request.receiver.organisation.name}"
            seen[outcome.deal_id] = DealRow(outcome.deal, m, pair)
    report.deals = list(seen.values())
    deal_meetings: dict[int, set[int]] = defaultdict(set)
    for row in report.deals:
        deal_meetings[row.meeting.slot.session_id].add(row.deal.pk)
    per_session = defaultdict(lambda: defaultdict(int))
    for session_id, status, n in (
        event.meetings.values_list("slot__session", "status").annotate(n=Count("pk")).order_by()
    ):
        per_session[session_id][status] += n
    follow_by_session = defaultdict(int)
    for session_id in Meeting.objects.filter(pk__in=follow_meetings).values_list("slot__session", flat=True):
        follow_by_session[session_id] += 1
    for session in event.sessions.annotate(n_slots=Count("slots")).order_by("starts_at", "pk"):
        counts = per_session[session.pk]
        report.sessions.append(
            SessionRow(
                session=session,
                slots=session.n_slots,
                capacity=session.n_slots * event.tables,
                scheduled=sum(counts.get(s, 0) for s in LIVE),
                held=counts.get(MeetingStatus.HELD, 0),
                no_shows=counts.get(MeetingStatus.NO_SHOW, 0),
                follow_ups=follow_by_session[session.pk],
                deals=len(deal_meetings[session.pk]),
            )
        )
    return report
