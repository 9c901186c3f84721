"""Tokenising: jieba words (rjieba, with the shipped domain vocabulary) and character bigrams.

Bigrams need no dictionary and match any shared two-character span, which is what finds technical compounds
that a word segmenter splits differently in two texts; words give sharper, rarer terms. The index uses both.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import rjieba

from hardtech.engines.text.normalize import normalize
from hardtech.engines.text.script import to_simplified

# A run of Han characters, or a run of Latin letters / digits (kept whole: "5g", "lyapunov", "mos2").
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:[.\-][a-z0-9]+)*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[\w\u3400-\u9fff]")


def analyze(text: str, phrases: bool = True) -> str:
    """The canonical form every tokeniser works on: normalised, then converted to Simplified."""
    return to_simplified(normalize(text), phrases=phrases)


def bigrams(text: str) -> list[str]:
    """Overlapping Han-character bigrams (a lone character stands for itself) plus whole Latin/digit words.

    Expects analysed text (see `analyze`).
    """
    out: list[str] = []
    for run in _RUN.findall(text):
        if _HAN.match(run):
            out.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
        else:
            out.append(run)
    return out


@lru_cache(maxsize=1)
def _jieba() -> rjieba.Jieba:
    jieba = rjieba.Jieba()
    vocab = resources.files("hardtech.engines.text").joinpath("vocab.txt").read_text(encoding="utf-8")
    for line in vocab.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            jieba.add_word(word, None, None)
    return jieba


def words(text: str) -> list[str]:
    """jieba words of analysed text, punctuation and spaces dropped."""
    return [w for w in _jieba().cut(text) if _WORD.match(w)]
