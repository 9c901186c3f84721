"""The grants domain's fixed vocabularies, in Chinese for the pages."""

from django.db import models


class Mode(models.TextChoices):
    """How an open article pays (兑现方式)."""

    NO_APPLICATION = (
        "no_application",
        "免申即享",
    )  # paid on the platform's data; the applicant confirms an offer
    INSTANT = "instant", "即申即享"  # paid on a checked application, without expert review
    REVIEWED = "reviewed", "评审后兑现"  # expert review before the operator decides


class CallStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    CLOSED = "closed", "已结束"


class Route(models.TextChoices):
    APPLICATION = "application", "申报"
    OFFER = "offer", "免申即享"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交（待形式审查）"
    RETURNED = "returned", "退回修改"
    WITHDRAWN = "withdrawn", "已撤回"
    CHECKED = "checked", "形式审查通过"
    IN_REVIEW = "in_review", "专家评审中"
    DECIDED = "decided", "已审定（待公示）"
    IN_NOTICE = "in_notice", "公示中"
    APPROVED = "approved", "已确定（待拨付）"
    PAID = "paid", "已拨付"
    REJECTED = "rejected", "不予支持"
    REVOKED = "revoked", "已撤销支持"
    # 免申即享 offers
    OFFERED = "offered", "待确认（免申即享）"
    CONFIRMED = "confirmed", "已确认（待拨付审批）"
    DECLINED = "declined", "已放弃"
    LAPSED = (
        "lapsed",
        "未兑现（已失效）",
    )  # an offer not confirmed in time, or no longer payable when approved


# An application or offer that still counts (one per call, applicant and route).
# Applications whose decisions no longer stand: they hold no part of the annual cap.
ENDED_STATUSES = (
    ApplicationStatus.REJECTED,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.DECLINED,
    ApplicationStatus.LAPSED,
)
LIVE_STATUSES = tuple(
    s
    for s in ApplicationStatus.values
    if s not in (ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED, ApplicationStatus.LAPSED)
)


class Decision(models.TextChoices):
    PENDING = "pending", "待审定"
    APPROVED = "approved", "拟支持"
    REJECTED = "rejected", "不予支持"


class NoticeStatus(models.TextChoices):
    OPEN = "open", "公示中"
    FINAL = "final", "公示结束"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", "待处理"
    UPHELD = "upheld", "异议成立"
    DISMISSED = "dismissed", "异议不成立"


class Account(models.TextChoices):
    """The ledger's accounts (会计科目); every posting also names its award (an application item)."""

    EXPENSE = "expense", "专项资金支出"
    PAYABLE = "payable", "应付补助资金"
    IN_TRANSIT = "in_transit", "拨付在途"
    BANK = "bank", "专项资金账户"
    RECEIVABLE = "receivable", "应收追回款"


class EntryKind(models.TextChoices):
    APPROVAL = "approval", "核定支持"
    SENT = "sent", "提交银行拨付"
    PAID = "paid", "拨付成功"
    FAILED = "failed", "拨付失败退回"
    REVOCATION = "revocation", "撤销支持"
    CLAWBACK = "clawback", "追回（应收）"
    RECOVERY = "recovery", "追回到账"
    REVERSAL = "reversal", "冲正"


class BatchStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SENT = "sent", "已提交银行"
    SETTLED = "settled", "已回执"
    CANCELLED = "cancelled", "已作废"


class LineStatus(models.TextChoices):
    PENDING = "pending", "待回执"
    PAID = "paid", "成功"
    FAILED = "failed", "失败"
