"""公示 and 异议: a published list of approved items (applicant, article, amount) for a set number of days, the
objections anyone may lodge, and the operator's resolution of each."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models

from hardtech.catalogue.models import MONEY, CleanText
from hardtech.grants.choices import NoticeStatus, ObjectionStatus

from .applications import ApplicationItem
from .calls import Call

__all__ = ["Notice", "NoticeEntry", "Objection"]

USER = settings.AUTH_USER_MODEL


class Notice(CleanText, models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="notices", verbose_name="申报通知")
    title = models.CharField("公示标题", max_length=200)
    starts_on = models.DateField("公示开始日期")
    days = models.PositiveSmallIntegerField("公示天数")
    status = models.CharField("状态", max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.OPEN)
    published_by = models.ForeignKey(
        USER, verbose_name="发布人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", auto_now_add=True)
    finalised_at = models.DateTimeField("公示结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "公示"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_on(self) -> date:
        """The last day of the notice (the start day counts as the first)."""
        return self.starts_on + timedelta(days=self.days - 1)

    def running(self, today: date) -> bool:
        return self.status == NoticeStatus.OPEN and self.starts_on <= today <= self.ends_on


class NoticeEntry(models.Model):
    """One line of the notice: what the public sees (applicant, article, amount), fixed when published."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="entries", verbose_name="公示")
    item = models.ForeignKey(
        ApplicationItem, on_delete=models.PROTECT, related_name="notice_entries", verbose_name="申报条目"
    )
    applicant_name = models.CharField("申报主体", max_length=200)
    article = models.CharField("条款", max_length=10)
    article_title = models.CharField("条款名称", max_length=200)
    amount = models.DecimalField("拟支持金额（万元）", **MONEY)
    withdrawn = models.BooleanField("已撤出公示", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "公示条目"
        ordering = ["notice", "id"]
        constraints = [models.UniqueConstraint(fields=["notice", "item"], name="grants_item_once_per_notice")]

    def __str__(self) -> str:
        return f"{self.applicant_name} 第{self.article}条 {self.amount} 万元"


class Objection(CleanText, models.Model):
    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="objections", verbose_name="公示"
    )
    entry = models.ForeignKey(
        NoticeEntry,
        verbose_name="异议对象",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objections",
    )
    name = models.CharField("异议人", max_length=50)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    content = models.TextField("异议内容", max_length=4000)
    status = models.CharField(
        "状态", max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    resolution = models.TextField("处理意见", blank=True, max_length=2000)
    resolved_by = models.ForeignKey(
        USER, verbose_name="处理人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    lodged_by = models.ForeignKey(
        USER, verbose_name="提交账号", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "公示异议"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"异议：{self.content[:30]}"
