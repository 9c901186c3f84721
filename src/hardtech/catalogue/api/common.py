"""What the catalogue's routers share: lookups with 404, saves through catalogue.services (versions, If-Match,
ETag, refusals as 403/409), and search ranked by the match engine."""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import HttpError

from hardtech.catalogue import services
from hardtech.catalogue.permissions import Record, can_view
from hardtech.core.api.common import caller
from hardtech.core.search import substring_q
from hardtech.matching.ranking import ranked, relevance_first


def get_visible(request: HttpRequest, queryset: QuerySet, pk: int) -> Record:
    """The record if the caller may see it; invisible and missing look the same (404)."""
    obj = queryset.filter(pk=pk).first()
    if obj is None or not can_view(caller(request), obj):
        raise Http404
    return obj


# An If-Match header as clients send a version: "3", 3 or W/"3" (the ETag responses carry).
IF_MATCH = re.compile(r'(?:W/)?"([0-9]{1,19})"|([0-9]{1,19})')


def expected_version(request: HttpRequest, data: dict) -> int | None:
    """The version a change is based on: the body's `version` (taken out of the data, it is no field to
    assign) or the If-Match header; None when the client names none."""
    body = data.pop("version", None)
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return body
    match = IF_MATCH.fullmatch(header)
    if match is None:
        raise ValidationError(
            {"version": ValidationError('If-Match 应为版本号，如 "3"、3 或 W/"3"', code="invalid")}
        )
    version = int(match.group(1) or match.group(2))
    if body is not None and body != version:
        raise ValidationError(
            {"version": ValidationError("请求体的 version 与 If-Match 不一致", code="invalid")}
        )
    return version


def etag(response: HttpResponse, obj: Record) -> None:
    """Weak, since what a caller sees of one version depends on who asks (contact details)."""
    response["ETag"] = f'W/"{obj.version}"'


@contextmanager
def service_errors() -> Iterator[None]:
    """catalogue.services refusals as API errors: 403 with the reason, 409 for a conflicting edit."""
    try:
        yield
    except services.Forbidden as exc:
        raise HttpError(403, exc.message) from exc
    except services.Conflict as exc:
        raise HttpError(409, str(exc)) from exc


def create_record(
    request: HttpRequest, obj: Record, data: dict, m2m: dict[str, list[int]] | None = None
) -> services.Saved:
    data.pop("version", None)
    with service_errors():
        return services.create(caller(request), obj, data, m2m)


def update_record(
    request: HttpRequest, obj: Record, data: dict, m2m: dict[str, list[int]] | None = None
) -> services.Saved:
    """PATCH: only the fields in the payload are written; a stale version (body or If-Match) is a 409."""
    version = expected_version(request, data)
    with service_errors():
        return services.update(caller(request), obj, data, m2m, version)


def search(queryset: QuerySet, q: str | None) -> QuerySet:
    """Ranked by the match engine where it indexes the model: results come by relevance, and the list's
    `ordering` only breaks ties. Otherwise every term must occur (AND); terms are normalised like the stored
    search text (Traditional → Simplified)."""
    ranked_queryset = ranked(queryset, q or "")
    if ranked_queryset is not None:
        return relevance_first(ranked_queryset)
    return queryset.filter(substring_q(q or ""))
