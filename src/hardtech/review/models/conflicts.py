"""利益冲突: relations and declarations the conflict-of-interest registry reads (see review.conflicts).

What the platform's own records show (organisations, teams, co-authorship) is derived there, not stored here;
these tables hold what only people can tell: recorded relations, declared conflicts and operators' waivers.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from hardtech.catalogue.models import CleanText, Expert, Organisation

__all__ = ["ConflictWaiver", "DeclaredConflict", "Relation", "RelationKind"]

REASON_MAX_LENGTH = 500


class RelationKind(models.TextChoices):
    ADVISOR = "advisor", "导师"
    STUDENT = "student", "学生"
    FAMILY = "family", "亲属"
    FORMER_EMPLOYER = "former_employer", "曾任职单位"
    SHAREHOLDING = "shareholding", "持股"
    POST = "post", "兼职任职"


# A person relation names someone (matched against an item's team); an organisation relation names a body
# (matched against the item's organisations and their families).
PERSON_KINDS = frozenset({RelationKind.ADVISOR, RelationKind.STUDENT, RelationKind.FAMILY})
ORGANISATION_KINDS = frozenset({RelationKind.FORMER_EMPLOYER, RelationKind.SHAREHOLDING, RelationKind.POST})


class Relation(CleanText, models.Model):
    """A recorded relation of an expert: to a person (导师、学生、亲属) or to an organisation (曾任职、持股、任职)."""

    expert = models.ForeignKey(
        Expert, verbose_name="专家", on_delete=models.CASCADE, related_name="relations"
    )
    kind = models.CharField("关系", max_length=20, choices=RelationKind.choices)
    person_name = models.CharField("对方姓名", max_length=50, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="对方机构",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="expert_relations",
    )
    since = models.DateField("起始日期", null=True, blank=True)
    until = models.DateField("终止日期", null=True, blank=True)
    source = models.CharField("信息来源", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "专家关系"
        ordering = ["expert_id", "kind", "id"]

    def __str__(self) -> str:
        other = self.person_name or (self.organisation.name if self.organisation_id else "")
        return f"{self.expert.name} — {self.get_kind_display()}：{other}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind in PERSON_KINDS and not self.person_name.strip():
            errors["person_name"] = "导师、学生、亲属关系须填写对方姓名"
        if self.kind in ORGANISATION_KINDS and not self.organisation_id:
            errors["organisation"] = "曾任职、持股、任职关系须选择对方机构"
        if self.since and self.until and self.since > self.until:
            errors["until"] = "终止日期不能早于起始日期"
        if errors:
            raise ValidationError(errors)


class ItemReference(models.Model):
    """The reviewed item of a declaration or waiver: any record (成果、需求, later 基金申报 …)."""

    content_type = models.ForeignKey(ContentType, verbose_name="条目类型", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField("条目编号")
    item = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True


class DeclaredConflict(CleanText, ItemReference):
    """A conflict declared by the expert (or recorded by an operator) on one item."""

    expert = models.ForeignKey(
        Expert, verbose_name="专家", on_delete=models.CASCADE, related_name="declared_conflicts"
    )
    reason = models.CharField("原因", max_length=REASON_MAX_LENGTH)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("申报时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "申报的利益冲突"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "content_type", "object_id"], name="review_declared_once_per_item"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.expert.name} 申报利益冲突：{self.reason[:40]}"


class ConflictWaiver(CleanText, ItemReference):
    """An operator's waiver of one rule for one (expert, item) pair, with the reason (audited)."""

    expert = models.ForeignKey(Expert, verbose_name="专家", on_delete=models.CASCADE, related_name="waivers")
    rule = models.CharField("规则", max_length=40)
    reason = models.CharField("理由", max_length=REASON_MAX_LENGTH)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="豁免人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("豁免时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "利益冲突豁免"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "content_type", "object_id", "rule"], name="review_waived_once_per_rule"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.expert.name} 豁免 {self.rule}：{self.reason[:40]}"
