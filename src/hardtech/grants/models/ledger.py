"""The double-entry ledger (资金台账): journal entries whose postings sum to zero, each posting on an account and an
award (an application item). Entries are immutable: a correction is a reversing entry (冲正), never an edit."""

from django.conf import settings
from django.db import models

from hardtech.catalogue.models import Organisation
from hardtech.grants.choices import Account, EntryKind

from .applications import ApplicationItem

__all__ = ["Immutable", "JournalEntry", "Posting"]

SIGNED_MONEY = {"max_digits": 14, "decimal_places": 2}


class Immutable(Exception):
    """A ledger row was to be changed or deleted; the ledger only grows."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Immutable("资金台账只能追加，不能修改；更正请使用冲正分录")

    def delete(self):
        raise Immutable("资金台账只能追加，不能删除；更正请使用冲正分录")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise Immutable("资金台账只能追加，不能修改；更正请使用冲正分录")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable("资金台账只能追加，不能删除；更正请使用冲正分录")


class JournalEntry(AppendOnly):
    kind = models.CharField("业务类型", max_length=20, choices=EntryKind.choices)
    memo = models.CharField("摘要", max_length=500, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name="冲正的分录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    batch = models.ForeignKey(
        "grants.PaymentBatch",
        verbose_name="拨付批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("记账时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "台账分录"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.memo}"


class Posting(AppendOnly):
    """One line of an entry: debit positive, credit negative (万元, to the cent)."""

    entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, related_name="postings", verbose_name="分录"
    )
    account = models.CharField("科目", max_length=20, choices=Account.choices)
    item = models.ForeignKey(
        ApplicationItem, on_delete=models.PROTECT, related_name="postings", verbose_name="支持事项"
    )
    applicant = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="申报主体"
    )
    year = models.PositiveSmallIntegerField("申报年度")
    amount = models.DecimalField("金额（万元，借正贷负）", **SIGNED_MONEY)

    class Meta:
        verbose_name = verbose_name_plural = "台账明细"
        ordering = ["entry_id", "id"]
        indexes = [
            models.Index(fields=["item", "account"]),
            models.Index(fields=["applicant", "year", "account"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_account_display()} {self.amount}"
