"""Stop words: the shipped `stopwords.txt`, loaded once."""

from importlib import resources


def _load() -> frozenset[str]:
    text = resources.files("hardtech.engines.text").joinpath("stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


STOPWORDS: frozenset[str] = _load()
