"""What bulk writes must do by hand because bulk_create/bulk_update skip save() and the audit signals."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from hardtech.audit.context import current_actor, current_channel
from hardtech.audit.models import AuditEntry

BATCH_SIZE = 500


def record_batch(
    model: type[models.Model], source: str, created: int, updated: int, actor=None, **details
) -> None:
    """One summary audit entry per imported batch and model (instead of one per row)."""
    if not created and not updated:
        return
    actor = actor if actor is not None else current_actor.get()
    actor = actor.resolve() if hasattr(actor, "resolve") else actor
    AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        channel=current_channel.get(),
        action=AuditEntry.Action.CREATE if not updated else AuditEntry.Action.UPDATE,
        content_type=ContentType.objects.get_for_model(model),
        object_id="batch",
        object_repr=f"批量导入 {source}：新建 {created} 条，更新 {updated} 条"[:300],
        changes={"import": {"source": source, "created": created, "updated": updated, **details}},
    )
