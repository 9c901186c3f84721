"""Errors raised by the policy engine."""


class PolicyError(ValueError):
    """A policy file is wrong, or cannot be evaluated: the message names the file, the article and the problem."""

    def __init__(self, problem: str, *, source: str | None = None, article: int | None = None):
        self.problem, self.source, self.article = problem, source, article
        where = [p for p in (source, article_name(article) if article is not None else None) if p]
        super().__init__(": ".join([*where, problem]))


class ProfileError(ValueError):
    """An applicant profile holds a value the engine cannot read (a malformed date, a non-numeric amount)."""


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 16 → 十六, 25 → 二十五 (article numbers stay below 100)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def article_name(number: int) -> str:
    return f"第{chinese_number(number)}条 (article {number})"
