"""申报通知: an operator's call for a policy and a year — which articles are open, how each pays, the dates
and the documents each needs."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from hardtech.catalogue.models import CleanText
from hardtech.core.uploads import extension
from hardtech.grants.choices import CallStatus, Mode

__all__ = ["Call", "CallArticle", "RequiredDocument", "DOCUMENT_TYPES"]

# What an applicant may upload, as the core upload check recognises it from the bytes (core.uploads).
DOCUMENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}


class Call(CleanText, models.Model):
    policy = models.CharField("政策", max_length=50, help_text="政策文件名，如 sample")
    year = models.PositiveSmallIntegerField(
        "申报年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField("通知标题", max_length=200)
    description = models.TextField("通知正文", blank=True, max_length=20000)
    opens_at = models.DateTimeField("受理开始时间")
    deadline = models.DateTimeField("申报截止时间")
    review_by = models.DateField("评审完成日期", null=True, blank=True)
    notice_from = models.DateField("公示开始日期", null=True, blank=True)
    notice_days = models.PositiveSmallIntegerField(
        "公示天数", default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    status = models.CharField("状态", max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "申报通知"
        ordering = ["-year", "-opens_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def accepting(self, now=None) -> bool:
        """受理中: published, opened and before the deadline."""
        now = now or timezone.now()
        return self.status == CallStatus.PUBLISHED and self.opens_at <= now <= self.deadline

    def past_deadline(self, now=None) -> bool:
        return (now or timezone.now()) > self.deadline


class CallArticle(CleanText, models.Model):
    """One open article of a call (第六条 …), with how it pays."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="articles", verbose_name="申报通知")
    article = models.CharField("条款", max_length=10, help_text="政策条款编号，如 6")
    title = models.CharField("条款名称", max_length=200)
    mode = models.CharField("兑现方式", max_length=20, choices=Mode.choices, default=Mode.INSTANT)
    guidance = models.TextField("申报说明", blank=True, max_length=4000)

    class Meta:
        verbose_name = verbose_name_plural = "开放条款"
        ordering = ["call", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "article"], name="grants_article_once_per_call")
        ]

    def __str__(self) -> str:
        return f"第{self.article}条 {self.title}"


def template_path(instance: "RequiredDocument", filename: str) -> str:
    """A generated name; the operator's file name is only shown."""
    ext = extension(instance.template_type or "")
    return timezone.now().strftime(f"grants/templates/%Y/{uuid.uuid4().hex}{ext}")


class RequiredDocument(CleanText, models.Model):
    """申报材料: a document an article needs, with its template and what is accepted."""

    article = models.ForeignKey(
        CallArticle, on_delete=models.CASCADE, related_name="documents", verbose_name="开放条款"
    )
    name = models.CharField("材料名称", max_length=100)
    description = models.CharField("要求说明", max_length=500, blank=True)
    required = models.BooleanField("必须提交", default=True)
    types = models.JSONField("允许的文件类型", default=list, help_text="pdf、png、jpeg 中的若干项")
    max_mb = models.PositiveSmallIntegerField(
        "大小上限（MB）", default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    template = models.FileField("模板", upload_to=template_path, blank=True)
    template_name = models.CharField("模板文件名", max_length=200, blank=True)
    template_type = models.CharField("模板类型", max_length=50, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "申报材料要求"
        ordering = ["article", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def content_types(self) -> set[str]:
        return {DOCUMENT_TYPES[t] for t in self.types or ["pdf"] if t in DOCUMENT_TYPES}

    @property
    def types_label(self) -> str:
        return "、".join(t.upper() for t in self.types or ["pdf"])
