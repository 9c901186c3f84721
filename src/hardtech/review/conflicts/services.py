"""The registry's one write path: declare a conflict, waive one, record a relation. Each checks who may,
validates, and saves in a transaction; the audit trail (review.apps) records who did it and why."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction

from hardtech.catalogue.models import Expert
from hardtech.review.conflicts import permissions
from hardtech.review.conflicts.parties import item_key
from hardtech.review.conflicts.registry import Batch
from hardtech.review.conflicts.rules import RULES_BY_CODE
from hardtech.review.models import ConflictWaiver, DeclaredConflict, Relation


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: "请填写原因"})
    return reason


def _at(item: models.Model) -> dict:
    return {"content_type": ContentType.objects.get_for_model(item), "object_id": item.pk}


def _save(obj: models.Model, duplicate: str) -> models.Model:
    obj.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:  # the unique constraint: a concurrent or repeated request
        raise ValidationError(duplicate) from exc
    return obj


def declare(user, expert: Expert, item: models.Model, reason: str) -> DeclaredConflict:
    """An expert's own declaration (or the operator's record of one) that they may not review the item."""
    if not permissions.can_declare(user, expert, item):
        raise PermissionDenied("只能为本人申报利益冲突")
    reason = _reason(reason)
    if DeclaredConflict.objects.filter(expert=expert, **_at(item)).exists():
        raise ValidationError("已申报过与该条目的利益冲突")
    conflict = DeclaredConflict(expert=expert, reason=reason, declared_by=user, **_at(item))
    return _save(conflict, "已申报过与该条目的利益冲突")


def waive(user, expert: Expert, item: models.Model, rule: str, reason: str) -> ConflictWaiver:
    """The operator lifts one rule's conflict for this pair, with the reason; a rule that does not bar the
    pair cannot be waived (a waiver in advance would silence a conflict nobody has seen)."""
    if not permissions.can_manage(user):
        raise PermissionDenied("只有管委会可以豁免利益冲突")
    if rule not in RULES_BY_CODE:
        raise ValidationError({"rule": f"未知的回避规则：{rule}"})
    reason = _reason(reason)
    found = Batch([item]).check([expert], include_waived=True).get((expert.pk, item_key(item)), [])
    matching = [c for c in found if c.rule == rule]
    if not matching:
        raise ValidationError({"rule": f"该专家与此条目不存在「{RULES_BY_CODE[rule].label}」冲突，无需豁免"})
    if matching[0].waiver is not None:
        raise ValidationError({"rule": "该冲突已豁免"})
    return _save(
        ConflictWaiver(expert=expert, rule=rule, reason=reason, waived_by=user, **_at(item)), "该冲突已豁免"
    )


RELATION_FIELDS = ("kind", "person_name", "organisation_id", "since", "until", "source")


def record_relation(user, expert: Expert, **fields) -> Relation:
    """The operator records a relation of the expert (导师、学生、亲属、曾任职、持股、任职)."""
    if not permissions.can_manage(user):
        raise PermissionDenied("只有管委会可以登记专家关系")
    unknown = set(fields) - set(RELATION_FIELDS)
    if unknown:
        raise ValidationError(f"未知的字段：{'、'.join(sorted(unknown))}")
    relation = Relation(expert=expert, recorded_by=user, **fields)
    relation.person_name = (relation.person_name or "").strip()
    relation.full_clean()
    with transaction.atomic():
        relation.save()
    return relation
