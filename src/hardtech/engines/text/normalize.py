"""Unicode normalisation: one canonical form for full/half width, case, punctuation and spacing."""

from __future__ import annotations

import re
import unicodedata

# NFKC already folds full-width ASCII (，→, （→( Ａ→A) and the ideographic space; these are the CJK marks it
# keeps, mapped to the ASCII punctuation that plays the same role so both spellings tokenise alike.
PUNCT = str.maketrans(
    {
        "。": ".",
        "、": ",",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "【": "[",
        "】": "]",
        "《": "<",
        "》": ">",
        "〈": "<",
        "〉": ">",
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "—": "-",
        "－": "-",
        "–": "-",
        "·": " ",
        "・": " ",
    }
)
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC, CJK punctuation to ASCII, lower case, whitespace collapsed to single spaces."""
    text = unicodedata.normalize("NFKC", text or "").translate(PUNCT).lower()
    return _SPACE.sub(" ", text).strip()
