"""Search forms of text: what the catalogue stores and compares for plain full-text search.

Both sides go through the text engine's `analyze` (width, case, punctuation, Traditional→Simplified), so a
query in either script meets Simplified records.
"""

from django.db.models import Q

from hardtech.engines.text import analyze


def search_form(text: str) -> str:
    return analyze(text)


def query_terms(query: str) -> list[str]:
    return [t for t in search_form(query).split() if t]


def substring_q(query: str) -> Q:
    """Every analysed term occurs in the analysed search text (so 半導體 finds 半导体): the plain search,
    used where the match engine has no usable index."""
    condition = Q()
    for term in query_terms(query):
        condition &= Q(search_text__contains=term)
    return condition
