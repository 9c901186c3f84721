"""Registration: the registrar numbers and stamps the record, the deal at 签约 moves to 登记 (its checklist done by
the contract steps), and the buyer's and the seller's 一企一档 — what the policy calculator reads — get the
contract with the right role, type and paid amount."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hardtech.deals import contracts, services
from hardtech.deals.choices import ContractStatus, Stage
from hardtech.notifications.models import Notification
from hardtech.policies.models import ApplicantProfile, TechContract
from support.contract_helpers import ZONE, form_fields, registered, signed, submitted


def test_submit_ticks_the_contract_items_and_tells_the_registrars(deal, users):
    deal = signed(deal, users)
    contract = submitted(deal, users)
    assert contract.status == ContractStatus.SUBMITTED and contract.submitted_at
    done = set(deal.checklist.filter(stage=Stage.SIGNED).exclude(done_at=None).values_list("code", flat=True))
    assert {"contract_record", "registration_filed"} <= done
    assert Notification.objects.filter(recipient=users["registrar"], kind="deal.contract").exists()


def test_registration_numbers_stamps_and_moves_the_deal(deal, users):
    deal = signed(deal, users)
    contract = registered(deal, users)
    year = timezone.localdate().year
    assert contract.status == ContractStatus.REGISTERED
    assert contract.registration_no == f"{year}{ZONE}000001"
    assert contract.registrar == users["registrar"] and contract.registered_at
    assert contract.technology_amount == Decimal("74.50")  # 100 − 20 − 5.50
    deal.refresh_from_db()
    assert deal.stage == Stage.REGISTERED
    assert contract.deal_outcome == "项目已进入“登记”阶段"


def test_deal_stays_at_signed_while_other_items_remain(deal, users):
    for step in ("skip_to_negotiating", "skip_to_signed"):
        deal = services.move(users["manager"], deal, step, "测试")
    contract = registered(deal, users)  # 合同双方签字盖章 not ticked
    deal.refresh_from_db()
    assert deal.stage == Stage.SIGNED
    assert "合同双方签字盖章" in contract.deal_outcome and "签约" in contract.deal_outcome


def test_registration_feeds_both_profiles(deal, users, university, enterprise):
    deal = signed(deal, users)
    contract = registered(deal, users)
    seller = ApplicantProfile.objects.get(organisation=university).to_profile()
    buyer = ApplicantProfile.objects.get(organisation=enterprise).to_profile()
    day = timezone.localdate(contract.registered_at)
    assert seller["contracts"] == [
        {
            "role": "seller",
            "type": "development",
            "registered": True,
            "date": day,
            "paid_amount": Decimal("30.00"),
            "counterparty_kind": "enterprise",
            "counterparty_in_zone": False,  # the buyer's region is 350100
        }
    ]
    assert buyer["contracts"][0]["role"] == "buyer"
    assert buyer["contracts"][0]["counterparty_kind"] == "university"
    assert buyer["contracts"][0]["counterparty_in_zone"] is True  # the seller's region is the zone's
    record = TechContract.objects.get(profile__organisation=enterprise)
    assert record.contract_no == contract.registration_no and record.counterparty_name == university.name


def test_registrar_may_reclassify_and_confirm_the_amount(deal, users, university):
    contract = submitted(deal, users)
    contract = contracts.register(
        users["registrar"], contract, contract_type="service", technology_amount=Decimal("60"), note="核定"
    )
    assert contract.contract_type == "service" and contract.technology_amount == Decimal("60")
    record = TechContract.objects.get(profile__organisation=university)
    assert record.type == "service"


def test_only_the_registrar_registers_a_submitted_record(deal, users):
    contract = contracts.draft_contract(users["manager"], deal, form_fields())
    with pytest.raises(PermissionDenied):
        contracts.register(users["registrar"], contract)  # a draft
    contract = contracts.submit(users["manager"], contract)
    for role in ("manager", "enterprise", "institution", "expert"):
        with pytest.raises(PermissionDenied):
            contracts.register(users[role], contract)


def test_returned_record_goes_back_to_the_team(deal, users):
    contract = submitted(deal, users)
    with pytest.raises(ValidationError):
        contracts.return_for_correction(users["registrar"], contract, " ")
    contract = contracts.return_for_correction(users["registrar"], contract, "买方信用代码有误")
    assert contract.status == ContractStatus.RETURNED and contract.registrar_note == "买方信用代码有误"
    assert Notification.objects.filter(recipient=users["manager"], kind="deal.contract").exists()
    contract = contracts.save_contract(users["manager"], contract, {"project_name": "修正后的名称"})
    assert contracts.submit(users["manager"], contract).status == ContractStatus.SUBMITTED
