"""The sample zone's matchmaking events (对接会 / 路演), built through the events' own services like an organiser
and the participants would:

- 2026 秋季硬科技成果转化对接会, three weeks ago, now in 跟进: the sample zone's universities, institutes,
  enterprises and a fund registered and were approved, sent, accepted and declined requests (one proposed by a
  technology manager), the schedule was run and published, participants checked in, meetings were held or
  missed, and both sides recorded outcomes — three meetings opened deals (hardtech.deals, source 对接活动), some
  outcomes are still to be recorded;
- 2027 新春硬科技路演与对接会, a month ahead, open for booking (预约洽谈): a programme with roadshows of sample
  achievements, two sessions, approved and pending registrations, accepted, declined and pending requests;
- 2027 春季生物医药专场对接会, in 报名 with its first sign-ups, and 2027 秋季成果转化对接会 still in 筹备.

Organisations without a demo login register through a contact account of their own (`demo-contact-<key>`, no
usable password: it exists as the registrant and the receiver of its notices). The dates are set back afterwards
(queryset updates, outside the audit trail) so sign-ups and answers precede the event. A re-run of
`hardtech demo` finds each event by its title and leaves it as it is.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from hardtech.accounts.demo import contact_account
from hardtech.accounts.models import Role, User
from hardtech.audit.context import acting_as
from hardtech.catalogue.models import Achievement, Organisation
from hardtech.engines.schedule import Options
from hardtech.events.choices import (
    MeetingStatus,
    OutcomeResult,
    ParticipantType,
    Phase,
    ProgrammeKind,
    RegistrationStatus,
    RequestStatus,
)
from hardtech.events.models import Event, MeetingRequest, Outcome, Registration
from hardtech.events.services import day, events, outcomes, registrations, requests, scheduling

OPERATOR = "demo-operator"
MANAGER = "demo-manager"
ORG = "DEMO-ORG-"
# Sample organisations with a demo login of their own (hardtech/demo/data/people.yaml).
LOGINS = {
    "xjtu": "demo-xjtu",
    "nwpu": "demo-nwpu",
    "xidian": "demo-xidian",
    "e-xinxin": "demo-xinxin",
    "e-kangtai": "demo-kangtai",
    "e-taixin": "demo-taixin",
    "e-jinggong": "demo-jinggong",
}
S, D, INV = ParticipantType.SUPPLY, ParticipantType.DEMAND, ParticipantType.INVESTOR
NR, FU, DEAL = OutcomeResult.NOT_RELEVANT, OutcomeResult.FOLLOW_UP, OutcomeResult.START_DEAL
SCHEDULE = Options(time_limit=1.0)  # a handful of requests: the engine's exact pass settles it at once


@dataclass(frozen=True)
class Party:
    key: str  # organisation key (organisations.yaml)
    type: str
    status: str = RegistrationStatus.APPROVED
    interests: str = ""
    auto_accept: bool = False
    checked_in: bool = True  # past events


@dataclass(frozen=True)
class Ask:
    sender: str
    receiver: str
    answer: str = "accept"  # accept | decline | "" (no answer yet)
    message: str = ""
    priority: int = 3
    proposed_by: str = ""  # a manager's username: proposed for both sides
    held: bool = True  # past events: held, or missed (未到场)
    outcomes: tuple = ()  # (sender's result or "", receiver's result or "")
    notes: str = ""  # 洽谈纪要
    note: str = ""  # the outcome's note


@dataclass(frozen=True)
class Spec:
    title: str
    days: int  # from today (negative: past)
    phase: str
    venue: str
    description: str
    sessions: tuple  # (label, hour, minute, slot minutes, slot count)
    tables: int = 6
    programme: tuple = ()  # (kind, title, speaker, hour, minute, minutes, achievement external id)
    parties: tuple = ()
    asks: tuple = ()
    caps: dict = field(default_factory=dict)


EVENTS = [
    Spec(
        "2026 秋季硬科技成果转化对接会",
        -21,
        Phase.FOLLOW_UP,
        "高新区创业大厦三层多功能厅",
        "示范区管委会联合长安技术转移中心举办，聚焦半导体、先进材料与智能制造，高校院所与企业一对一洽谈。",
        (("上午场", 9, 30, 30, 4), ("下午场", 14, 0, 20, 5)),
        tables=6,
        programme=(
            (ProgrammeKind.TALK, "示范区科技成果转化政策解读", "示范区管委会 王主任", 9, 0, 25, ""),
            (
                ProgrammeKind.ROADSHOW,
                "碳化硅功率模块银烧结封装技术",
                "西部半导体产业技术研究院",
                11,
                40,
                15,
                "DEMO-ACH-sic-2",
            ),
            (ProgrammeKind.BREAK, "午餐与自由交流", "", 12, 0, 120, ""),
        ),
        parties=(
            Party("xidian", S, interests="宽禁带半导体器件、卫星通信"),
            Party("xjtu", S, interests="机器视觉、先进陶瓷"),
            Party("nwpu", S, interests="钛合金、航空发动机部件"),
            Party("inst-mat", S, interests="热管理材料、表面工程"),
            Party("rd-semi", S, interests="射频与功率芯片中试"),
            Party("e-xinxin", D, interests="车规级碳化硅模块可靠性、热管理"),
            Party("e-taixin", D, interests="钛合金增材制造与热处理"),
            Party("e-jinggong", D, interests="智能装备涂层与视觉检测"),
            Party("e-tianxun", D, interests="Ka 波段功放芯片国产化"),
            Party("e-ruishi", D, interests="小样本缺陷检测", checked_in=False),
            Party("e-hangrui", D, interests="发动机叶片加工与检测"),
            Party("inv-vc", INV, interests="新材料、半导体早期项目"),
        ),
        asks=(
            Ask(
                "e-xinxin",
                "xidian",
                message="希望了解碳化硅模块封装可靠性方案",
                priority=5,
                outcomes=(DEAL, DEAL),
                notes="双方确认以银烧结封装工艺开展小批量验证，企业提供功率循环试验条件。",
                note="尽快签订保密协议并启动样品验证",
            ),
            Ask(
                "e-taixin",
                "nwpu",
                message="钛合金构件热处理工艺合作",
                priority=4,
                outcomes=(FU, FU),
                notes="企业将寄送两批构件样品，学校评估热处理窗口。",
            ),
            Ask(
                "e-tianxun",
                "xidian",
                message="Ka 波段功放芯片",
                priority=5,
                outcomes=(DEAL, FU),
                notes="学校可提供 Ka 波段功放芯片流片方案，企业关注交期和价格。",
                note="进入商务洽谈",
            ),
            Ask("e-ruishi", "xjtu", message="小样本缺陷检测算法授权", held=False),
            Ask(
                "e-hangrui", "nwpu", priority=3, outcomes=(NR, FU), notes="企业需求与现有成果的工况差距较大。"
            ),
            Ask(
                "e-xinxin",
                "inst-mat",
                proposed_by=MANAGER,
                priority=4,
                outcomes=(DEAL, ""),
                message="技术经理人推荐：热管理材料与模块散热",
                notes="研究所的导热界面材料可直接用于主驱模块。",
            ),
            Ask("e-jinggong", "xjtu", priority=3, outcomes=(FU, "")),
            Ask("rd-semi", "e-tianxun", priority=2, outcomes=(NR, NR)),
            Ask("inv-vc", "e-taixin", message="了解公司融资计划", priority=2, outcomes=(FU, "")),
            Ask("e-hangrui", "xjtu", answer="decline"),
            Ask("e-ruishi", "xidian", answer=""),
        ),
    ),
    Spec(
        "2027 新春硬科技路演与对接会",
        30,
        Phase.BOOKING,
        "高新区硬科技路演中心",
        "新春路演：高校院所路演最新成果，企业现场提出需求；会后按预约一对一洽谈。报名已截止，已通过审核的参会方正在预约洽谈。",
        (("上午场", 10, 30, 20, 6), ("下午场", 14, 0, 20, 6)),
        tables=8,
        caps={"supply": 12, "demand": 20, "investor": 4},
        programme=(
            (ProgrammeKind.TALK, "硬科技成果转化的新机遇", "长安技术转移中心", 9, 0, 30, ""),
            (
                ProgrammeKind.ROADSHOW,
                "1200V碳化硅MOSFET芯片设计与制造工艺",
                "西安电子科技大学",
                9,
                30,
                15,
                "DEMO-ACH-sic-1",
            ),
            (
                ProgrammeKind.ROADSHOW,
                "小样本工业表面缺陷检测算法",
                "西安交通大学",
                9,
                45,
                15,
                "DEMO-ACH-vision-1",
            ),
            (ProgrammeKind.ROADSHOW, "长航时复合翼无人机总体设计", "西北工业大学", 10, 0, 15, ""),
            (ProgrammeKind.BREAK, "午餐", "", 12, 30, 90, ""),
        ),
        parties=(
            Party("xjtu", S, interests="机器视觉、医学影像、先进陶瓷"),
            Party("nwpu", S, interests="无人机、复合材料、钛合金"),
            Party("xidian", S, interests="碳化硅器件、边缘计算"),
            Party("inst-bio", S, status=RegistrationStatus.PENDING, interests="抗体药物与体外诊断"),
            Party("e-xinxin", D, interests="碳化硅外延片缺陷检测"),
            Party("e-kangtai", D, interests="抗体药物工艺放大", auto_accept=True),
            Party("e-taixin", D, interests="钛合金增材制造"),
            Party("e-jinggong", D, interests="机器人视觉引导"),
            Party("e-yunying", D, interests="长航时无人机与导航"),
            Party("e-boyi", D, status=RegistrationStatus.PENDING, interests="医学影像设备"),
            Party("inv-angel", INV, interests="硬科技天使轮项目"),
        ),
        asks=(
            Ask("e-xinxin", "xidian", message="外延片缺陷在线检测", priority=5),
            Ask("e-yunying", "nwpu", message="长航时无人机联合研制", priority=5),
            Ask("e-jinggong", "xjtu", message="视觉引导抓取", priority=4),
            Ask("e-taixin", "nwpu", answer="", message="钛合金增材制造工艺"),
            Ask("xjtu", "e-kangtai", message="抗体药物的在线检测"),  # auto-accepted
            Ask("inv-angel", "e-yunying", answer=""),
            Ask("xidian", "e-jinggong", answer="decline"),
            Ask(
                "e-xinxin",
                "xjtu",
                answer="",
                proposed_by="demo-manager-zhao",
                message="技术经理人推荐：缺陷检测算法",
            ),
        ),
    ),
    Spec(
        "2027 春季生物医药专场对接会",
        75,
        Phase.REGISTRATION,
        "高新区生物医药产业园会议中心",
        "生物医药专场：抗体药物、中药现代化、医疗器械与体外诊断，欢迎高校院所与企业报名。",
        (("下午场", 14, 0, 30, 6),),
        tables=4,
        programme=((ProgrammeKind.TALK, "生物医药成果转化与临床合作", "秦岭生物医药研究院", 13, 30, 30, ""),),
        parties=(
            Party("inst-bio", S, interests="抗体药物"),
            Party("e-kangtai", D, status=RegistrationStatus.PENDING, interests="抗体药物工艺放大"),
        ),
    ),
    Spec(
        "2027 秋季成果转化对接会（筹备中）",
        240,
        Phase.SETUP,
        "高新区创业大厦",
        "筹备中，日程与报名方式待定。",
        (),
    ),
]
STEPS = ["open_registration", "open_booking", "start_scheduling", "start_day", "follow_up", "close"]


@transaction.atomic
def load_events() -> None:
    """The sample events; run after the sample deals (hardtech.deals.demo), whose managers lead the deals the
    past event's meetings open."""
    operator = User.objects.filter(username=OPERATOR, role=Role.OPERATOR).first()
    if operator is None:
        return
    existing = set(Event.objects.values_list("title", flat=True))
    for spec in EVENTS:
        if spec.title not in existing:
            _build(spec, operator)


def _at(on: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(on, time(hour, minute)))


def _user(key: str, organisation: Organisation) -> User:
    if key in LOGINS and (user := User.objects.filter(username=LOGINS[key]).first()):
        return user
    return contact_account(key, organisation)


def _build(spec: Spec, operator: User) -> None:
    on = timezone.localdate() + timedelta(days=spec.days)
    with acting_as(operator, "cli"):
        event = events.create_event(
            operator,
            {
                "title": spec.title,
                "description": spec.description,
                "venue": spec.venue,
                "starts_on": on,
                "tables": spec.tables,
                "caps": spec.caps,
                "default_max_meetings": 4,
            },
        )
        for label, hour, minute, length, count in spec.sessions:
            events.add_session(operator, event, label, _at(on, hour, minute), length, count)
        for kind, title, speaker, hour, minute, minutes, achievement in spec.programme:
            start = _at(on, hour, minute)
            events.add_programme_item(
                operator,
                event,
                kind=kind,
                title=title,
                speaker=speaker,
                starts_at=start,
                ends_at=start + timedelta(minutes=minutes),
                achievement=_achievement(achievement),
            )
        if spec.phase == Phase.SETUP:
            return
        event = events.move(operator, event, "open_registration")
    people = _register(spec, event, operator)
    if spec.phase == Phase.REGISTRATION:
        _backdate(event, on)
        return
    with acting_as(operator, "cli"):
        event = events.move(operator, event, "open_booking")
    asked = _ask(spec, people)
    if spec.phase != Phase.BOOKING:
        _run_the_day(spec, event, operator, people, asked, on)
    _backdate(event, on)


def _achievement(external_id: str) -> Achievement | None:
    return Achievement.objects.filter(external_id=external_id).first() if external_id else None


def _register(spec: Spec, event: Event, operator: User) -> dict[str, Registration]:
    people: dict[str, Registration] = {}
    sessions = list(event.sessions.all())
    for party in spec.parties:
        organisation = Organisation.objects.filter(external_id=ORG + party.key).first()
        if organisation is None:
            continue
        user = _user(party.key, organisation)
        with acting_as(user, "cli"):
            registration = registrations.register(
                user,
                event,
                organisation,
                party.type,
                offers=list(registrations.published_achievements(organisation).order_by("pk")[:3])
                if party.type == S
                else [],
                seeks=list(registrations.published_demands(organisation).order_by("pk")[:3])
                if party.type == D
                else [],
                sessions=sessions,
                max_meetings=4,
                auto_accept=party.auto_accept,
                contact_name=user.display_name.split()[-1][:50] or "联系人",
                contact_phone="029-8888" + f"{organisation.pk % 10000:04d}",
                interests=party.interests,
            )
        if party.status != RegistrationStatus.PENDING:
            with acting_as(operator, "cli"):
                registration = registrations.review(
                    operator,
                    registration,
                    party.status == RegistrationStatus.APPROVED,
                    "" if party.status == RegistrationStatus.APPROVED else "与本场主题不符",
                )
        people[party.key] = registration
    return people


def _ask(spec: Spec, people: dict[str, Registration]) -> dict[Ask, MeetingRequest]:
    asked = {}
    for ask in spec.asks:
        sender, receiver = people.get(ask.sender), people.get(ask.receiver)
        if sender is None or receiver is None:
            continue
        if ask.proposed_by:
            manager = User.objects.filter(username=ask.proposed_by, role=Role.MANAGER).first()
            if manager is None:
                continue
            with acting_as(manager, "cli"):
                request = requests.propose(manager, sender, receiver, ask.message, ask.priority)
        else:
            with acting_as(sender.user, "cli"):
                request = requests.send_request(sender.user, sender, receiver, ask.message, ask.priority)
        if ask.answer and request.status == RequestStatus.SENT:
            with acting_as(receiver.user, "cli"):
                request = requests.respond(receiver.user, request, ask.answer == "accept")
        asked[ask] = request
    return asked


def _run_the_day(spec, event, operator, people, asked, on) -> None:
    with acting_as(operator, "cli"):
        event = events.move(operator, event, "start_scheduling")
        scheduling.run_schedule(operator, event, options=SCHEDULE)
        scheduling.publish(operator, event)
        event = events.move(operator, event, "start_day")
        for party in spec.parties:
            registration = people.get(party.key)
            if registration and party.checked_in and registration.status == RegistrationStatus.APPROVED:
                day.check_in(operator, registration.badge_code, at=_at(on, 8, 40 + registration.pk % 20))
    for ask, request in asked.items():
        meeting = getattr(request, "meeting", None) if request.status == RequestStatus.ACCEPTED else None
        if meeting is None:
            continue
        with acting_as(operator, "cli"):
            day.set_meeting_status(
                operator, meeting, MeetingStatus.HELD if ask.held else MeetingStatus.NO_SHOW
            )
    with acting_as(operator, "cli"):
        event = events.move(operator, event, "follow_up")
    for ask, request in asked.items():
        meeting = getattr(request, "meeting", None) if request.status == RequestStatus.ACCEPTED else None
        if meeting is None or not ask.held:
            continue
        notes = ask.notes or None  # the first side to record writes the meeting's notes
        for side, result in zip((request.sender, request.receiver), ask.outcomes, strict=False):
            if not result:
                continue
            with acting_as(side.user, "cli"):
                note = ask.note if result == DEAL else ""
                outcomes.record_outcome(side.user, meeting, result, note, notes=notes)
            notes = None
    if spec.phase == Phase.CLOSED:
        with acting_as(operator, "cli"):
            events.move(operator, event, "close")


def _backdate(event: Event, on: date) -> None:
    """Sign-ups weeks before the event, answers a few days after the requests, outcomes the day after."""
    now = timezone.now()
    for n, registration in enumerate(event.registrations.order_by("pk")):
        when = min(now, _at(on, 10, 0) - timedelta(days=24 - n % 10, hours=n))
        Registration.objects.filter(pk=registration.pk).update(created_at=when)
    for n, request in enumerate(event.requests.order_by("pk")):
        sent = min(now, _at(on, 15, 0) - timedelta(days=12 - n % 6, hours=n))
        answered = min(now, sent + timedelta(days=1, hours=3)) if request.responded_at else None
        MeetingRequest.objects.filter(pk=request.pk).update(created_at=sent, responded_at=answered)
    Outcome.objects.filter(meeting__event=event).update(created_at=min(now, _at(on, 18, 0)))
