"""Search boxes ranked by the match engine: the web libraries and the API's `q` use this.

The engine ranks the published records (its top SEARCH_LIMIT); the caller's queryset then applies its own
filters and permissions, and the engine's order is kept through a `match_rank` annotation. Records the
engine does not index (drafts, pending or withdrawn listings that staff and owners may see) are still found
by substring search and come after the ranked ones. Without a usable index this returns None and the caller
keeps its substring search.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from hardtech.catalogue.choices import ListingStatus
from hardtech.core.search import bounded_query, query_terms, substring_q
from hardtech.matching import services
from hardtech.matching.records import EXPERTS

RANK = "match_rank"


def ranked(queryset: QuerySet, query: str) -> QuerySet | None:
    """queryset narrowed to what matches query, annotated with match_rank (lower is better) and ordered by
    it; None when the engine cannot rank this model (no index, or one a bulk import has outdated)."""
    kind = services.kind_for_model(queryset.model)
    if kind is None or not query_terms(query):  # blank or punctuation only: nothing to rank by
        return None
    ids = services.search_ids(kind, bounded_query(query))
    if ids is None:
        return None
    if kind != EXPERTS:
        # Unpublished rows are few and the status index finds them: matching them in their own query keeps
        # the LIKE scan off the whole table (an OR with the id list would scan every row's text). At most as
        # many as the engine ranks, so that the id list and the rank expression stay bounded.
        unpublished = [s for s in ListingStatus.values if s != ListingStatus.PUBLISHED]
        extra = queryset.filter(substring_q(query), status__in=unpublished).values_list("pk", flat=True)
        extra = extra.order_by("-pk")[: services.SEARCH_LIMIT]
        ranked_ids = set(ids)
        ids = [*ids, *(pk for pk in extra if pk not in ranked_ids)]
    found = Q(pk__in=ids)
    whens = [When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)]
    rank = Case(*whens, default=Value(len(ids)), output_field=IntegerField()) if whens else Value(0)
    return queryset.filter(found).annotate(**{RANK: rank}).order_by(RANK, "-pk")


class RelevanceFirst:
    """Mixed into a ranked queryset's class so that a later order_by(...) keeps relevance as the first key:
    list endpoints order by their `ordering` parameter after searching, which then only breaks ties."""

    def order_by(self, *fields):
        return super().order_by(RANK, *fields)  # type: ignore[misc]


_classes: dict[type, type] = {}


def relevance_first(queryset: QuerySet) -> QuerySet:
    cls = queryset.__class__
    if cls not in _classes:
        _classes[cls] = type(f"RelevanceFirst{cls.__name__}", (RelevanceFirst, cls), {})
    clone = queryset.all()
    clone.__class__ = _classes[cls]
    return clone
