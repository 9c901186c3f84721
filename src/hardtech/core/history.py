"""An audit trail as people read it: field names, choice labels, referenced records by name, channels in
Chinese. Every domain's record pages show it (core/_history.html)."""

import functools
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils import timezone

from hardtech.audit.models import AuditEntry
from hardtech.audit.recorder import history


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    at: object
    actor: str
    channel: str
    action: str
    changes: list[Change]
    what: str = ""  # which record, where one panel shows the entries of several


M2M_VERBS = {"added": "新增", "removed": "移除", "cleared": "清空"}
CHANNELS = {"web": "网页", "api": "接口", "system": "系统"}


def _display(field: models.Field | None, value) -> str:
    if value in (None, "", []):
        return "—"
    if field is not None and field.choices:
        labels = dict(field.flatchoices)
        return str(labels.get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        # The trail stores ISO strings; show them in the zone's local time like the rest of the page.
        return f"{timezone.localtime(datetime.fromisoformat(value)):%Y-%m-%d %H:%M}"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{M2M_VERBS.get(k, k)} {_display(None, v)}" for k, v in value.items())
    return str(value)


@functools.cache
def _fields_by_name(model: type[models.Model]) -> dict[str, models.Field]:
    """A model's fields under the names the audit trail records: attnames, and many-to-many names."""
    fields: dict[str, models.Field] = {f.attname: f for f in model._meta.concrete_fields}
    fields.update({f.name: f for f in model._meta.many_to_many})
    return fields


# The version number counts saves for conflict detection; it says nothing a reader of the history needs.
ALWAYS_HIDDEN = frozenset({"version"})


def history_row(
    entry: AuditEntry, model: type[models.Model], what: str = "", hidden: frozenset[str] = frozenset()
) -> HistoryRow:
    """One audit entry of a `model` record, with field names and choice values in Chinese; `hidden` fields
    (internal keys) are left out."""
    by_attname = _fields_by_name(model)
    changes = []
    for name, values in entry.changes.items():
        if name in hidden or name in ALWAYS_HIDDEN:
            continue
        field = by_attname.get(name)
        label = str(field.verbose_name) if field is not None else name
        if isinstance(values, list) and len(values) == 2:
            changes.append(Change(label, _display(field, values[0]), _display(field, values[1])))
        else:
            changes.append(Change(label, "", _display(None, values)))
    return HistoryRow(
        entry.at,
        str(entry.actor or "系统"),
        CHANNELS.get(entry.channel, entry.channel),
        entry.get_action_display(),
        changes,
        what,
    )


def history_rows(obj: models.Model, limit: int = 50) -> list[HistoryRow]:
    """The audit trail of a record, newest first."""
    return [history_row(entry, type(obj)) for entry in history(obj)[:limit]]
