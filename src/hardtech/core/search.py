"""Search forms of text: what a record's `search_text` column stores and a plain full-text search compares.

Both sides go through the text engine's `analyze` (width, case, punctuation, Traditional→Simplified), so a
query in either script meets Simplified records.

A query's cost is bounded here, whoever sends it: only its first MAX_QUERY_CHARS characters are read and only
its first MAX_QUERY_TERMS distinct terms searched (the API refuses a longer query outright; see
core.api.schemas.search_box).
"""

import json

from django.db import connection
from django.db.models import Q, QuerySet

from hardtech.engines.text import analyze

MAX_QUERY_CHARS = 200
# One LIKE per term, all ANDed: a thousand terms made SQLite refuse the expression tree (a 500); more than a
# dozen words narrow a catalogue search to nothing anyway.
MAX_QUERY_TERMS = 12


def search_form(text: str) -> str:
    return analyze(text)


def bounded_query(query: str) -> str:
    """The part of a query a search reads: its first MAX_QUERY_CHARS characters, MAX_QUERY_TERMS words."""
    return " ".join(query[:MAX_QUERY_CHARS].split()[:MAX_QUERY_TERMS])


def query_terms(query: str) -> list[str]:
    terms = search_form(bounded_query(query)).split()
    return list(dict.fromkeys(t for t in terms if t))[:MAX_QUERY_TERMS]


def substring_q(query: str) -> Q:
    """Every analysed term occurs in the analysed search text (so 半導體 finds 半导体): the plain search,
    used where the match engine has no usable index."""
    condition = Q()
    for term in query_terms(query):
        condition &= Q(search_text__contains=term)
    return condition


def search(queryset: QuerySet, query: str) -> QuerySet:
    """The records of `queryset` whose search text holds every term of `query`."""
    return queryset.filter(substring_q(query))


def json_list_has(field: str, value: str | None) -> Q:
    """A JSON list of strings contains `value` (no condition when it is empty). PostgreSQL asks jsonb
    containment; SQLite, where JSONField __contains is unsupported, matches the stored JSON text with the
    value's quotes, which makes it exact (both are written by json.dumps, so non-ASCII text is escaped alike)."""
    if not value:
        return Q()
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}__icontains": json.dumps(value)})
