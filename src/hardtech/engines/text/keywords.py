"""Keyword extraction: the words of a text that best characterise it (TF-IDF over jieba words)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

from hardtech.engines.text.stopwords import STOPWORDS
from hardtech.engines.text.tokenize import analyze, words


def keywords(text: str, top: int = 10, idf: Callable[[str], float] | None = None) -> list[str]:
    """Up to `top` keywords of text, best first.

    idf(word) weights a word by its rarity in a collection (a match index supplies one); without it longer
    words count as more specific, which is a fair prior for Chinese technical terms.
    """
    counts = Counter(
        w
        for w in words(analyze(text, phrases=False))
        if len(w) > 1 and w not in STOPWORDS and not w.isdigit()
    )
    weight = idf or (lambda w: math.log1p(len(w)))
    ranked = sorted(counts, key=lambda w: (-(1 + math.log(counts[w])) * weight(w), w))
    return ranked[:top]
