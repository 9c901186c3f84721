"""匹配反馈: what users say about a match, kept for the engine's evaluation and tuning."""

from django.conf import settings
from django.db import models

from hardtech.catalogue.kinds import KINDS, MATCHABLE

# The matchable kinds of the catalogue's registry.
MatchKind = models.TextChoices("MatchKind", [(code.upper(), (code, KINDS[code].label)) for code in MATCHABLE])


class FeedbackReason(models.TextChoices):
    FIELD_MISMATCH = "field_mismatch", "领域不符"
    TOO_EARLY = "too_early", "成熟度太低"
    PRICE = "price", "价格不合适"
    ALREADY_KNOWN = "already_known", "已经知道"
    OTHER = "other", "其他"


class MatchFeedback(models.Model):
    """One user's verdict on one shown match (source record → target record)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="match_feedback"
    )
    source_kind = models.CharField("来源类型", max_length=20, choices=MatchKind.choices)
    source_id = models.PositiveBigIntegerField("来源编号")
    target_kind = models.CharField("匹配对象类型", max_length=20, choices=MatchKind.choices)
    target_id = models.PositiveBigIntegerField("匹配对象编号")
    relevant = models.BooleanField("相关")
    reason = models.CharField("原因", max_length=20, choices=FeedbackReason.choices, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    score = models.FloatField("当时的匹配度", null=True, blank=True)
    rank = models.PositiveIntegerField("当时的名次", null=True, blank=True)
    created_at = models.DateTimeField("反馈时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "匹配反馈"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["source_kind", "source_id"])]

    def __str__(self) -> str:
        verdict = "相关" if self.relevant else "不相关"
        return f"{self.source_kind}:{self.source_id} → {self.target_kind}:{self.target_id} {verdict}"


class MatchNotice(models.Model):
    """A demand's enterprise was told that an achievement matches it (event match.found): once per pair ever,
    however often the achievement is edited or published again."""

    demand = models.ForeignKey(
        "catalogue.Demand", verbose_name="技术需求", on_delete=models.CASCADE, related_name="+"
    )
    achievement = models.ForeignKey(
        "catalogue.Achievement", verbose_name="科技成果", on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField("当时的匹配可信度")  # 3 高, 2 中, 1 低
    created_at = models.DateTimeField("通知时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "匹配通知"
        constraints = [
            models.UniqueConstraint(fields=["demand", "achievement"], name="one_match_notice_per_pair")
        ]

    def __str__(self) -> str:
        return f"demands:{self.demand_id} ← achievements:{self.achievement_id}"
