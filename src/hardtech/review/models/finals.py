"""决赛: the top items of a round's calibrated ranking compared in pairs by the finals judges."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from .rounds import Round, RoundItem

__all__ = ["Comparison", "Finalist", "Finals"]


class Finals(models.Model):
    round = models.OneToOneField(
        Round, on_delete=models.CASCADE, related_name="finals", verbose_name="评审轮次"
    )
    size = models.PositiveSmallIntegerField("决赛项目数", default=6, validators=[MinValueValidator(2)])
    judges = models.ManyToManyField("catalogue.Expert", related_name="review_finals", verbose_name="决赛评委")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="开启人",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    opened_at = models.DateTimeField("开启时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "决赛"

    def __str__(self) -> str:
        return f"{self.round} · 决赛"


class Finalist(models.Model):
    finals = models.ForeignKey(
        Finals, on_delete=models.CASCADE, related_name="finalists", verbose_name="决赛"
    )
    item = models.ForeignKey(RoundItem, on_delete=models.CASCADE, related_name="+", verbose_name="评审对象")
    seed = models.PositiveSmallIntegerField("入围名次")

    class Meta:
        ordering = ["seed"]
        verbose_name = verbose_name_plural = "决赛项目"
        constraints = [models.UniqueConstraint(fields=["finals", "item"], name="review_finalist_once")]

    def __str__(self) -> str:
        return f"{self.seed}. {self.item}"


class Comparison(models.Model):
    """One judge's preference between two finalists (item_a has the smaller id); a judge's later choice on the
    same pair replaces the earlier one."""

    finals = models.ForeignKey(
        Finals, on_delete=models.CASCADE, related_name="comparisons", verbose_name="决赛"
    )
    judge = models.ForeignKey(
        "catalogue.Expert", on_delete=models.CASCADE, related_name="+", verbose_name="评委"
    )
    item_a = models.ForeignKey(RoundItem, on_delete=models.CASCADE, related_name="+", verbose_name="项目甲")
    item_b = models.ForeignKey(RoundItem, on_delete=models.CASCADE, related_name="+", verbose_name="项目乙")
    winner = models.ForeignKey(RoundItem, on_delete=models.CASCADE, related_name="+", verbose_name="胜者")
    saved_at = models.DateTimeField("保存时间", auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "两两比较"
        constraints = [
            models.UniqueConstraint(
                fields=["finals", "judge", "item_a", "item_b"], name="review_comparison_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.judge}：{self.item_a} vs {self.item_b} → {self.winner}"
