"""申报 and 免申即享 offers: an applicant's application to a call, one item per article with the engine's amount
(the cap of what may be approved), its documents, its bank account and the operator's decision per item."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hardtech.catalogue.models import MONEY, CleanText, Organisation
from hardtech.core.uploads import extension
from hardtech.grants.choices import LIVE_STATUSES, ApplicationStatus, Decision, Mode, Route

from .calls import Call, RequiredDocument

__all__ = ["Application", "ApplicationDocument", "ApplicationItem"]

USER = settings.AUTH_USER_MODEL


class Application(CleanText, models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name="申报通知"
    )
    applicant = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grant_applications", verbose_name="申报主体"
    )
    route = models.CharField("方式", max_length=20, choices=Route.choices, default=Route.APPLICATION)
    number = models.CharField("受理编号", max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    summary = models.TextField("项目简介", blank=True, max_length=4000, help_text="评审专家阅读的申报内容")
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    # 收款账户 (对公账户): seen by the applicant and the operator only, never by reviewers or the public.
    bank_account_name = models.CharField("收款户名", max_length=200, blank=True)
    bank_name = models.CharField("开户银行", max_length=100, blank=True)
    bank_code = models.CharField("开户行联行号", max_length=12, blank=True)
    bank_account_number = models.CharField("收款账号", max_length=32, blank=True)
    bank_confirmed_at = models.DateTimeField("账户确认时间", null=True, blank=True)
    pledged_at = models.DateTimeField("签署承诺书时间", null=True, blank=True)
    pledged_by = models.ForeignKey(
        USER, verbose_name="承诺人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("审查意见", blank=True, max_length=2000)
    correction_deadline = models.DateTimeField("补正截止时间", null=True, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    checked_at = models.DateTimeField("形式审查时间", null=True, blank=True)
    decided_at = models.DateTimeField("审定时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "兑现申报"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "applicant", "route"],
                condition=Q(status__in=LIVE_STATUSES),
                name="grants_one_live_application",
            )
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        label = self.number or ("免申即享" if self.route == Route.OFFER else "申报草稿")
        return f"{self.applicant.name} · {label}"

    @property
    def is_offer(self) -> bool:
        return self.route == Route.OFFER

    @property
    def bank_ready(self) -> bool:
        return bool(self.bank_account_name and self.bank_name and self.bank_code and self.bank_account_number)

    @property
    def masked_account(self) -> str:
        """The account number as lists show it (…1234)."""
        n = self.bank_account_number
        return f"****{n[-4:]}" if n else ""


class ApplicationItem(models.Model):
    """One article applied for (or offered): the engine's amount, and the operator's decision.

    `computed` is what the engine gives for this article on the applicant's current data (re-evaluated on every
    data change; `requested` keeps the figure at submission, so the difference can be shown); it caps the
    approved amount. `exempt` is the part of it the policy does not count towards the annual cap (第五条)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="items", verbose_name="申报"
    )
    article = models.CharField("条款", max_length=10)
    title = models.CharField("条款名称", max_length=200)
    mode = models.CharField("兑现方式", max_length=20, choices=Mode.choices)
    requested = models.DecimalField("申报金额（万元）", default=0, **MONEY)
    computed = models.DecimalField("测算金额（万元）", default=0, **MONEY)
    exempt = models.DecimalField("不计入年度上限部分（万元）", default=0, **MONEY)
    computed_at = models.DateTimeField("测算时间", null=True, blank=True)
    explanation = models.TextField("测算说明", blank=True)
    missing = models.JSONField("缺少的数据", default=list, blank=True)
    decision = models.CharField("审定", max_length=20, choices=Decision.choices, default=Decision.PENDING)
    approved_amount = models.DecimalField("核定金额（万元）", null=True, blank=True, **MONEY)
    decision_reason = models.CharField("审定理由", max_length=500, blank=True)
    decided_by = models.ForeignKey(
        USER, verbose_name="审定人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("审定时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "申报条目"
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "article"], name="grants_article_once_per_application"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.applicant.name} 第{self.article}条"

    @property
    def change(self):
        """测算变化: the engine's amount now less the amount at submission."""
        return self.computed - self.requested


def document_path(instance: "ApplicationDocument", filename: str) -> str:
    """A generated name with the extension of the type found in the bytes; the uploader's name is only shown."""
    return timezone.now().strftime(f"grants/%Y/%m/{uuid.uuid4().hex}{extension(instance.content_type)}")


class ApplicationDocument(CleanText, models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="documents", verbose_name="申报"
    )
    requirement = models.ForeignKey(
        RequiredDocument,
        verbose_name="材料要求",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploads",
    )
    file = models.FileField("文件", upload_to=document_path)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=50, editable=False)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "申报材料"
        ordering = ["application", "requirement_id", "-uploaded_at"]

    def __str__(self) -> str:
        return self.name
