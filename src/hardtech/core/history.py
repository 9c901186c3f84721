"""An audit trail as people read it: field names, choice labels, referenced records by name, channels in
Chinese. Every domain's record pages show it (core/_history.html)."""

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
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
CHANNELS = {"web": "网页", "api": "API", "cli": "命令行", "import": "导入", "system": "系统"}

# JSON fields holding lists of choice codes, which a model field cannot declare: (model, field) → choices.
# Each domain declares its own in its AppConfig.ready() (the catalogue from its kinds registry).
CODE_LISTS: dict[tuple[type[models.Model], str], type[models.Choices]] = {}


def declare_code_lists(model: type[models.Model], code_lists: Mapping[str, type[models.Choices]]) -> None:
    for name, choices in code_lists.items():
        CODE_LISTS[model, name] = choices


class Names:
    """The names of the records an audit trail refers to by id (foreign keys, many-to-many changes), read
    with one query per referenced model; a record deleted since is shown by its id."""

    def __init__(
        self, entries: Iterable[tuple[AuditEntry, type[models.Model]]], hidden: frozenset[str] = frozenset()
    ) -> None:
        wanted: dict[type[models.Model], set[int]] = defaultdict(set)
        for entry, model in entries:
            fields = _fields_by_name(model)
            for name, values in entry.changes.items():
                field = fields.get(name) if name not in hidden else None
                if field is not None and field.is_relation:
                    wanted[field.related_model].update(_ids(values))
        self.names = {
            related: {pk: str(obj) for pk, obj in related._default_manager.in_bulk(ids).items()}
            for related, ids in wanted.items()
        }

    def of(self, related: type[models.Model], pk) -> str:
        return self.names.get(related, {}).get(pk) or f"已删除的{related._meta.verbose_name}（{pk}）"


def _ids(values) -> list[int]:
    """The ids in a foreign key's [old, new] or a many-to-many change's {verb: [ids]}."""
    found = values.values() if isinstance(values, dict) else [values]
    return [
        pk for group in found for pk in (group if isinstance(group, list) else [group]) if isinstance(pk, int)
    ]


def _display(field: models.Field | None, value, names: Names) -> str:
    if value in (None, "", []):
        return "—"
    if field is not None and field.is_relation:
        if isinstance(value, dict):
            return "；".join(
                f"{M2M_VERBS.get(verb, verb)} {'、'.join(names.of(field.related_model, pk) for pk in ids) or '全部'}"
                for verb, ids in value.items()
            )
        return names.of(field.related_model, value)
    if field is not None and field.choices:
        labels = dict(field.flatchoices)
        return str(labels.get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        # The trail stores ISO strings; show them in the zone's local time like the rest of the page.
        return f"{timezone.localtime(datetime.fromisoformat(value)):%Y-%m-%d %H:%M}"
    if isinstance(value, list):
        choices = CODE_LISTS.get((field.model, field.name)) if field is not None else None
        labels = dict(choices.choices) if choices else {}
        return "、".join(str(labels.get(v, v)) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{M2M_VERBS.get(k, k)} {_display(None, v, names)}" for k, v in value.items())
    return str(value)


@functools.cache
def _fields_by_name(model: type[models.Model]) -> dict[str, models.Field]:
    """A model's fields under the names the audit trail records: attnames, and many-to-many names."""
    fields: dict[str, models.Field] = {f.attname: f for f in model._meta.concrete_fields}
    fields.update({f.name: f for f in model._meta.many_to_many})
    return fields


# The version number counts saves for conflict detection; it says nothing a reader of the history needs.
ALWAYS_HIDDEN = frozenset({"version"})
# Keys an entry carries besides field changes: the workflow step that made it (core.workflow).
ENTRY_LABELS = {"transition": "流程操作"}


def history_row(
    entry: AuditEntry,
    model: type[models.Model],
    what: str = "",
    hidden: frozenset[str] = frozenset(),
    names: Names | None = None,
) -> HistoryRow:
    """One audit entry of a `model` record, as people read it: field names, choice labels and referenced
    records' names in Chinese; `hidden` fields (internal keys) are left out. Pass `names` (Names of all the
    entries shown) to read the referenced records once for a whole trail."""
    names = names if names is not None else Names([(entry, model)], hidden)
    by_attname = _fields_by_name(model)
    changes = []
    for name, values in entry.changes.items():
        if name in hidden or name in ALWAYS_HIDDEN:
            continue
        field = by_attname.get(name)
        label = str(field.verbose_name) if field is not None else ENTRY_LABELS.get(name, name)
        if isinstance(values, list) and len(values) == 2:
            old, new = (
                _field_names(v, by_attname) if _keyed_by_fields(v, by_attname) else _display(field, v, names)
                for v in values
            )
            changes.append(Change(label, old, new))
        else:
            changes.append(Change(label, "", _display(field, values, names)))
    return HistoryRow(
        entry.at,
        str(entry.actor or "系统"),
        CHANNELS.get(entry.channel, entry.channel),
        entry.get_action_display(),
        changes,
        what,
    )


def _keyed_by_fields(value: object, by_attname: dict[str, models.Field]) -> bool:
    return isinstance(value, dict) and bool(value) and all(key in by_attname for key in value)


def _field_names(value: dict, by_attname: dict[str, models.Field]) -> str:
    """A JSON object keyed by the record's own fields (a pending revision, 待审核的修改) reads as the names of
    the fields it changes; the values show in the revision's own panel and when it is applied."""
    return "修改" + "、".join(str(by_attname[key].verbose_name) for key in value)


def history_rows(obj: models.Model, limit: int = 50) -> list[HistoryRow]:
    """The audit trail of a record, newest first."""
    model = type(obj)
    entries = list(history(obj)[:limit])
    names = Names((entry, model) for entry in entries)
    return [history_row(entry, model, names=names) for entry in entries]
