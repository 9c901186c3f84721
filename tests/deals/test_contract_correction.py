"""Correcting a registered record keeps the record as it stood (a numbered revision with the reason), raises the
version and writes 一企一档 again; only the registry corrects, and only with a reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.deals import contracts
from hardtech.deals.models import ContractRevision
from hardtech.policies.models import TechContract
from support.contract_helpers import registered


def test_correction_keeps_the_revision_and_resyncs(deal, users, university, enterprise):
    contract = registered(deal, users)
    version = contract.version
    corrected = contracts.correct(
        users["registrar"],
        contract,
        {"paid_amount": Decimal("50"), "contract_type": "consulting"},
        [("equipment", "设备", Decimal("10"))],
        "已支付金额以银行回单为准",
    )
    assert corrected.version == version + 1
    assert (
        corrected.technology_amount == Decimal("90.00")
        and corrected.registration_no == contract.registration_no
    )
    revision = ContractRevision.objects.get(contract=contract)
    assert revision.number == 1 and revision.reason == "已支付金额以银行回单为准"
    assert revision.corrected_by == users["registrar"]
    assert revision.snapshot["paid_amount"] == "30.00" and revision.snapshot["technology_amount"] == "74.50"
    assert len(revision.snapshot["costs"]) == 2
    record = TechContract.objects.get(profile__organisation=university, contract_no=contract.registration_no)
    assert record.paid_amount == Decimal("50.00") and record.type == "consulting"
    second = contracts.correct(
        users["registrar"], corrected, {"project_name": "更正后的项目名称"}, reason="名称"
    )
    assert second.revisions.count() == 2 and second.revisions.first().number == 2


def test_correction_moves_the_contract_when_a_party_changes(
    deal, users, university, enterprise, other_enterprise
):
    contract = registered(deal, users)
    contracts.correct(
        users["registrar"],
        contract,
        {"buyer_name": other_enterprise.name, "buyer_credit_code": ""},
        reason="买方应为丝路测试装备有限公司",
    )
    numbers = TechContract.objects.filter(contract_no=contract.registration_no)
    assert {r.profile.organisation for r in numbers} == {university, other_enterprise}


def test_correction_needs_a_reason_a_change_and_the_registry(deal, users):
    contract = registered(deal, users)
    with pytest.raises(ValidationError):
        contracts.correct(users["registrar"], contract, {"project_name": "x"}, reason="")
    with pytest.raises(ValidationError) as exc:
        contracts.correct(
            users["registrar"], contract, {"project_name": contract.project_name}, reason="无变化"
        )
    assert "相同" in str(exc.value)
    with pytest.raises(PermissionDenied):
        contracts.correct(users["manager"], contract, {"project_name": "x"}, reason="团队不能更正")
    with pytest.raises(ValidationError) as exc:
        contracts.correct(
            users["registrar"], contract, {"registration_no": "2026610131000009"}, reason="改号"
        )
    assert "registration_no" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        contracts.correct(
            users["registrar"], contract, {}, [("equipment", "", Decimal("200"))], reason="费用超过总额"
        )
    assert "costs" in exc.value.message_dict
