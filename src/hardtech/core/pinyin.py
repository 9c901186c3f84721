"""Sort keys that put Chinese names in pinyin order (西安 before 重庆), as readers of a list expect.

Code-point order puts 重庆 (U+91CD) after 西安 (U+897F), and Unicode's CJK block has no pinyin order at all.
The key is the name's tone-less pinyin in lower case, one space between syllables, then two spaces and the
name itself: names that read alike keep a fixed order, and a name whose pinyin is a prefix of another's sorts
first (the second space is lower than any letter or digit, in SQLite's and PostgreSQL's collations alike).
"""

from __future__ import annotations

from pypinyin import lazy_pinyin

TIE_BREAK = "  "


def sort_key(name: str, max_length: int) -> str:
    """The pinyin sort key of name, at most max_length characters (the pinyin is cut, never the name)."""
    syllables = (" ".join(part.split()) for part in lazy_pinyin(name))
    reading = " ".join(s for s in syllables if s).lower()
    room = max(max_length - len(TIE_BREAK) - len(name), 0)
    return f"{reading[:room].rstrip()}{TIE_BREAK}{name}"[:max_length]
