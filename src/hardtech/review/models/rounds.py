"""评审轮次: rounds over reviewable items, their rubric, the experts assigned, the pledge and the scores."""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models

__all__ = [
    "Anonymity",
    "Assignment",
    "AssignmentSource",
    "Criterion",
    "Pledge",
    "Recommendation",
    "Round",
    "RoundItem",
    "RoundState",
    "Score",
]


class RoundState(models.TextChoices):
    DRAFT = "draft", "草稿"
    ASSIGNING = "assigning", "分配专家"
    SCORING = "scoring", "评审中"
    CLOSED = "closed", "已结束"


class Anonymity(models.TextChoices):
    """Who sees which reviewer's scores; the operator always sees names, a reviewer sees others' scores (without
    names) only after submitting their own."""

    ANONYMOUS = "anonymous", "匿名（主持人与评审专家看不到评分人姓名）"
    NAMED = "named", "实名（主持人看到评分人姓名）"


class Round(models.Model):
    title = models.CharField("名称", max_length=200)
    description = models.TextField("说明", blank=True, max_length=4000)
    reviewers_per_item = models.PositiveSmallIntegerField(
        "每项评审专家数", default=3, validators=[MinValueValidator(1)]
    )
    max_load = models.PositiveSmallIntegerField(
        "每位专家最多评审数", default=5, validators=[MinValueValidator(1)]
    )
    deadline = models.DateTimeField("评审截止时间", null=True, blank=True)
    anonymity = models.CharField(
        "匿名规则", max_length=10, choices=Anonymity.choices, default=Anonymity.ANONYMOUS
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评审主持人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_review_rounds",
        help_text="留空则由管委会主持",
    )
    state = models.CharField("状态", max_length=20, choices=RoundState.choices, default=RoundState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "评审轮次"

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """One rubric criterion: its weight (the round's weights sum to 1), its scale and the anchors per score."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="criteria", verbose_name="评审轮次"
    )
    name = models.CharField("指标", max_length=100)
    weight = models.DecimalField(
        "权重", max_digits=4, decimal_places=3, validators=[MinValueValidator(Decimal(0))]
    )
    scale_min = models.SmallIntegerField("最低分", default=1)
    scale_max = models.SmallIntegerField("最高分", default=10)
    anchors = models.TextField("评分锚点", blank=True, max_length=2000)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = verbose_name_plural = "评分指标"

    def __str__(self) -> str:
        return self.name


class RoundItem(models.Model):
    """A reviewed item: any record (today a published achievement or demand)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="items", verbose_name="评审轮次")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveIntegerField()
    item = GenericForeignKey("content_type", "object_id")

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "评审对象"
        constraints = [
            models.UniqueConstraint(fields=["round", "content_type", "object_id"], name="review_item_once")
        ]

    def __str__(self) -> str:
        return str(self.item) if self.item is not None else f"#{self.object_id}"


class AssignmentSource(models.TextChoices):
    ENGINE = "engine", "分配引擎"
    MANUAL = "manual", "人工指定"
    REPLACEMENT = "replacement", "回避后补选"


class Assignment(models.Model):
    item = models.ForeignKey(
        RoundItem, on_delete=models.CASCADE, related_name="assignments", verbose_name="评审对象"
    )
    expert = models.ForeignKey(
        "catalogue.Expert", on_delete=models.CASCADE, related_name="review_assignments", verbose_name="专家"
    )
    source = models.CharField("来源", max_length=20, choices=AssignmentSource.choices)
    affinity = models.FloatField("匹配度", default=0)
    declined = models.BooleanField("已回避", default=False)
    declined_reason = models.CharField("回避理由", max_length=500, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="补选专家"
    )
    created_at = models.DateTimeField("分配时间", auto_now_add=True)

    class Meta:
        ordering = ["item_id", "-affinity", "id"]
        verbose_name = verbose_name_plural = "专家分配"
        constraints = [
            models.UniqueConstraint(
                fields=["item", "expert"], condition=models.Q(declined=False), name="review_assignment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.item}"


class Recommendation(models.TextChoices):
    STRONG = "strong", "强烈推荐"
    YES = "yes", "推荐"
    NO = "no", "不推荐"


class Score(models.Model):
    """An expert's scores for one assignment: saved as a draft on every save, final once submitted."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="score", verbose_name="分配"
    )
    values = models.JSONField("各指标得分", default=dict)  # {criterion id (str): integer score}
    recommendation = models.CharField("推荐意见", max_length=10, choices=Recommendation.choices, blank=True)
    comment = models.TextField("评审意见", blank=True, max_length=4000)
    submitted = models.BooleanField("已提交", default=False)
    saved_at = models.DateTimeField("保存时间", auto_now=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评分"

    def __str__(self) -> str:
        return f"{self.assignment}：{'已提交' if self.submitted else '草稿'}"


class Pledge(models.Model):
    """保密承诺: accepted by an expert once per round, before any of its material is shown."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="pledges", verbose_name="评审轮次"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_pledges", verbose_name="用户"
    )
    accepted_at = models.DateTimeField("承诺时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "保密承诺"
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="review_pledge_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.round}"
