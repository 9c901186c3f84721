"""Helpers every domain's API routers use: the caller, 403s, reference checks, filters, pagination."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.http import HttpRequest
from ninja.errors import HttpError

from hardtech.core.api.auth import AnyUser
from hardtech.core.api.schemas import PageParams


def caller(request: HttpRequest) -> AnyUser:
    return request.auth


def forbid_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise HttpError(403, message)


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


def region_q(region: str | None, prefix: str = "") -> Q:
    if not region:
        return Q()
    return (
        Q(**{f"{prefix}province__contains": region})
        | Q(**{f"{prefix}city__contains": region})
        | Q(**{f"{prefix}district__contains": region})
    )


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


@contextmanager
def refusals(*stale: type[Exception]) -> Iterator[None]:
    """A domain service's refusals as API errors: PermissionDenied is a 403 with its reason, the `stale`
    exceptions (a wrong state, an outdated version) a 409; a ValidationError goes on to the shared 422 handler."""
    try:
        yield
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "无权操作") from exc
    except stale as exc:
        raise HttpError(409, str(exc)) from exc
