"""Bad input on the contract record is refused with a clear message: costs above the total (技术交易额 would be
negative), a 技术交易额 above the total at registration, an invalid credit code, buyer equal to seller, a
transfer contract without expected investment and output, a region code that is not GB/T 2260."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hardtech.deals import contracts
from support.contract_helpers import credit_code, form_fields, submitted


def _messages(exc) -> str:
    return "；".join(m for ms in exc.value.message_dict.values() for m in ms)


def test_costs_above_the_total_are_refused(deal, users):
    with pytest.raises(ValidationError) as exc:
        contracts.draft_contract(
            users["manager"],
            deal,
            form_fields(total_amount=Decimal("10")),
            [("equipment", "", Decimal("12"))],
        )
    assert "costs" in exc.value.message_dict
    assert "超过合同总额" in _messages(exc) and "技术交易额不能为负" in _messages(exc)


def test_technology_amount_is_total_less_costs(deal, users):
    contract = contracts.draft_contract(
        users["manager"], deal, form_fields(), [("equipment", "设备", Decimal("20")), ("parts", "", "4.5")]
    )
    assert contract.technology_amount == Decimal("75.50")
    assert contract.non_technical_total() == Decimal("24.50")


def test_registrar_cannot_confirm_an_amount_above_the_total(deal, users):
    contract = submitted(deal, users)
    with pytest.raises(ValidationError) as exc:
        contracts.register(users["registrar"], contract, technology_amount=Decimal("100.01"))
    assert "不能超过合同总额" in _messages(exc)


def test_invalid_credit_code_is_refused(deal, users):
    with pytest.raises(ValidationError) as exc:
        contracts.draft_contract(users["manager"], deal, form_fields(buyer_credit_code="91350100M000100Y44"))
    assert "buyer_credit_code" in exc.value.message_dict and "校验位" in _messages(exc)


def test_buyer_equal_to_seller_is_refused(deal, users):
    code = credit_code()
    with pytest.raises(ValidationError) as exc:
        contracts.draft_contract(
            users["manager"], deal, form_fields(buyer_credit_code=code, seller_credit_code=code)
        )
    assert "同一主体" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        contracts.draft_contract(
            users["manager"],
            deal,
            form_fields(buyer_name="同名公司", seller_name="同名公司", buyer_credit_code=""),
        )
    assert "同一" in _messages(exc)


def test_transfer_contract_needs_expected_investment_and_output(deal, users):
    with pytest.raises(ValidationError) as exc:
        contracts.draft_contract(users["manager"], deal, form_fields(contract_type="transfer_patent"))
    assert {"expected_investment", "expected_output"} <= set(exc.value.message_dict)
    assert "技术转让合同须填写" in _messages(exc)


def test_reclassifying_as_transfer_at_registration_needs_them_too(deal, users):
    contract = submitted(deal, users)
    with pytest.raises(ValidationError) as exc:
        contracts.register(users["registrar"], contract, contract_type="transfer_secret")
    assert "expected_investment" in exc.value.message_dict


def test_bad_region_code_is_refused(deal, users):
    with pytest.raises(ValidationError) as exc:
        contracts.draft_contract(users["manager"], deal, form_fields(seller_region="991234"))
    assert "省级代码" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        contracts.draft_contract(users["manager"], deal, form_fields(seller_region="6101"))
    assert "6位数字" in _messages(exc)


def test_one_record_per_deal(deal, users):
    contracts.draft_contract(users["manager"], deal, form_fields())
    with pytest.raises(ValidationError) as exc:
        contracts.draft_contract(users["manager"], deal, form_fields())
    assert "已有技术合同" in _messages(exc)


def test_float_money_is_refused(deal, users):
    with pytest.raises(ValidationError):
        contracts.draft_contract(users["manager"], deal, form_fields(), [("equipment", "", 1.5)])
