"""一企一档 → the engine's profile dict, and the model's own checks."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hardtech.engines.policy import evaluate, load_policy
from hardtech.policies.models import ApplicantProfile, Recognition
from support.policy_web_helpers import EXPECTED, EXPECTED_TOTAL, YEAR


def test_to_profile_round_trip(profile):
    p = ApplicantProfile.objects.with_records().get(pk=profile.pk).to_profile()
    org = profile.organisation
    assert p == {
        "id": f"ORG-{org.pk}",
        "name": org.name,
        "kind": "enterprise",
        "registered_in_zone": True,
        "tax_in_zone": True,
        "serious_dishonesty": False,
        "rd_expense": {"2025": Decimal("1300.00"), "2024": Decimal("900.00")},
        "revenue": {"2025": Decimal("16000.00"), "2024": Decimal("15000.00")},
        "events": [
            {
                "type": "competition_award",
                "level": "national",
                "date": date(2025, 10, 12),
                "rank": "second",
                "registered_at_award": True,
            },
            {"type": "high_tech_recognition", "subtype": "first", "date": date(2025, 3, 18)},
        ],
        "contracts": [
            {
                "role": "seller",
                "type": "license",
                "registered": True,
                "date": date(2025, 5, 6),
                "paid_amount": Decimal("400.00"),
                "counterparty_kind": "enterprise",
                "counterparty_in_zone": True,
            }
        ],
        "investments": [],
        "prior_awards": {},
    }
    [result] = evaluate(load_policy("sample"), [p], YEAR)
    assert result.articles == EXPECTED
    assert result.total == EXPECTED_TOTAL
    assert result.missing == {}


def test_unreported_flags_stay_absent(missing_profile):
    p = missing_profile.to_profile()
    assert "tax_in_zone" not in p
    [result] = evaluate(load_policy("sample"), [p], YEAR)
    assert result.missing == {"1": ["税务关系在本区"]}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"type": "high_tech_recognition", "grade": "provincial"}, "grade"),
        ({"type": "competition_award", "grade": "national"}, "rank"),
        ({"type": "key_lab", "grade": "national", "rank": "first"}, "rank"),
    ],
)
def test_recognition_grade_must_fit_its_type(profile, values, field):
    with pytest.raises(ValidationError) as e:
        Recognition(profile=profile, date=date(2025, 1, 1), **values).full_clean()
    assert field in e.value.message_dict
