"""Validators for Chinese identifiers: unified social credit codes (GB 32100-2015) and CNIPA patent numbers."""

import re
import unicodedata

from django.core.exceptions import ValidationError

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_RE = re.compile(rf"^[{CREDIT_CODE_CHARS}]{{18}}$")


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """统一社会信用代码: 18 characters, the last one a check character over the first 17."""
    code = value.strip().upper()
    if not CREDIT_CODE_RE.match(code):
        raise ValidationError(
            "统一社会信用代码应为18位数字或大写字母（不含 I、O、Z、S、V）", code="credit_code_format"
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位错误", code="credit_code_check")


# CN/ZL + application number (8 digits before Oct 2003, 12 digits after) + "." + check character.
PATENT_RE = re.compile(r"^(CN|ZL)\s*(\d{8}|\d{12})\.?([0-9X])$")


def patent_check_char(digits: str) -> str:
    weights = [2, 3, 4, 5, 6, 7, 8, 9] * 2
    total = sum(int(d) * w for d, w in zip(digits, weights[: len(digits)], strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def normalise_patent_number(value: str) -> str:
    """Return the canonical form (e.g. CN202223220665.2) or raise ValidationError."""
    compact = re.sub(r"\s+", "", value).upper()
    match = PATENT_RE.match(compact)
    if not match:
        raise ValidationError(
            f"专利号“{value}”格式不正确，应如 CN202223220665.2 或 ZL202223220665.2", code="patent_format"
        )
    prefix, digits, check = match.groups()
    if patent_check_char(digits) != check:
        raise ValidationError(f"专利号“{value}”校验位错误", code="patent_check")
    return f"{prefix}{digits}.{check}"


def validate_patent_numbers(values: list[str]) -> None:
    for value in values:
        normalise_patent_number(value)


# Tab, line feed and carriage return are ordinary text; every other control character (and a lone surrogate,
# which no encoder can write) breaks exports, spreadsheets and JSON clients downstream.
ALLOWED_CONTROLS = frozenset("\t\n\r")


def has_control_characters(value: str) -> bool:
    return any(
        unicodedata.category(c) in ("Cc", "Cs") and c not in ALLOWED_CONTROLS or c in "\ufffe\uffff"
        for c in value
    )


def reject_control_characters(value: object) -> None:
    """文本不能包含控制字符: strings, and strings inside lists (keywords, completers, patents)."""
    values = value if isinstance(value, list | tuple) else [value]
    if any(isinstance(v, str) and has_control_characters(v) for v in values):
        raise ValidationError("不能包含控制字符（如 \\u0000）或无效字符", code="control_characters")
