"""Highlighting matched terms in the original text, whose analysed form may differ in width, case or script.

Matching runs on analysed text (NFKC, lower case, Simplified). To mark spans in the text a person sees, each
character is analysed on its own, which keeps positions aligned; the rare terms that only exist after a
phrase-level conversion (演算法→算法) are simply not marked.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from hardtech.engines.text.normalize import PUNCT
from hardtech.engines.text.script import to_simplified


@lru_cache(maxsize=65536)
def _char(c: str) -> str:
    n = unicodedata.normalize("NFKC", c).translate(PUNCT).lower()
    if len(n) != 1:
        return c.lower()
    s = to_simplified(n, phrases=False)
    return s if len(s) == 1 else n


def aligned(text: str) -> str:
    """Analysed view of text with exactly one character per original character."""
    return "".join(_char(c) for c in text)


def spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of text covered by any occurrence of the (analysed) terms."""
    view = aligned(text)
    covered = bytearray(len(text))
    for term in {t for t in terms if t}:
        start = view.find(term)
        while start >= 0:
            covered[start : start + len(term)] = b"\x01" * len(term)
            start = view.find(term, start + 1)
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(covered):
        if covered[i]:
            j = i
            while j < len(covered) and covered[j]:
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


def mark(text: str, ranges: Iterable[tuple[int, int]], before: str = "<mark>", after: str = "</mark>") -> str:
    """text with each span wrapped (plain strings: escape HTML before marking if the text needs it)."""
    out, last = [], 0
    for start, end in sorted(ranges):
        out += [text[last:start], before, text[start:end], after]
        last = end
    out.append(text[last:])
    return "".join(out)
