"""Helpers of the technology-contract tests (tests/deals/test_contract_*.py): valid credit codes, a complete
registration form, a deal brought to 签约, a submitted and a registered contract."""

from datetime import date
from decimal import Decimal

from hardtech.catalogue.validators import credit_code_check_char
from hardtech.deals import contracts, services
from hardtech.deals.choices import Stage

ZONE = "610131"


def credit_code(region: str = ZONE, body: str = "MA6U00001") -> str:
    """A unified social credit code with a valid check character, registered in `region`."""
    first17 = f"91{region}{body}"
    return first17 + credit_code_check_char(first17)


def form_fields(**changes) -> dict:
    """What the team fills in beyond what the deal prefills (the seller's region: the test university has no
    credit code to read it from)."""
    fields = {
        "contract_type": "development_commissioned",
        "seller_region": ZONE,
        "signed_on": date(2026, 3, 2),
        "valid_from": date(2026, 3, 2),
        "valid_to": date(2027, 3, 1),
        "total_amount": Decimal("100.00"),
        "paid_amount": Decimal("30.00"),
        "payment_method": "instalments",
        "ip_type": "invention_patent",
    }
    fields.update(changes)
    return fields


COSTS = [("equipment", "封装测试设备", Decimal("20.00")), ("materials", "芯片样品", Decimal("5.50"))]


def signed(deal, users):
    """The deal at 签约 with 合同双方签字盖章 ticked (the contract items are left to the contract steps)."""
    for step in ("skip_to_negotiating", "skip_to_signed"):
        deal = services.move(users["manager"], deal, step, "测试")
    item = deal.checklist.get(stage=Stage.SIGNED, code="contract_signed")
    services.tick(users["manager"], item)
    return deal


def submitted(deal, users, costs=COSTS, **changes):
    contract = contracts.draft_contract(users["manager"], deal, form_fields(**changes), costs)
    return contracts.submit(users["manager"], contract)


def registered(deal, users, **changes):
    return contracts.register(users["registrar"], submitted(deal, users, **changes))
