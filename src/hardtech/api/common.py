"""Helpers every resource router uses: caller, lookups with 404/403, validated saves, filters, pagination."""

import json
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.http import Http404, HttpRequest
from ninja.errors import HttpError

from hardtech.catalogue.permissions import AnyUser, Record, can_edit, can_view, edit_requires_review
from hardtech.catalogue.search import substring_q
from hardtech.matching.ranking import ranked, relevance_first

from .schemas import PageParams


def caller(request: HttpRequest) -> AnyUser:
    return request.auth


def forbid_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise HttpError(403, message)


def get_visible(request: HttpRequest, queryset: QuerySet, pk: int) -> Record:
    """The record if the caller may see it; invisible and missing look the same (404)."""
    obj = queryset.filter(pk=pk).first()
    if obj is None or not can_view(caller(request), obj):
        raise Http404
    return obj


def assign(obj: models.Model, data: dict) -> None:
    """Set plain and foreign-key fields from a payload; a null for a non-nullable field becomes its empty value
    when the field may be blank (so clients can clear it) and stays null otherwise (full_clean then says so)."""
    for name, value in data.items():
        field = obj._meta.get_field(name)
        if value is None and not field.null:
            if field.has_default():
                value = field.get_default()
            elif field.blank:
                value = ""
        setattr(obj, field.attname, value)


def missing_ids(model: type[models.Model], ids: Iterable[int]) -> list[int]:
    wanted = set(ids)
    return sorted(wanted - set(model.objects.filter(pk__in=wanted).values_list("pk", flat=True)))


def check_references(refs: dict[str, tuple[type[models.Model], Iterable[int]]]) -> None:
    """Referenced ids must exist; checked before full_clean because some model clean() methods follow them."""
    errors = {}
    for field, (model, ids) in refs.items():
        if missing := missing_ids(model, ids):
            errors[field] = [f"{model._meta.verbose_name}不存在：{'、'.join(map(str, missing))}"]
    if errors:
        raise ValidationError(errors)


def save_owned(user: AnyUser, obj: Record, m2m: dict[str, list[int]] | None = None) -> None:
    """full_clean, save and set relations atomically, then require that the caller may still edit the result.

    The last check reuses permissions.can_edit so that nobody creates or moves a record into another
    organisation's hands (an institution listing an achievement for a different university, say). An owner's
    edit of a published listing sends it back for review.
    """
    if obj.pk and edit_requires_review(user, obj):
        obj.return_to_review()
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        for name, ids in (m2m or {}).items():
            getattr(obj, name).set(ids)
        forbid_unless(can_edit(user, obj), "只能为本机构创建或保存记录")


def search(queryset: QuerySet, q: str | None) -> QuerySet:
    """Ranked by the match engine where it indexes the model: results come by relevance, and the list's
    `ordering` only breaks ties. Otherwise every term must occur (AND); terms are normalised like the stored
    search text (Traditional → Simplified)."""
    ranked_queryset = ranked(queryset, q or "")
    if ranked_queryset is not None:
        return relevance_first(ranked_queryset)
    return queryset.filter(substring_q(q or ""))


def region_q(region: str | None, prefix: str = "") -> Q:
    if not region:
        return Q()
    return (
        Q(**{f"{prefix}province__contains": region})
        | Q(**{f"{prefix}city__contains": region})
        | Q(**{f"{prefix}district__contains": region})
    )


def json_list_has(field: str, value: str | None) -> Q:
    # A substring match on the JSON text (with its quotes) works on SQLite, where JSONField __contains is
    # unsupported, as well as on PostgreSQL; the values are fixed codes, so the quotes make it exact.
    return Q(**{f"{field}__icontains": json.dumps(value)}) if value else Q()


def paginate(queryset: QuerySet, page: PageParams) -> dict:
    return {
        "count": queryset.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(queryset[page.offset : page.offset + page.limit]),
    }


def order_key(ordering: str) -> OrderBy:
    """An `ordering` parameter (`field` or `-field`) as an order key that puts empty values last either way,
    as the web's sorts do (PostgreSQL would otherwise list NULL prices first when sorting descending)."""
    field = F(ordering.lstrip("-"))
    return field.desc(nulls_last=True) if ordering.startswith("-") else field.asc(nulls_last=True)
