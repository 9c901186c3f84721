"""Meeting requests (洽谈邀请): the partners the matching engine suggests, sending, answering and withdrawing a
request, a technology manager's proposal for both sides, and reminders to participants without requests.

Suggestions rank the event's other approved participants for one registration with the catalogue's match
indexes (hardtech.matching): its achievements (offers) against the others' demands (seeks), and its demands
against the others' achievements, the ranking restricted to the event's listings. When either side of a pair has
no listings (or the indexes are not built), the pair is ranked by the organisations' own words instead — their
对接意向 and listing titles — with the same engine over a small index of the event's participants. Each
suggestion carries the engine's explanation. Participants already in a request with the registration (either
direction, any status) and the registration's own organisation are never suggested.

Requests are sent, answered and withdrawn while booking is open (报名 and 预约洽谈). A receiver with auto-accept
accepts at once while it has fewer accepted meetings than its maximum.
"""

import tempfile
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.membership import organisation_ids
from hardtech.catalogue.choices import ListingStatus
from hardtech.core.workflow import WrongState
from hardtech.engines.match import Document, MatchConfig, MatchIndex
from hardtech.events import permissions
from hardtech.events.choices import Phase, RegistrationStatus, RequestStatus
from hardtech.events.models import Event, MeetingRequest, Registration
from hardtech.events.services.day import call_off
from hardtech.matching.records import ACHIEVEMENTS, DEMANDS, to_document
from hardtech.matching.services import indexable_queryset
from hardtech.matching.store import store
from hardtech.notifications import services as notifications
from hardtech.notifications.kinds import Delivery, register_kind
from hardtech.notifications.models import Notification

EVENT_REQUEST = register_kind(
    "event.request",
    "收到洽谈邀请",
    Delivery.EMAIL,
    "对接活动中有参会方邀请您洽谈，或技术经理人为您推荐了洽谈",
)
EVENT_REQUEST_ANSWER = register_kind(
    "event.request_answer", "洽谈邀请的回复", Delivery.INBOX, "您发出的洽谈邀请被接受、谢绝或撤回"
)
EVENT_REMINDER = register_kind(
    "event.reminder", "对接活动预约提醒", Delivery.EMAIL, "您报名的对接活动中还没有洽谈邀请"
)

SUGGESTION_LIMIT = 10
BOOKING = (Phase.REGISTRATION, Phase.BOOKING)


def _url(event: Event) -> str:
    return reverse("events:mine", args=[event.pk])


# --- suggestions ------------------------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """A partner the engine suggests, with why."""

    registration: Registration
    score: float
    basis: str  # "listings": a listing of one side matched one of the other's; "interests": their own words
    reason: str  # which listings (or 对接意向) matched, in Chinese
    sentence: str  # the engine's explanation
    terms: list[str] = field(default_factory=list)
    confidence: str = ""  # 高 / 中 / 低

    @property
    def organisation(self):
        return self.registration.organisation


def _taken(registration: Registration) -> set[int]:
    """The registrations already in a request with this one, either way, whatever its status."""
    pairs = MeetingRequest.objects.filter(Q(sender=registration) | Q(receiver=registration))
    return {pk for pair in pairs.values_list("sender_id", "receiver_id") for pk in pair} - {registration.pk}


def candidates(registration: Registration) -> list[Registration]:
    """The approved participants the registration may still meet: other organisations, no request yet."""
    return list(
        registration.event.registrations.filter(status=RegistrationStatus.APPROVED)
        .exclude(organisation_id=registration.organisation_id)
        .exclude(pk__in=_taken(registration))
        .select_related("organisation", "user")
        .prefetch_related("offers__organisations", "seeks")
    )


def _published(items) -> list:
    return [i for i in items if i.status == ListingStatus.PUBLISHED]


def _ranked(source, kind: str, wanted: set[int]) -> list:
    """The engine's matches of a listing among the `wanted` records of the target index only."""
    index = store.current(kind)
    if index is None or not wanted:
        return []
    others = indexable_queryset(kind).exclude(pk__in=wanted).values_list("pk", flat=True)
    with store.guard:
        found = index.search(to_document(source), top=len(wanted) + 5, exclude=[str(pk) for pk in others])
        return [(m, m.explain) for m in found if m.id.isascii() and m.id.isdigit() and int(m.id) in wanted]


def _profile(registration: Registration) -> str:
    """An organisation's own words at the event: its 对接意向 and its listings' titles and keywords."""
    parts = [registration.interests]
    for item in [*_published(registration.offers.all()), *_published(registration.seeks.all())]:
        parts += [item.title, " ".join(item.keywords or [])]
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _by_words(registration: Registration, others: list[Registration]) -> list[tuple]:
    """Rank others by their own words against the registration's, with the engine over a throwaway index."""
    query = _profile(registration)
    docs = [Document(id=str(o.pk), title="", text=text) for o in others if (text := _profile(o))]
    if not query or not docs:
        return []
    with tempfile.TemporaryDirectory(prefix="event-match-") as path:
        index = MatchIndex.build(docs, path, config=MatchConfig(dense_weight=0.0))
        found = index.search(Document(id="query", title="", text=query), top=len(docs))
        return [(m, m.explain) for m in found]


def suggestions(registration: Registration, limit: int = SUGGESTION_LIMIT) -> list[Suggestion]:
    """The best partners for a registration, best first: listing matches, then matches by their own words."""
    others = candidates(registration)
    if not others:
        return []
    best: dict[int, Suggestion] = {}

    def consider(other: Registration, score: float, basis: str, reason: str, explanation) -> None:
        held = best.get(other.pk)
        rank = (basis == "listings", score)
        if held is None or rank > (held.basis == "listings", held.score):
            best[other.pk] = Suggestion(
                other,
                round(float(score), 3),
                basis,
                reason,
                explanation.sentence,
                list(explanation.matched_terms[:5]),
                explanation.confidence.label,
            )

    my_offers = _published(registration.offers.prefetch_related("organisations"))
    my_seeks = _published(registration.seeks.all())
    seekers: dict[int, list[Registration]] = {}
    offerers: dict[int, list[Registration]] = {}
    titles: dict[tuple[str, int], str] = {}
    for other in others:
        for demand in _published(other.seeks.all()):
            seekers.setdefault(demand.pk, []).append(other)
            titles[DEMANDS, demand.pk] = demand.title
        for achievement in _published(other.offers.all()):
            offerers.setdefault(achievement.pk, []).append(other)
            titles[ACHIEVEMENTS, achievement.pk] = achievement.title
    indexed = store.current(ACHIEVEMENTS) is not None and store.current(DEMANDS) is not None
    if indexed:
        for achievement in my_offers:
            for match, explanation in _ranked(achievement, DEMANDS, set(seekers)):
                demand = titles[DEMANDS, int(match.id)]
                reason = f"您的成果《{achievement.title}》可对接对方的需求《{demand}》"
                for other in seekers[int(match.id)]:
                    consider(other, match.score, "listings", reason, explanation)
        for demand in my_seeks:
            for match, explanation in _ranked(demand, ACHIEVEMENTS, set(offerers)):
                achievement = titles[ACHIEVEMENTS, int(match.id)]
                reason = f"对方的成果《{achievement}》可解决您的需求《{demand.title}》"
                for other in offerers[int(match.id)]:
                    consider(other, match.score, "listings", reason, explanation)
    mine_listed = bool(my_offers or my_seeks)
    by_words = [
        o
        for o in others
        if o.pk not in best
        and (not indexed or not mine_listed or not (_published(o.offers.all()) or _published(o.seeks.all())))
    ]
    if by_words:
        by_pk = {o.pk: o for o in by_words}
        for match, explanation in _by_words(registration, by_words):
            terms = "、".join(explanation.matched_terms[:3])
            reason = f"双方的对接意向在“{terms}”等方面相符" if terms else "双方的对接意向相近"
            consider(by_pk[int(match.id)], match.score, "interests", reason, explanation)
            held = best[int(match.id)]
            if held.basis == "interests":  # the engine speaks of an entry and a query; here both are 意向
                held.sentence = held.sentence.replace("该条目与查询", "对方的对接意向与您的意向")
    ranked = sorted(best.values(), key=lambda s: (s.basis != "listings", -s.score, s.registration.pk))
    return ranked[:limit]


# --- sending and answering ---------------------------------------------------------------------------------------


def _accepted_count(registration: Registration) -> int:
    return MeetingRequest.objects.filter(
        Q(sender=registration) | Q(receiver=registration), status=RequestStatus.ACCEPTED
    ).count()


def _check_pair(sender: Registration, receiver: Registration) -> None:
    """What any request between two registrations needs: the same event, booking open, both approved, and no
    request between them already (a withdrawn one of the same direction is sent anew by the caller)."""
    event = sender.event
    if receiver.event_id != event.pk:
        raise ValidationError({"receiver": ["对方不是本活动的参会方"]})
    if event.phase not in BOOKING:
        raise ValidationError({"phase": [f"活动当前为“{event.get_phase_display()}”阶段，预约洽谈已截止"]})
    if event.booking_deadline and timezone.now() > event.booking_deadline:
        deadline = timezone.localtime(event.booking_deadline)
        raise ValidationError({"phase": [f"预约洽谈已于 {deadline:%Y-%m-%d %H:%M} 截止"]})
    if sender.status != RegistrationStatus.APPROVED:
        raise ValidationError({"sender": ["报名通过审核后才能预约洽谈"]})
    if receiver.status != RegistrationStatus.APPROVED:
        raise ValidationError({"receiver": ["对方的报名尚未通过审核，不能预约"]})
    if receiver.organisation_id == sender.organisation_id:
        raise ValidationError({"receiver": ["不能向本机构发出洽谈邀请"]})
    reverse_request = MeetingRequest.objects.filter(sender=receiver, receiver=sender).first()
    if reverse_request and reverse_request.status == RequestStatus.SENT:
        raise ValidationError({"receiver": ["对方已向您发出洽谈邀请，请在“收到的邀请”中回复"]})
    if reverse_request and reverse_request.status == RequestStatus.ACCEPTED:
        raise ValidationError({"receiver": ["双方已约定洽谈"]})


def match_score(sender: Registration, receiver: Registration) -> float | None:
    """The matching engine's score of the pair, as the suggestions rank it (None when the engine does not
    suggest the pair). Computed here, never taken from the client: it weighs the meeting in the schedule."""
    return next((s.score for s in suggestions(sender, limit=None) if s.registration.pk == receiver.pk), None)


def _create(
    user, sender: Registration, receiver: Registration, message: str, priority: int, proposed_by=None
) -> MeetingRequest:
    """The request, or a withdrawn one of the same pair sent anew; accepted at once under auto-accept."""
    existing = MeetingRequest.objects.select_for_update().filter(sender=sender, receiver=receiver).first()
    if existing is not None and existing.status != RequestStatus.WITHDRAWN:
        raise ValidationError(
            {
                "receiver": [
                    f"已向“{receiver.organisation.name}”发出过洽谈邀请（{existing.get_status_display()}）"
                ]
            }
        )
    request = existing or MeetingRequest(event=sender.event, sender=sender, receiver=receiver)
    request.message = (message or "").strip()
    request.priority = priority
    request.score = match_score(sender, receiver)
    request.proposed_by = proposed_by
    request.status = RequestStatus.SENT
    request.responded_at = None
    request.full_clean()
    auto = receiver.auto_accept and _accepted_count(receiver) < receiver.max_meetings
    if auto:
        request.status = RequestStatus.ACCEPTED
        request.responded_at = timezone.now()
    try:
        with transaction.atomic():  # two sends of the same pair at once: the second is refused, not a 500
            request.save()
    except IntegrityError as exc:
        raise ValidationError({"receiver": [f"已向“{receiver.organisation.name}”发出过洽谈邀请"]}) from exc
    return request


def send_request(
    user, sender: Registration, receiver: Registration, message: str = "", priority: int = 3
) -> MeetingRequest:
    """A participant invites another to a 1:1 meeting; refused to oneself and to one's own organisation."""
    if sender.organisation_id not in organisation_ids(user):
        raise PermissionDenied("只能以您所属的参会机构发出洽谈邀请")
    if receiver.pk == sender.pk:
        raise ValidationError({"receiver": ["不能向自己发出洽谈邀请"]})
    if receiver.organisation_id in organisation_ids(user):
        raise ValidationError({"receiver": ["不能向本机构发出洽谈邀请"]})
    _check_pair(sender, receiver)
    with transaction.atomic():
        request = _create(user, sender, receiver, message, priority)
        event = sender.event
        if request.status == RequestStatus.ACCEPTED:
            notifications.notify(
                [receiver.user],
                EVENT_REQUEST.code,
                request,
                title=f"“{sender.organisation.name}”预约了与您在“{event.title}”洽谈（已自动接受）",
                body=request.message,
                url=_url(event),
                actor=user,
            )
            notifications.notify(
                [sender.user],
                EVENT_REQUEST_ANSWER.code,
                request,
                title=f"“{receiver.organisation.name}”已接受您的洽谈邀请",
                url=_url(event),
                actor=user,
            )
        else:
            notifications.notify(
                [receiver.user],
                EVENT_REQUEST.code,
                request,
                title=f"“{sender.organisation.name}”邀请您在“{event.title}”洽谈",
                body=request.message,
                url=_url(event),
                actor=user,
            )
    return request


def _lock(request: MeetingRequest) -> MeetingRequest:
    return MeetingRequest.objects.select_for_update().select_related("sender", "receiver").get(pk=request.pk)


def respond(user, request: MeetingRequest, accept: bool) -> MeetingRequest:
    """The receiver (or the operator) accepts or declines a request that awaits an answer."""
    if not permissions.can_respond(user, request):
        raise PermissionDenied("只有受邀方可以回复洽谈邀请")
    event = request.event
    if event.phase not in BOOKING:
        raise ValidationError({"phase": [f"活动当前为“{event.get_phase_display()}”阶段，不能再回复邀请"]})
    with transaction.atomic():
        current = _lock(request)
        if current.status != RequestStatus.SENT:
            raise WrongState(f"该邀请{current.get_status_display()}，不能再回复")
        current.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
        current.responded_at = timezone.now()
        current.save(update_fields=["status", "responded_at"])
        verb = "接受" if accept else "谢绝"
        told = [current.sender.user]
        if current.proposed_by_id:
            told.append(current.proposed_by)
        notifications.notify(
            told,
            EVENT_REQUEST_ANSWER.code,
            current,
            title=f"“{current.receiver.organisation.name}”已{verb}与“{current.sender.organisation.name}”的洽谈",
            url=_url(event),
            actor=user,
        )
    return current


def withdraw(user, request: MeetingRequest) -> MeetingRequest:
    """The sender (or the operator) withdraws a request, answered or not, while booking is open."""
    if not permissions.can_withdraw_request(user, request):
        raise PermissionDenied("只有邀请方可以撤回洽谈邀请")
    event = request.event
    if event.phase not in BOOKING:
        raise ValidationError({"phase": ["排程开始后不能撤回邀请，请联系管委会"]})
    with transaction.atomic():
        current = _lock(request)
        if current.status not in (RequestStatus.SENT, RequestStatus.ACCEPTED):
            raise WrongState(f"该邀请{current.get_status_display()}，不能撤回")
        current.status = RequestStatus.WITHDRAWN
        current.responded_at = timezone.now()
        current.save(update_fields=["status", "responded_at"])
        call_off(user, [current], f"“{current.sender.organisation.name}”撤回了洽谈邀请")
        notifications.notify(
            [current.receiver.user],
            EVENT_REQUEST_ANSWER.code,
            current,
            title=f"“{current.sender.organisation.name}”撤回了洽谈邀请",
            url=_url(event),
            actor=user,
        )
    return current


def propose(
    manager, a: Registration, b: Registration, message: str = "", priority: int = 3
) -> MeetingRequest:
    """A technology manager (or the operator) proposes a meeting for both sides: a request from a to b with
    proposed_by set, both sides told; b accepts (at once under auto-accept)."""
    event = a.event
    if not permissions.can_propose(manager, event):
        raise PermissionDenied("只有技术经理人和管委会可以在预约阶段推荐洽谈")
    if a.pk == b.pk:
        raise ValidationError({"b": ["请选择两个不同的参会方"]})
    _check_pair(a, b)
    with transaction.atomic():
        request = _create(manager, a, b, message, priority, proposed_by=manager)
        state = "（对方已自动接受）" if request.status == RequestStatus.ACCEPTED else "，待对方确认"
        notifications.notify(
            [a.user],
            EVENT_REQUEST.code,
            request,
            title=f"技术经理人 {manager} 推荐您与“{b.organisation.name}”洽谈{state}",
            body=request.message,
            url=_url(event),
            actor=manager,
        )
        answer = "（已按您的设置自动接受）" if request.status == RequestStatus.ACCEPTED else "，请确认"
        notifications.notify(
            [b.user],
            EVENT_REQUEST.code,
            request,
            title=f"技术经理人 {manager} 推荐您与“{a.organisation.name}”洽谈{answer}",
            body=request.message,
            url=_url(event),
            actor=manager,
        )
    return request


# --- reminders ----------------------------------------------------------------------------------------------------


def idle(event: Event):
    """The approved participants with no request sent or received (withdrawn ones do not count)."""
    live = MeetingRequest.objects.filter(event=event).exclude(status=RequestStatus.WITHDRAWN)
    busy = {pk for pair in live.values_list("sender_id", "receiver_id") for pk in pair}
    return (
        event.registrations.filter(status=RegistrationStatus.APPROVED)
        .exclude(pk__in=busy)
        .select_related("user", "organisation")
    )


def remind_idle(event: Event, user=None) -> int:
    """Remind each idle participant to book, at most once a day each (the command may run daily and the
    operator press the button too); returns how many were reminded. Only while booking is open."""
    if user is not None and not permissions.can_manage(user, event):
        raise PermissionDenied("只有管委会可以发送预约提醒")
    if event.phase not in BOOKING:
        raise ValidationError({"phase": [f"活动当前为“{event.get_phase_display()}”阶段，不在预约期内"]})
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    today = Notification.objects.filter(
        kind=EVENT_REMINDER.code,
        content_type=ContentType.objects.get_for_model(Registration),
        created_at__gte=start,
    )
    count = 0
    with transaction.atomic():
        for registration in idle(event).exclude(pk__in=today.values("object_id")):
            sent = notifications.notify(
                [registration.user],
                EVENT_REMINDER.code,
                registration,
                title=f"“{event.title}”：您还没有洽谈邀请",
                body="系统已按双方的成果与需求为您推荐了洽谈对象，点击查看并发出邀请。",
                url=_url(event),
                actor=user,
            )
            count += bool(sent)
    return count
