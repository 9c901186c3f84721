"""Helpers every area of the portal uses: visibility, pagination, search, history, redirects."""

import functools
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from hardtech.audit.models import AuditEntry
from hardtech.audit.recorder import history
from hardtech.catalogue import permissions
from hardtech.catalogue.search import substring_q
from hardtech.matching.ranking import RANK, ranked

PAGE_SIZE = 20


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def visible_or_404(request: HttpRequest, model: type[models.Model], pk: int) -> models.Model:
    """The record, or 404 when it does not exist or the user may not see it (never reveal drafts)."""
    obj = get_object_or_404(model, pk=pk)
    if not permissions.can_view(request.user, obj):
        raise Http404
    return obj


def paginate(request: HttpRequest, queryset: QuerySet) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Ranked by the match engine when it indexes the model (annotated `match_rank`, see is_ranked); else
    every analysed term must occur in the analysed search text (so 半導體 finds 半导体)."""
    ranked_queryset = ranked(queryset, query)
    if ranked_queryset is not None:
        return ranked_queryset
    return queryset.filter(substring_q(query))


def is_ranked(queryset: QuerySet) -> bool:
    return RANK in queryset.query.annotations


RELEVANCE = ("relevance", "相关度")


def sort_choices(sorts: dict[str, tuple[str, tuple]], query: str) -> list[tuple[str, str]]:
    """A search offers (and defaults to) ordering by relevance."""
    return ([RELEVANCE] if query.strip() else []) + [(k, v[0]) for k, v in sorts.items()]


def ordering_for(queryset: QuerySet, sorts: dict[str, tuple[str, tuple]], sort: str, default: str) -> tuple:
    if is_ranked(queryset) and sort in ("", RELEVANCE[0]):
        return (RANK, "-pk")
    return sorts.get(sort, sorts[default])[1]


def json_list_has(field: str, value: str) -> Q:
    """A JSON list of plain codes contains `value`; matches the quoted code in the JSON text, which works on
    SQLite as well as PostgreSQL (JSON `contains` is not available on SQLite)."""
    return Q(**{f"{field}__icontains": f'"{value}"'})


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


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
