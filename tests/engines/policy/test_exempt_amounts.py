"""exempt_amounts: the part of each article's amount the annual cap does not count (sample policy: 第十条第（一）项,
全国重点实验室), as the engine's trace has it."""

from decimal import Decimal

from hardtech.engines.policy import exempt_amounts, load_policy

PROFILE = {
    "id": "E1",
    "kind": "enterprise",
    "registered_in_zone": True,
    "tax_in_zone": True,
    "serious_dishonesty": False,
    "rd_expense": {"2025": Decimal("1000")},
    "revenue": {"2025": Decimal("20000")},
    "events": [],
    "contracts": [],
    "investments": [],
}


def test_a_national_key_lab_is_exempt_and_nothing_else_is():
    lab = {"type": "key_lab", "level": "national", "date": "2025-04-01"}
    exempt = exempt_amounts(load_policy("sample"), {**PROFILE, "events": [lab]}, 2026)
    assert exempt == {"10": Decimal("500.00")}


def test_without_exempt_items_the_map_is_empty():
    assert exempt_amounts("sample", PROFILE, 2026) == {}
