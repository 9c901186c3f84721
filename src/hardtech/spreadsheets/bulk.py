"""What bulk writes must do by hand because bulk_create/bulk_update skip save() and the audit signals."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from hardtech.audit.context import current_actor, current_channel
from hardtech.audit.models import AuditEntry
from hardtech.catalogue.models import Organisation
from hardtech.core.pinyin import sort_key

BATCH_SIZE = 500


def derived_fields(model: type[models.Model]) -> list[str]:
    """What save() derives from a record, which a bulk write must set itself (see derive)."""
    return ["search_text", "name_sort"] if model is Organisation else ["search_text"]


def derive(obj: models.Model) -> None:
    """Set what save() would derive: the search text, and an organisation's pinyin sort key."""
    obj.refresh_search_text()
    if isinstance(obj, Organisation):
        obj.name_sort = sort_key(obj.name, Organisation._meta.get_field("name_sort").max_length)


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
