"""The 收款账户 and phone checks (grants.validators): forms the bank would refuse are refused here, naming the
rule; accepted values come back without spaces."""

import pytest
from django.core.exceptions import ValidationError

from hardtech.grants.validators import (
    bank_account,
    validate_account_name,
    validate_account_number,
    validate_bank_code,
    validate_phone,
)

NAME = "秦创测试科技有限公司"


def test_account_number_spaces_removed():
    assert validate_account_number("6222 0210 0112 3456 789") == "6222021001123456789"


@pytest.mark.parametrize("value", ["1234567", "1" * 33, "6222-0210-0112", "62220210011234５６", ""])
def test_account_number_refused(value):
    with pytest.raises(ValidationError):
        validate_account_number(value)


def test_bank_code_is_twelve_ascii_digits():
    assert validate_bank_code("1027 9100 0017") == "102791000017"
    for bad in ("10279100001", "1027910000171", "10279100001a", "１０２７９１００００１７"):
        with pytest.raises(ValidationError, match="12 位数字"):
            validate_bank_code(bad)


def test_account_name_must_be_the_applicants():
    assert validate_account_name(" 秦创测试科技有限公司 ", NAME) == NAME
    assert validate_account_name("秦创(西安)科技有限公司", "秦创（西安）科技有限公司")
    with pytest.raises(ValidationError, match="不一致"):
        validate_account_name("张三", NAME)


@pytest.mark.parametrize("value", ["13912345678", "029-88886666", "02988886666", "0917-8888666-12"])
def test_phone_accepted(value):
    assert validate_phone(value) == value


@pytest.mark.parametrize("value", ["1391234567", "23912345678", "88886666", "abc", "１３９１２３４５６７８"])
def test_phone_refused(value):
    with pytest.raises(ValidationError, match="联系电话"):
        validate_phone(value)


def test_bank_account_reports_every_wrong_field():
    with pytest.raises(ValidationError) as exc:
        bank_account(NAME, account_name="别家公司", bank_name="", bank_code="123", account_number="12ab")
    assert set(exc.value.message_dict) == {"account_name", "bank_name", "bank_code", "account_number"}


def test_bank_account_cleaned():
    account = bank_account(
        NAME,
        account_name=NAME,
        bank_name="中国建设银行西安高新技术产业开发区支行",
        bank_code="105791000017",
        account_number="6100 1234 5678 9012",
    )
    assert account.account_number == "6100123456789012" and account.bank_code == "105791000017"
