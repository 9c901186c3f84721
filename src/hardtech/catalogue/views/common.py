"""What the catalogue's pages share: visibility, and library search ranked by the match engine."""

from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from hardtech.catalogue import permissions
from hardtech.core import search as text_search
from hardtech.matching.ranking import RANK, ranked


def visible_or_404(request: HttpRequest, model: type[models.Model], pk: int) -> models.Model:
    """The record, or 404 when it does not exist or the user may not see it (never reveal drafts)."""
    obj = get_object_or_404(model, pk=pk)
    if not permissions.can_view(request.user, obj):
        raise Http404
    return obj


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Ranked by the match engine when it indexes the model (annotated `match_rank`, see is_ranked); else
    every analysed term must occur in the analysed search text (so 半導體 finds 半导体)."""
    ranked_queryset = ranked(queryset, query)
    if ranked_queryset is not None:
        return ranked_queryset
    return text_search.search(queryset, query)


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
