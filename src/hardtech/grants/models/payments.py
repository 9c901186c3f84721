"""拨付批次: payable awards gathered into a batch, exported as the bank's batch-transfer file, and settled line by
line when the bank's result file is imported (once: a file imported before is refused)."""

from django.conf import settings
from django.db import models

from hardtech.catalogue.models import MONEY, CleanText
from hardtech.grants.choices import BatchStatus, LineStatus

from .applications import ApplicationItem

__all__ = ["BankResultImport", "PaymentBatch", "PaymentLine"]

USER = settings.AUTH_USER_MODEL


class PaymentBatch(CleanText, models.Model):
    number = models.CharField("批次号", max_length=20, unique=True)
    year = models.PositiveSmallIntegerField("申报年度")
    status = models.CharField("状态", max_length=20, choices=BatchStatus.choices, default=BatchStatus.DRAFT)
    note = models.CharField("备注", max_length=500, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_by = models.ForeignKey(
        USER, verbose_name="提交人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField("提交银行时间", null=True, blank=True)
    settled_at = models.DateTimeField("回执完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "拨付批次"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number


class PaymentLine(CleanText, models.Model):
    """One transfer of a batch; the payee is copied from the application when the batch is made."""

    batch = models.ForeignKey(
        PaymentBatch, on_delete=models.CASCADE, related_name="lines", verbose_name="拨付批次"
    )
    item = models.ForeignKey(
        ApplicationItem, on_delete=models.PROTECT, related_name="payment_lines", verbose_name="支持事项"
    )
    amount = models.DecimalField("金额（万元）", **MONEY)
    account_name = models.CharField("收款户名", max_length=200)
    account_number = models.CharField("收款账号", max_length=32)
    bank_name = models.CharField("开户银行", max_length=100)
    bank_code = models.CharField("开户行联行号", max_length=12)
    status = models.CharField("结果", max_length=20, choices=LineStatus.choices, default=LineStatus.PENDING)
    bank_reference = models.CharField("银行流水号", max_length=64, blank=True)
    failure_reason = models.CharField("失败原因", max_length=500, blank=True)
    settled_at = models.DateTimeField("回执时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "拨付明细"
        ordering = ["batch", "id"]

    def __str__(self) -> str:
        return f"{self.batch.number}-{self.pk} {self.account_name} {self.amount}"


class BankResultImport(models.Model):
    """A bank result file imported for a batch; its SHA-256 makes a second import of the same file refused."""

    batch = models.ForeignKey(
        PaymentBatch, on_delete=models.CASCADE, related_name="imports", verbose_name="拨付批次"
    )
    sha256 = models.CharField("文件摘要", max_length=64, unique=True)
    name = models.CharField("文件名", max_length=200)
    paid = models.PositiveIntegerField("成功笔数", default=0)
    failed = models.PositiveIntegerField("失败笔数", default=0)
    imported_by = models.ForeignKey(
        USER, verbose_name="导入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "银行回执导入"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.name
