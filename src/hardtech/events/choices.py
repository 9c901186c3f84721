"""The events' code lists with their Chinese labels."""

from django.db import models


class Phase(models.TextChoices):
    """对接活动的阶段."""

    SETUP = "setup", "筹备"
    REGISTRATION = "registration", "报名"
    BOOKING = "booking", "预约洽谈"
    SCHEDULING = "scheduling", "排程"
    DAY = "day", "活动当天"
    FOLLOW_UP = "follow_up", "跟进"
    CLOSED = "closed", "已结束"


class ParticipantType(models.TextChoices):
    SUPPLY = "supply", "供给方（高校院所）"
    DEMAND = "demand", "需求方（企业）"
    INVESTOR = "investor", "投资机构"
    MANAGER = "manager", "技术经理人"


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"


class RequestStatus(models.TextChoices):
    SENT = "sent", "待回复"
    ACCEPTED = "accepted", "已接受"
    DECLINED = "declined", "已谢绝"
    WITHDRAWN = "withdrawn", "已撤回"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "已排定"
    HELD = "held", "已举行"
    NO_SHOW = "no_show", "未到场"
    CANCELLED = "cancelled", "已取消"


class OutcomeResult(models.TextChoices):
    NOT_RELEVANT = "not_relevant", "不相关"
    FOLLOW_UP = "follow_up", "继续跟进"
    START_DEAL = "start_deal", "发起技术转移项目"


class ProgrammeKind(models.TextChoices):
    TALK = "talk", "主题报告"
    ROADSHOW = "roadshow", "成果路演"
    BREAK = "break", "茶歇"
    OTHER = "other", "其他"
