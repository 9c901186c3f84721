"""Signal handlers that write AuditEntry rows: field-level diffs on save, a snapshot on delete.

Bulk imports (bulk_create) bypass signals by design and write one summary entry per batch themselves.
"""

import uuid
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from hardtech.audit.context import current_actor, current_channel
from hardtech.audit.models import AuditEntry

SKIPPED_FIELDS = {"search_text", "name_sort", "created_at", "updated_at", "password", "last_login"}


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name
    if isinstance(value, uuid.UUID):  # e.g. an event registration's badge code
        return str(value)
    return value


def snapshot(instance: models.Model) -> dict:
    return {
        f.attname: _plain(getattr(instance, f.attname))
        for f in instance._meta.concrete_fields
        if f.attname not in SKIPPED_FIELDS
    }


def _actor():
    actor = current_actor.get()
    return actor.resolve() if hasattr(actor, "resolve") else actor


def write(instance: models.Model, action: str, changes: dict) -> None:
    AuditEntry.objects.create(
        actor=_actor(),
        channel=current_channel.get(),
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes,
    )


def _before_save(sender, instance, **kwargs):
    before = sender.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._audit_before = snapshot(before) if before else None


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        write(
            instance,
            AuditEntry.Action.CREATE,
            {k: [None, v] for k, v in after.items() if v not in (None, "", [])},
        )
        return
    diff = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if diff:
        write(instance, AuditEntry.Action.UPDATE, diff)


def _after_delete(sender, instance, **kwargs):
    write(instance, AuditEntry.Action.DELETE, {k: [v, None] for k, v in snapshot(instance).items()})


def _m2m(sender, instance, action, pk_set, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(instance, AUDITED):
        return
    field = next(f.name for f in type(instance)._meta.many_to_many if f.remote_field.through is sender)
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    write(instance, AuditEntry.Action.UPDATE, {field: {verb: sorted(pk_set or [])}})


AUDITED: tuple[type[models.Model], ...] = ()


def connect(*models_to_audit: type[models.Model]) -> None:
    """Audit these models from now on (each app calls this from its AppConfig.ready)."""
    global AUDITED
    AUDITED = (*AUDITED, *models_to_audit)
    for model in models_to_audit:
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"audit-pre-{model.__name__}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"audit-post-{model.__name__}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"audit-del-{model.__name__}")
    m2m_changed.connect(_m2m, dispatch_uid="audit-m2m")


def history(instance: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)), object_id=str(instance.pk)
    ).select_related("actor")
