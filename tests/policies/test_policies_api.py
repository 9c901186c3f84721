"""/api/policy/: the policies, one applicant evaluated with its explanation, batch runs for the operator."""

import pytest

from hardtech.accounts.models import Role
from support.policy_web_helpers import EXPECTED, EXPECTED_TOTAL, YEAR

# FORMAT.md's example profile, as a client would send it.
EXAMPLE = {
    "id": "E001",
    "name": "示例科技有限公司",
    "kind": "enterprise",
    "registered_in_zone": True,
    "tax_in_zone": True,
    "serious_dishonesty": False,
    "rd_expense": {"2023": 420.0, "2024": 610.5},
    "revenue": {"2024": 9800.0},
    "events": [
        {"type": "high_tech_recognition", "subtype": "first", "date": "2024-11-20"},
        {"type": "specialized", "level": "provincial", "date": "2024-03-01"},
        {"type": "key_lab", "level": "provincial", "date": "2024-07-15"},
        {"type": "incubator", "level": "national_incubator", "date": "2024-09-30"},
        {
            "type": "competition_award",
            "level": "national",
            "rank": "second",
            "date": "2024-10-12",
            "registered_at_award": True,
        },
    ],
    "contracts": [
        {
            "role": "seller",
            "type": "license",
            "registered": True,
            "date": "2024-05-06",
            "paid_amount": 350.0,
            "counterparty_kind": "enterprise",
            "counterparty_in_zone": True,
        }
    ],
    "investments": [
        {
            "date": "2024-06-01",
            "amount": 800.0,
            "cash": True,
            "investee_in_zone": True,
            "investee_founded": "2021-08-15",
            "investee_employees": 35,
        }
    ],
    "prior_awards": {"specialized_provincial": 0},
}
EXAMPLE_RESULT = {
    "6": "30.00",
    "7": "10.00",
    "8": "30.53",
    "9": "19.05",
    "10": "50.00",
    "11": "7.00",
    "12": "100.00",
    "13": "30.00",
}


def as_strings(amounts: dict) -> dict[str, str]:
    return {k: f"{v:.2f}" for k, v in amounts.items()}


def test_policies(api):
    response = api.call("get", "policies")
    assert response.status_code == 200
    [sample] = [p for p in response.data if p["name"] == "sample"]
    assert (sample["first_year"], sample["last_year"], sample["annual_cap"]) == (2024, 2026, "500")
    article = next(a for a in sample["articles"] if a["number"] == 14)
    assert (
        article["kinds"] == ["investor"] and article["title"] == "投早投小" and "投资机构" in article["text"]
    )


def test_evaluate_a_format_profile_anonymously(api):
    response = api.call("post", "evaluate", body={"year": 2025, "profile": EXAMPLE})
    assert response.status_code == 200, response.data
    result = response.data["result"]
    # FORMAT.md's example result, to the cent, as strings.
    assert result["articles"] == EXAMPLE_RESULT
    assert result["total"] == "276.58" and result["eligible"] is True and result["missing"] == {}
    explanation = response.data["explanation"]
    eight = next(a for a in explanation["articles"] if a["number"] == 8)
    assert eight["amount"] == "30.53万元" and "研发费用" in eight["text"]
    assert "第八条 研发费用补助：支持 30.53万元" in response.data["text"]


def test_unreported_flags_come_back_as_missing(api):
    profile = {k: v for k, v in EXAMPLE.items() if k != "tax_in_zone"}
    result = api.call("post", "evaluate", body={"year": 2025, "profile": profile}).data["result"]
    assert result["missing"] == {"1": ["税务关系在本区"]} and result["eligible"] is False


def test_evaluate_a_stored_profile(api, keys, profile):
    body = {"year": YEAR, "organisation": profile.organisation_id}
    response = api.call("post", "evaluate", keys[Role.ENTERPRISE], body)
    assert response.status_code == 200
    assert response.data["result"]["articles"] == as_strings(EXPECTED)
    assert response.data["result"]["total"] == f"{EXPECTED_TOTAL:.2f}"
    assert response.data["result"]["organisation"] == profile.organisation_id


@pytest.mark.parametrize(
    ("role", "status"), [(Role.OPERATOR, 200), (Role.MANAGER, 403), (Role.INSTITUTION, 403), (None, 403)]
)
def test_who_may_evaluate_a_stored_profile(api, keys, profile, role, status):
    body = {"year": YEAR, "organisation": profile.organisation_id}
    assert api.call("post", "evaluate", keys.get(role), body).status_code == status


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"year": YEAR}, ["body", "payload"]),
        ({"year": YEAR, "policy": "nope", "profile": EXAMPLE}, ["body", "payload", "policy"]),
        (
            {
                "year": YEAR,
                "profile": {
                    **EXAMPLE,
                    "events": [{"type": "key_lab", "level": "national", "date": "2025-13-01"}],
                },
            },
            ["body", "payload", "profile"],
        ),
        (
            {"year": YEAR, "profile": {**EXAMPLE, "rd_expense": {"2025": "many"}}},
            ["body", "payload", "profile", "rd_expense", "2025"],
        ),
    ],
)
def test_bad_requests_are_422(api, body, loc):
    response = api.call("post", "evaluate", body=body)
    assert response.status_code == 422, response.data
    assert response.data["detail"][0]["loc"] == loc


def test_batch_over_stored_profiles(api, keys, profile, near_miss_profile, missing_profile):
    response = api.call("post", "batch", keys[Role.OPERATOR], {"year": YEAR})
    assert response.status_code == 200, response.data
    data = response.data
    assert data["count"] == 3
    by_org = {r["organisation"]: r for r in data["results"]}
    assert by_org[profile.organisation_id]["articles"] == as_strings(EXPECTED)
    ids = {r["organisation"]: r["id"] for r in data["results"]}
    assert data["no_application"] == {
        "ready": [ids[profile.organisation_id]],
        "ready_total": "196.00",
        "incomplete": [ids[missing_profile.organisation_id]],
    }


def test_batch_over_posted_profiles(api, keys):
    second = {**EXAMPLE, "id": "E002", "serious_dishonesty": True}
    response = api.call("post", "batch", keys[Role.OPERATOR], {"year": 2025, "profiles": [EXAMPLE, second]})
    assert [r["total"] for r in response.data["results"]] == ["276.58", "0.00"]
    assert response.data["no_application"]["ready"] == ["E001"]


@pytest.mark.parametrize(
    ("role", "status"), [(Role.MANAGER, 403), (Role.ENTERPRISE, 403), (Role.INSTITUTION, 403), (None, 401)]
)
def test_only_the_operator_runs_batches(api, keys, role, status):
    response = api.call("post", "batch", keys.get(role), {"year": YEAR, "profiles": [EXAMPLE]})
    assert response.status_code == status
