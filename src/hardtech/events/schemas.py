"""Request and response shapes of the events' API (/api/events): events with their programme and sessions,
registrations, the engine's suggestions, meeting requests and proposals. The shared pieces (ids, choices, pages,
errors) are hardtech.core.api.schemas."""

from datetime import date, datetime

from ninja import Field, Schema

from hardtech.core.api.schemas import MAX_ITEMS, Id, Page, Ref, choice
from hardtech.events.choices import OutcomeResult, ParticipantType, Phase, RegistrationStatus


class EventStepOut(Schema):
    name: str = Field(description="POST /api/events/{id}/{name} 执行的阶段操作")
    label: str


# --- events -------------------------------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    title: str
    venue: str
    starts_on: date
    phase: str
    phase_label: str
    public: bool
    participants: int = Field(description="已通过审核的参会机构数")
    version: int


class EventPage(Page):
    items: list[EventOut]


class EventFilters(Schema):
    phase: str | None = choice(Phase, "阶段", None)
    upcoming: bool | None = Field(None, description="true：活动日期不早于今天；false：往期活动")


class SlotOut(Schema):
    id: int
    code: str = Field(description="排程引擎中的轮次编号，如 S12")
    index: int
    starts_at: datetime
    ends_at: datetime


class SessionOut(Schema):
    id: int
    label: str
    starts_at: datetime
    slot_minutes: int
    slot_count: int
    slots: list[SlotOut]


class ProgrammeOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    speaker: str
    achievement: Ref | None
    starts_at: datetime
    ends_at: datetime


class ParticipantCapOut(Schema):
    type: str
    label: str
    approved: int
    pending: int
    cap: int | None = Field(description="名额上限；null 表示不限")


class EventDetail(EventOut):
    description: str
    tables: int
    caps: dict[str, int]
    default_max_meetings: int
    registration_deadline: datetime | None
    booking_deadline: datetime | None
    phase_note: str
    programme: list[ProgrammeOut]
    sessions: list[SessionOut]
    participants_list: list[Ref] | None = Field(
        description="已通过审核的参会机构（调用者可见时；否则为 null）"
    )
    my_registration: int | None = Field(description="调用者所属机构在本活动的报名 id")
    can_register: bool
    steps: list[EventStepOut] = Field(description="调用者现在可以执行的阶段操作")


# --- registrations ------------------------------------------------------------------------------------------


class RegistrationIn(Schema):
    organisation: Id = Field(description="参会机构 id（须为调用者所属机构）")
    type: str = choice(ParticipantType, "参会方类型")
    offers: list[Id] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="本机构已发布的科技成果 id"
    )
    seeks: list[Id] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="本机构已发布的技术需求 id"
    )
    sessions: list[Id] = Field(max_length=MAX_ITEMS, description="可参加的洽谈场次 id（须为本活动的场次）")
    max_meetings: int | None = Field(
        None, ge=1, le=48, description="最多洽谈场次（不超过所选场次的总轮数；默认取活动设置）"
    )
    auto_accept: bool = Field(False, description="自动接受洽谈邀请")
    contact_name: str = Field(min_length=1, max_length=50)
    contact_phone: str = Field(min_length=1, max_length=30)
    interests: str = Field("", max_length=2000, description="对接意向（没有关联成果或需求时据此推荐）")


class RegistrationPatch(Schema):
    type: str | None = choice(ParticipantType, "参会方类型（审核后不能更改）", None)
    offers: list[Id] | None = Field(None, max_length=MAX_ITEMS)
    seeks: list[Id] | None = Field(None, max_length=MAX_ITEMS)
    sessions: list[Id] | None = Field(None, max_length=MAX_ITEMS)
    max_meetings: int | None = Field(None, ge=1, le=48)
    auto_accept: bool | None = None
    contact_name: str | None = Field(None, min_length=1, max_length=50)
    contact_phone: str | None = Field(None, min_length=1, max_length=30)
    interests: str | None = Field(None, max_length=2000)


class RegistrationOut(Schema):
    id: int
    event: int
    organisation: Ref
    type: str
    type_label: str
    status: str
    status_label: str
    offers: list[Ref]
    seeks: list[Ref]
    sessions: list[Ref]
    interests: str
    max_meetings: int
    auto_accept: bool
    contact_name: str
    contact_phone: str
    review_note: str
    created_at: datetime


class RegistrationPage(Page):
    items: list[RegistrationOut]
    caps: list[ParticipantCapOut] = Field(description="各类参会方的已通过、待审核与名额")


class RegistrationFilters(Schema):
    type: str | None = choice(ParticipantType, "参会方类型", None)
    status: str | None = choice(RegistrationStatus, "审核状态", None)


class RegistrationReviewIn(Schema):
    approve: bool = Field(description="true 通过（不超过该类参会方名额），false 不通过（须填写意见）")
    note: str = Field("", max_length=500, description="审核意见")


# --- suggestions and requests -------------------------------------------------------------------------------


class SuggestionOut(Schema):
    registration: int = Field(description="推荐的参会方（报名 id），发出邀请时作为 receiver")
    organisation: Ref
    type: str
    score: float = Field(description="匹配分（仅用于排序与排程权重）")
    basis: str = Field(description="listings：按双方成果与需求匹配；interests：按对接意向匹配")
    reason: str
    explanation: str = Field(description="匹配引擎的解释")
    terms: list[str] = Field(description="双方共有的技术要点")
    confidence: str = Field(description="匹配可信度：高 / 中 / 低")


class RequestIn(Schema):
    receiver: Id = Field(description="对方的报名 id")
    message: str = Field("", max_length=500)
    priority: int = Field(3, ge=1, le=5, description="优先级 1–5（越大越想见）")


class RespondIn(Schema):
    accept: bool


class ProposeIn(Schema):
    a: Id = Field(description="参会方甲（报名 id），邀请由其发出")
    b: Id = Field(description="参会方乙（报名 id），由其确认")
    message: str = Field("", max_length=500, description="推荐理由")
    priority: int = Field(3, ge=1, le=5)


class RequestOut(Schema):
    id: int
    event: int
    sender: Ref = Field(description="发出方（报名 id 与机构名称）")
    receiver: Ref = Field(description="接收方（报名 id 与机构名称）")
    status: str
    status_label: str
    message: str
    priority: int
    score: float | None
    proposed_by: Ref | None = Field(description="推荐洽谈的技术经理人")
    created_at: datetime
    responded_at: datetime | None


class MyRequestsOut(Schema):
    received: list[RequestOut]
    sent: list[RequestOut]


class RemindOut(Schema):
    reminded: int


# --- the schedule and the day -------------------------------------------------------------------------------


class ScheduleIn(Schema):
    keep_confirmed: bool = Field(
        True, description="保留已发布（已确认）的洽谈的时段与桌号；false 时可能调整或取消已发布的洽谈"
    )


class UnplacedOut(Schema):
    request: int = Field(description="未能排入的洽谈邀请 id")
    sender: Ref = Field(description="发出方（报名 id 与机构名称）")
    receiver: Ref = Field(description="接收方（报名 id 与机构名称）")
    reason: str = Field(description="排程引擎的原因代码，如 no_common_slot、max_meetings、slots_taken")
    label: str = Field(description="原因（中文）")
    message: str = Field(description="排程引擎的说明（机构名称与时段）")


class ScheduleOut(Schema):
    placed: int = Field(description="排定的洽谈场数")
    total: float = Field(description="排定洽谈的总权重")
    bound: float | None = Field(description="总权重的上界（引擎未给出时为 null）")
    share: float | None = Field(description="达到上界的百分比（0–100；无上界时为 null）")
    kept: int = Field(description="原样保留的洽谈（已确认、已举行或已开始的）")
    created: int
    moved: int
    removed: int
    unplaced: list[UnplacedOut]
    dropped: list[str] = Field(description="未能保留的已确认洽谈及原因")
    notes: list[str]


class PublishOut(Schema):
    confirmed: int = Field(description="本次新确认的洽谈场数（双方均已收到日程通知）")


class MeetingSlotOut(Schema):
    id: int
    code: str
    session: str = Field(description="场次名称")
    index: int
    starts_at: datetime
    ends_at: datetime


class MeetingOut(Schema):
    id: int
    event: int
    request: int = Field(description="洽谈邀请 id")
    slot: MeetingSlotOut
    table: int = Field(description="桌号")
    sender: Ref = Field(description="邀请方（报名 id 与机构名称）")
    receiver: Ref = Field(description="受邀方（报名 id 与机构名称）")
    sender_organisation: Ref
    receiver_organisation: Ref
    status: str
    status_label: str
    confirmed: bool = Field(description="日程已发布")


class CheckInOut(Schema):
    registration: int
    event: int
    organisation: Ref
    checked_in_at: datetime
    first: bool = Field(description="false：此前已签到（未作改动）")


class LateIn(Schema):
    arrives_at: datetime | None = Field(description="预计到场时间（null：按时到场）")


class MeetingChangeOut(Schema):
    meeting: int
    kind: str = Field(description="moved 改时 / table 换桌 / cancelled 取消 / dropped 无法保留 / added 新增")
    label: str
    text: str


class ReplanOut(Schema):
    note: str
    changes: list[MeetingChangeOut] = Field(description="重新排程后有变动的洽谈")


class MeetingStatusIn(Schema):
    status: str = Field(
        max_length=7,
        description="held 已举行 / no_show 未到场",
        json_schema_extra={"enum": ["held", "no_show"]},
    )


# --- outcomes and the report --------------------------------------------------------------------------------


class OutcomeIn(Schema):
    result: str = choice(OutcomeResult, "洽谈结果")
    note: str = Field("", max_length=500, description="备注")
    side: Id | None = Field(None, description="为哪一方记录（报名 id；管委会代记时必填，参会方忽略）")
    notes: str | None = Field(None, max_length=5000, description="洽谈纪要（双方共用；给出时替换）")


class OutcomeOut(Schema):
    id: int
    meeting: int
    registration: Ref = Field(description="记录结果的一方（报名 id 与机构名称）")
    result: str
    result_label: str
    note: str
    deal: int | None = Field(description="由此洽谈发起的技术转移项目 id")
    deal_code: str | None


class ReportRegistrationsOut(Schema):
    type: str
    label: str
    total: int
    approved: int
    checked_in: int
    cap: int | None


class ReportDealOut(Schema):
    id: int
    code: str
    title: str
    stage: str
    stage_label: str
    meeting: int
    pair: str


class ReportSessionOut(Schema):
    id: int
    label: str
    slots: int
    capacity: int
    scheduled: int
    held: int
    no_shows: int
    follow_ups: int
    deals: int
    utilisation: int | None = Field(description="桌位利用率 %")


class ReportOut(Schema):
    event: int
    registered: int
    approved: int
    registrations: list[ReportRegistrationsOut]
    requests: dict[str, int] = Field(description="sent, accepted, declined, pending, withdrawn, proposed")
    meetings: dict[str, int] = Field(description="scheduled, held, no_show, cancelled, open")
    outcomes: dict[str, int] = Field(description="各洽谈结果的记录数")
    follow_ups: int = Field(description="至少一方选择继续跟进的洽谈数")
    acceptance: int | None = Field(description="接受率 %")
    attendance: int | None = Field(description="到场率 %")
    deals: list[ReportDealOut] = Field(description="由洽谈发起、调用者有权查看的技术转移项目")
    deals_hidden: int = Field(0, description="由洽谈发起、调用者无权查看的项目数（只计数，不列出）")
    sessions: list[ReportSessionOut]
