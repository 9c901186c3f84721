"""Checks of what an applicant types for its money: the 对公收款账户 (户名, 开户银行, 联行号, 账号) and a contact
phone. Each returns the value as stored (spaces removed) or raises a Chinese ValidationError naming the field's
rule; `bank_account` checks the four fields together and reports every wrong one, keyed by field.

Only ASCII digits count as digits: a full-width "１２３" typed by an input method would pass `\\d` and then fail
at the bank."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

ACCOUNT_NUMBER = re.compile(r"[0-9]{8,32}")
BANK_CODE = re.compile(r"[0-9]{12}")
MOBILE = re.compile(r"1[3-9][0-9]{9}")
# 区号 (3–4 digits from 0) + 7–8 digit number, optionally an extension: 029-88886666、02988886666-123
LANDLINE = re.compile(r"0[0-9]{2,3}-?[1-9][0-9]{6,7}(-[0-9]{1,6})?")
SPACES = re.compile(r"\s+")
# Full-width and ASCII brackets are the same in a company's name (招商银行 prints either).
BRACKETS = str.maketrans({"（": "(", "）": ")"})


def _squeeze(value: str | None) -> str:
    return SPACES.sub("", value or "")


def validate_account_number(value: str | None) -> str:
    """收款账号: digits only once spaces are removed, 8–32 of them (bank cards and 对公账户 vary in length)."""
    number = _squeeze(value)
    if not number:
        raise ValidationError("请填写收款账号", code="account_required")
    if not ACCOUNT_NUMBER.fullmatch(number):
        raise ValidationError(
            f"收款账号“{value}”格式不正确：只能由数字组成（可含空格），长度 8–32 位", code="account_format"
        )
    return number


def validate_bank_code(value: str | None) -> str:
    """开户行联行号 (大额支付系统行号): exactly 12 digits."""
    code = _squeeze(value)
    if not code:
        raise ValidationError("请填写开户行联行号", code="bank_code_required")
    if not BANK_CODE.fullmatch(code):
        raise ValidationError(f"开户行联行号“{value}”格式不正确：应为 12 位数字", code="bank_code_format")
    return code


def same_name(a: str, b: str) -> bool:
    return _squeeze(a).translate(BRACKETS) == _squeeze(b).translate(BRACKETS)


def validate_account_name(value: str | None, applicant_name: str) -> str:
    """收款户名: the applicant's own 对公账户, so the name must be the applicant's (brackets and spaces aside)."""
    name = " ".join((value or "").split())
    if not name:
        raise ValidationError("请填写收款户名", code="account_name_required")
    if not same_name(name, applicant_name):
        raise ValidationError(
            f"收款户名“{name}”与申报主体名称“{applicant_name}”不一致：资金只拨付到申报主体的对公账户",
            code="account_name_mismatch",
        )
    return name


def validate_phone(value: str | None) -> str:
    """联系电话: an 11-digit mobile number (13x–19x) or a landline with its area code (029-88886666)."""
    phone = _squeeze(value)
    if not phone:
        raise ValidationError("请填写联系电话", code="phone_required")
    if not (MOBILE.fullmatch(phone) or LANDLINE.fullmatch(phone)):
        raise ValidationError(
            f"联系电话“{value}”格式不正确：请填写 11 位手机号或带区号的固定电话（如 029-88886666）",
            code="phone_format",
        )
    return phone


@dataclass(frozen=True)
class BankAccount:
    account_name: str
    bank_name: str
    bank_code: str
    account_number: str


def bank_account(
    applicant_name: str, *, account_name: str, bank_name: str, bank_code: str, account_number: str
) -> BankAccount:
    """The four fields of a 收款账户 checked together; every wrong one is reported (keyed by field)."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    checks = {
        "account_name": lambda: validate_account_name(account_name, applicant_name),
        "bank_name": lambda: _bank_name(bank_name),
        "bank_code": lambda: validate_bank_code(bank_code),
        "account_number": lambda: validate_account_number(account_number),
    }
    for field, check in checks.items():
        try:
            cleaned[field] = check()
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
    return BankAccount(**cleaned)


def _bank_name(value: str | None) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise ValidationError("请填写开户银行（含支行名称）", code="bank_name_required")
    if len(name) > 100:
        raise ValidationError("开户银行名称不能超过 100 个字符", code="bank_name_length")
    return name
