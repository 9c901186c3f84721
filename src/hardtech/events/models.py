"""对接会 / 路演: an event with its programme, matchmaking sessions cut into slots, registrations, meeting
requests, the scheduled 1:1 meetings at their tables, and each side's outcome of a meeting."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from hardtech.catalogue.models import Achievement, CleanText, Demand, Organisation, Versioned
from hardtech.events.choices import (
    MeetingStatus,
    OutcomeResult,
    ParticipantType,
    Phase,
    ProgrammeKind,
    RegistrationStatus,
    RequestStatus,
)

USER = settings.AUTH_USER_MODEL


class Event(CleanText, Versioned):
    title = models.CharField("活动名称", max_length=200)
    description = models.TextField("活动简介", blank=True, max_length=5000)
    venue = models.CharField("地点", max_length=200)
    starts_on = models.DateField("活动日期")
    phase = models.CharField("阶段", max_length=20, choices=Phase.choices, default=Phase.SETUP)
    tables = models.PositiveSmallIntegerField(
        "洽谈桌数", default=10, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    # Most registrations approved per participant type, e.g. {"supply": 40, "demand": 60}; absent = no cap.
    caps = models.JSONField("各类参会方名额", default=dict, blank=True)
    default_max_meetings = models.PositiveSmallIntegerField(
        "每位参会方默认最多洽谈场次", default=6, validators=[MinValueValidator(1)]
    )
    registration_deadline = models.DateTimeField("报名截止时间", null=True, blank=True)
    booking_deadline = models.DateTimeField("预约截止时间", null=True, blank=True)
    public = models.BooleanField("公开活动页面", default=True)
    organiser = models.ForeignKey(
        USER, verbose_name="组织人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    phase_note = models.CharField("阶段说明", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "对接活动"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        unknown = set(self.caps or {}) - set(ParticipantType.values)
        bad = [k for k, v in (self.caps or {}).items() if not isinstance(v, int) or v < 0]
        if unknown or bad:
            raise ValidationError({"caps": ["名额须按参会方类型填写非负整数"]})


class ProgrammeItem(CleanText, models.Model):
    """议程: a talk, a roadshow slot (optionally presenting an achievement), a break."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="programme")
    kind = models.CharField("类型", max_length=20, choices=ProgrammeKind.choices)
    title = models.CharField("题目", max_length=200)
    speaker = models.CharField("报告人", max_length=100, blank=True)
    achievement = models.ForeignKey(
        Achievement,
        verbose_name="路演成果",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")

    class Meta:
        verbose_name = verbose_name_plural = "活动议程"
        ordering = ["event", "starts_at", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": ["结束时间须晚于开始时间"]})


class Session(CleanText, models.Model):
    """A matchmaking session (洽谈场次), e.g. 上午 4 × 30 min, cut into slots by the services."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    label = models.CharField("名称", max_length=40)
    starts_at = models.DateTimeField("开始时间")
    slot_minutes = models.PositiveSmallIntegerField(
        "每轮时长（分钟）", validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    slot_count = models.PositiveSmallIntegerField(
        "轮数", validators=[MinValueValidator(1), MaxValueValidator(48)]
    )

    class Meta:
        verbose_name = verbose_name_plural = "洽谈场次"
        ordering = ["event", "starts_at", "id"]

    def __str__(self) -> str:
        return self.label


class Slot(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots")
    index = models.PositiveSmallIntegerField("轮次")
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")

    class Meta:
        verbose_name = verbose_name_plural = "洽谈轮次"
        ordering = ["starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "index"], name="one_slot_per_index")]

    def __str__(self) -> str:
        return f"{self.session.label} 第{self.index}轮 {self.starts_at:%H:%M}"

    @property
    def code(self) -> str:
        """The slot's id in the schedule engine's instance."""
        return f"S{self.pk}"


class Registration(CleanText, models.Model):
    """报名: an organisation's participation, what it offers or seeks, when it is free, how many meetings."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(
        Organisation, verbose_name="参会机构", on_delete=models.CASCADE, related_name="event_registrations"
    )
    user = models.ForeignKey(
        USER, verbose_name="报名人", on_delete=models.CASCADE, related_name="event_registrations"
    )
    type = models.CharField("参会方类型", max_length=20, choices=ParticipantType.choices)
    status = models.CharField(
        "审核状态", max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    offers = models.ManyToManyField(Achievement, verbose_name="可提供的成果", blank=True, related_name="+")
    seeks = models.ManyToManyField(Demand, verbose_name="寻求的技术需求", blank=True, related_name="+")
    interests = models.TextField("对接意向", blank=True, max_length=2000)
    sessions = models.ManyToManyField(Session, verbose_name="可参加的洽谈场次", related_name="+")
    max_meetings = models.PositiveSmallIntegerField(
        "最多洽谈场次", validators=[MinValueValidator(1), MaxValueValidator(48)]
    )
    auto_accept = models.BooleanField("自动接受洽谈邀请", default=False)
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=30)
    badge_code = models.UUIDField("胸牌码", default=uuid.uuid4, unique=True, editable=False)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    arrives_at = models.DateTimeField("预计到场时间（迟到）", null=True, blank=True)
    reviewed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    review_note = models.CharField("审核意见", max_length=500, blank=True)
    created_at = models.DateTimeField("报名时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "活动报名"
        ordering = ["event", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], name="one_registration_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name}（{self.get_type_display()}）"

    @property
    def code(self) -> str:
        """The participant's id in the schedule engine's instance."""
        return f"P{self.pk}"


class MeetingRequest(CleanText, models.Model):
    """洽谈邀请 from one participant to another (or proposed for both by a technology manager)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    sender = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="requests_sent")
    receiver = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="requests_received")
    status = models.CharField(
        "状态", max_length=20, choices=RequestStatus.choices, default=RequestStatus.SENT
    )
    message = models.CharField("附言", max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        USER,
        verbose_name="推荐人（技术经理人）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    score = models.FloatField("匹配分", null=True, blank=True)  # the matching engine's score, not money
    priority = models.PositiveSmallIntegerField(
        "优先级", default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField("发出时间", auto_now_add=True)
    responded_at = models.DateTimeField("回复时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "洽谈邀请"
        ordering = ["event", "-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sender", "receiver"], name="one_request_per_pair"),
            models.CheckConstraint(condition=~Q(sender=F("receiver")), name="request_not_to_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.receiver}"

    @property
    def weight(self) -> float:
        """The meeting's worth for the scheduler: the priority, raised by the match score."""
        return round(self.priority + (self.score or 0.0), 4)


class Meeting(CleanText, models.Model):
    """一场洽谈: an accepted request placed in a slot at a table."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="meetings")
    table = models.PositiveSmallIntegerField("桌号")
    status = models.CharField(
        "状态", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    confirmed = models.BooleanField("已确认（已发布给双方）", default=False)
    notes = models.TextField("洽谈纪要", blank=True, max_length=5000)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "洽谈"
        ordering = ["slot__starts_at", "table", "id"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], name="one_meeting_per_table_and_slot")
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.slot} · {self.table}号桌"


class Outcome(CleanText, models.Model):
    """One side's outcome of a meeting, in one tap; 发起技术转移项目 opens a deal with both parties."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="outcomes")
    result = models.CharField("结果", max_length=20, choices=OutcomeResult.choices)
    note = models.CharField("备注", max_length=500, blank=True)
    deal = models.ForeignKey(
        "deals.Deal",
        verbose_name="技术转移项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "洽谈结果"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "registration"], name="one_outcome_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.get_result_display()}"
