"""The 技术交易额 a registrar confirms (at registration or in a correction) or an imported row states is never
above the total less the non-technical costs; the refusal names both figures."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hardtech.deals import contracts
from hardtech.deals.importer import import_contracts
from hardtech.deals.models import Contract
from support.contract_helpers import registered, row, signed, submitted, workbook

# the helpers' record: 合同总额 100, costs 20 + 5.50, so at most 74.50


def test_registration_refuses_an_amount_above_the_total_less_costs(deal, users):
    contract = submitted(signed(deal, users), users)
    with pytest.raises(ValidationError) as refused:
        contracts.register(users["registrar"], contract, technology_amount=Decimal("80"))
    message = refused.value.message_dict["technology_amount"][0]
    assert "80" in message and "74.50" in message and "非技术性费用" in message
    assert Contract.objects.get(pk=contract.pk).registration_no in ("", None)
    done = contracts.register(users["registrar"], contract, technology_amount=Decimal("74.50"))
    assert done.technology_amount == Decimal("74.50")


def test_correction_checks_against_the_costs_as_corrected(deal, users):
    contract = registered(signed(deal, users), users)
    with pytest.raises(ValidationError) as refused:
        contracts.correct(
            users["registrar"], contract, {}, reason="核定技术交易额", technology_amount=Decimal("80")
        )
    assert "74.50" in refused.value.message_dict["technology_amount"][0]
    new_costs = [("equipment", "设备", Decimal("10"))]  # now at most 90
    with pytest.raises(ValidationError) as refused:
        contracts.correct(
            users["registrar"], contract, {}, new_costs, reason="费用更正", technology_amount=Decimal("95")
        )
    assert "90.00" in refused.value.message_dict["technology_amount"][0]
    corrected = contracts.correct(
        users["registrar"], contract, {}, new_costs, reason="费用更正", technology_amount=Decimal("88")
    )
    assert corrected.technology_amount == Decimal("88.00") and corrected.non_technical_total() == Decimal(
        "10"
    )


def test_import_refuses_a_stated_amount_above_the_total_less_costs(users):
    report = import_contracts(workbook(row(**{"技术交易额（万元）": 75})))  # 80 total, 10 equipment
    assert not report.ok and not Contract.objects.exists()
    messages = [e.message for e in report.errors if e.column == "技术交易额（万元）"]
    assert messages and "75" in messages[0] and "70" in messages[0]
    assert import_contracts(workbook(row(**{"技术交易额（万元）": 70}))).ok
