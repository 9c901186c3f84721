"""Search forms of text: what the catalogue stores and compares for plain full-text search.

Both sides go through the text engine's `analyze` (width, case, punctuation, Traditional→Simplified), so a
query in either script meets Simplified records.
"""

from hardtech.engines.text import analyze


def search_form(text: str) -> str:
    return analyze(text)


def query_terms(query: str) -> list[str]:
    return [t for t in search_form(query).split() if t]
