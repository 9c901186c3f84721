"""A deal (技术转移项目) and what hangs on it."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from hardtech.catalogue.models import MONEY, Achievement, CleanText, Demand, Expert, Organisation, Versioned
from hardtech.core.uploads import extension
from hardtech.deals.choices import ActivityKind, EndReason, Landing, Source, Stage

USER = settings.AUTH_USER_MODEL


class TeamRole(models.Model):
    """A specialist's function on a deal team (知识产权、法务、财务 …): data, so a zone sets its own "1+3"."""

    code = models.SlugField("代码", max_length=30, unique=True)
    label = models.CharField("名称", max_length=30)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "团队角色"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class Deal(CleanText, Versioned):
    """One deal: achievements (or an expert's know-how) on the supply side, enterprises or demands on the
    demand side, a lead technology manager (牵头技术经理人) and the stage it has reached."""

    code = models.CharField("项目编号", max_length=20, unique=True, editable=False)
    title = models.CharField("项目名称", max_length=200)
    summary = models.TextField("项目简介", blank=True, max_length=4000)
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices, default=Stage.INTRODUCED)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.MANUAL)
    achievements = models.ManyToManyField(
        Achievement, verbose_name="科技成果", blank=True, related_name="deals"
    )
    experts = models.ManyToManyField(
        Expert, verbose_name="专家（技术诀窍）", blank=True, related_name="deals"
    )
    demands = models.ManyToManyField(Demand, verbose_name="技术需求", blank=True, related_name="deals")
    sellers = models.ManyToManyField(
        Organisation, verbose_name="成果方（供给方）", blank=True, related_name="deals_as_seller"
    )
    buyers = models.ManyToManyField(
        Organisation, verbose_name="需求方（企业）", blank=True, related_name="deals_as_buyer"
    )
    lead = models.ForeignKey(
        USER, verbose_name="牵头技术经理人", on_delete=models.PROTECT, related_name="deals_led"
    )
    amount = models.DecimalField("预计金额（万元）", null=True, blank=True, **MONEY)
    stage_entered_at = models.DateTimeField("进入本阶段时间", default=timezone.now)
    stage_note = models.CharField("阶段说明", max_length=500, blank=True)
    end_reason = models.CharField("终止原因", max_length=20, choices=EndReason.choices, blank=True)
    landing = models.CharField("落地形式", max_length=20, choices=Landing.choices, blank=True)
    landed_company = models.ForeignKey(
        Organisation,
        verbose_name="落地企业",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="landed_deals",
    )
    opened_at = models.DateTimeField("创建时间", default=timezone.now)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "技术转移项目"
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["stage", "-opened_at"]),
            models.Index(fields=["lead", "stage"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class DealMember(models.Model):
    """A specialist on the deal's team (the lead is Deal.lead); the scoped grant deal.specialist goes with it."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        USER, verbose_name="成员", on_delete=models.CASCADE, related_name="deal_memberships"
    )
    role = models.ForeignKey(TeamRole, verbose_name="团队角色", on_delete=models.PROTECT)
    added_at = models.DateTimeField("加入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "项目团队成员"
        ordering = ["role__order", "id"]
        constraints = [models.UniqueConstraint(fields=["deal", "user"], name="one_membership_per_deal")]

    def __str__(self) -> str:
        return f"{self.user} · {self.role}"


class ChecklistItem(CleanText, models.Model):
    """One item of a stage's checklist (保密协议已签署、价值评估已完成 …), with its due date."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="checklist")
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices)
    code = models.CharField("代码", max_length=40, blank=True)
    label = models.CharField("事项", max_length=200)
    required = models.BooleanField("推进前必须完成", default=True)
    due_on = models.DateField("截止日期", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    done_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reminded_on = models.DateField("最近提醒日期", null=True, blank=True, editable=False)
    note = models.CharField("备注", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "阶段清单事项"
        ordering = ["deal", "id"]
        indexes = [models.Index(fields=["due_on", "done_at"])]

    def __str__(self) -> str:
        return self.label

    @property
    def done(self) -> bool:
        return self.done_at is not None


class StageVisit(models.Model):
    """A deal's stay in one stage: when it entered and left, who moved it and why, and a checklist override —
    what the conversion and days-per-stage figures are computed from."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="visits")
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices)
    entered_at = models.DateTimeField("进入时间")
    left_at = models.DateTimeField("离开时间", null=True, blank=True)
    moved_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField("说明", max_length=500, blank=True)
    override = models.CharField("越过清单的理由", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "阶段记录"
        ordering = ["deal", "entered_at", "id"]
        indexes = [models.Index(fields=["stage", "entered_at"])]

    def __str__(self) -> str:
        return f"{self.deal_id} {self.get_stage_display()}"


class Activity(CleanText, models.Model):
    """活动记录: a meeting, call, visit or note on the deal."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField("类型", max_length=20, choices=ActivityKind.choices)
    occurred_at = models.DateTimeField("时间", default=timezone.now)
    summary = models.CharField("摘要", max_length=200)
    body = models.TextField("内容", blank=True, max_length=5000)
    author = models.ForeignKey(
        USER, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "活动记录"
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return self.summary


class Document(CleanText, models.Model):
    """A deal document (合同草案、评估报告 …); each upload is a new version, the old ones stay."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("文档名称", max_length=200)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "项目文档"
        ordering = ["title", "id"]
        constraints = [models.UniqueConstraint(fields=["deal", "title"], name="one_document_per_title")]

    def __str__(self) -> str:
        return self.title


def document_path(instance: "DocumentVersion", filename: str) -> str:
    """A generated name with the extension of the type found in the bytes; the uploader's name is only shown."""
    return timezone.now().strftime(f"deals/%Y/%m/{uuid.uuid4().hex}{extension(instance.content_type)}")


class DocumentVersion(CleanText, models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    file = models.FileField("文件", upload_to=document_path)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=50, editable=False)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    note = models.CharField("版本说明", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "文档版本"
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_version_number")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class Feedback(CleanText, models.Model):
    """After closing, each side rates the service (1–5) with a comment."""

    class Side(models.TextChoices):
        BUYER = "buyer", "需求方"
        SELLER = "seller", "成果方"

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="feedback")
    side = models.CharField("评价方", max_length=10, choices=Side.choices)
    rating = models.PositiveSmallIntegerField(
        "服务评分", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField("意见", blank=True, max_length=2000)
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("评价时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "服务评价"
        constraints = [models.UniqueConstraint(fields=["deal", "side"], name="one_feedback_per_side")]

    def __str__(self) -> str:
        return f"{self.deal_id} {self.get_side_display()} {self.rating}"
