import pytest
from django.core.exceptions import ValidationError

from hardtech.catalogue.validators import (
    credit_code_check_char,
    normalise_patent_number,
    patent_check_char,
    validate_credit_code,
)

# Real, published codes: the check character is computed by GB 32100-2015 and must agree.
VALID_CREDIT_CODES = ["91350100M000100Y43", "91110000802100433B", "12100000400000624D"]


@pytest.mark.parametrize("code", VALID_CREDIT_CODES)
def test_valid_credit_codes_pass(code):
    validate_credit_code(code)
    assert credit_code_check_char(code[:17]) == code[17]


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y44", "credit_code_check"),
        ("91350100M000100Y4", "credit_code_format"),
        ("91350100M0001O0Y43", "credit_code_format"),  # the letter O is not in the alphabet
        ("", "credit_code_format"),
    ],
)
def test_invalid_credit_codes_are_rejected(code, error):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.code == error


def test_lower_case_credit_code_is_accepted():
    validate_credit_code("91350100m000100y43")


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("CN202223220665.2", "CN202223220665.2"),
        ("ZL202223220665.2", "ZL202223220665.2"),
        ("zl 202223220665.2", "ZL202223220665.2"),
        ("CN 202223220665 2", "CN202223220665.2"),
        ("ZL02100370.X", "ZL02100370.X"),
    ],
)
def test_patent_numbers_are_normalised(raw, canonical):
    assert normalise_patent_number(raw) == canonical


@pytest.mark.parametrize("raw", ["CN202223220665.3", "CN20222322066.2", "US202223220665.2", "202223220665.2"])
def test_bad_patent_numbers_are_rejected(raw):
    with pytest.raises(ValidationError):
        normalise_patent_number(raw)


def test_patent_check_char_handles_remainder_ten():
    # 02100370: weights 2..9 give 0+6+4+0+0+21+56+0 = 87, and 87 % 11 == 10, written X.
    assert patent_check_char("02100370") == "X"
