"""What the console commands share: tables aligned on a terminal, where a Chinese character takes two cells."""

import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def aligned(rows: list[list[str]]) -> list[str]:
    """Rows aligned in columns on a terminal."""
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
