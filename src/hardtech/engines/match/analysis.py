"""From documents and queries to the terms the lexical indexes see, and the passage the dense model reads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from hardtech.engines.match.documents import Document
from hardtech.engines.text.tokenize import analyze, bigrams, words

KEYWORD_LIST_MAX_TERMS = 8
KEYWORD_MAX_CHARS = 12


@dataclass(frozen=True)
class DocTerms:
    """(title, body) token lists of one document for each lexical index."""

    bigram: tuple[list[str], list[str]]
    word: tuple[list[str], list[str]]


def body_text(doc: Document) -> str:
    """Everything but the title that describes the document: text, keywords, fields."""
    return "\n".join(p for p in (doc.text, " ".join(doc.keywords), " ".join(doc.fields)) if p)


def doc_terms(doc: Document) -> DocTerms:
    title, body = analyze(doc.title), analyze(body_text(doc))
    return DocTerms((bigrams(title), bigrams(body)), (words(title), words(body)))


def passage(doc: Document, chars: int) -> str:
    """What the dense model embeds: the title, then the first `chars` characters of the body."""
    body = body_text(doc)
    if not doc.title:
        return body[: max(chars, 64)]
    return f"{doc.title}\n{body}"[: len(doc.title) + 1 + chars] if chars else doc.title


def is_keyword_list(text: str) -> bool:
    """A query typed as a few space-separated terms ("石墨烯 散热 涂层") rather than a title or a sentence.

    Such queries name exactly what they want: the engine ranks them lexically, where the dense model's sense
    of a topic only dilutes the exact terms.
    """
    parts = text.split()
    return (
        "\n" not in text.strip()
        and 2 <= len(parts) <= KEYWORD_LIST_MAX_TERMS
        and all(len(p) <= KEYWORD_MAX_CHARS for p in parts)
    )


def query_terms(text: str, cross_bigram_weight: float) -> tuple[Counter[str], Counter[str]]:
    """(bigram weights, word weights) of a query.

    A bigram inside a jieba word counts fully; one that only straddles two words counts cross_bigram_weight.
    """
    analysed = analyze(text)
    query_words = words(analysed)
    inner: Counter[str] = Counter(g for w in query_words for g in bigrams(w))
    for g in bigrams(analysed):
        if g not in inner:
            inner[g] += cross_bigram_weight
    return inner, Counter(query_words)
