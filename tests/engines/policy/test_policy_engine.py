"""The engine itself: exact amounts, explanations, data completeness and 免申即享, cross-article rules."""

from decimal import Decimal

import pytest

from hardtech.engines.policy import (
    ProfileError,
    evaluate,
    evaluate_reference,
    explain,
    load_policy,
    split_no_application,
)
from hardtech.engines.policy.generate import profiles as generate
from support.policy_helpers import BASE, write_policy

ENTERPRISE = {
    "id": "E1",
    "kind": "enterprise",
    "registered_in_zone": True,
    "tax_in_zone": True,
    "serious_dishonesty": False,
}


@pytest.fixture(scope="module")
def sample():
    return load_policy("sample")


def test_amounts_are_exact_decimals(sample):
    [r] = evaluate(sample, [ENTERPRISE | {"rd_expense": {"2024": 610.5, "2023": 420}}], 2025)
    assert r.articles == {"8": Decimal("30.53"), "9": Decimal("19.05")}
    assert r.total == Decimal("49.58")
    assert all(v.as_tuple().exponent == -2 for v in r.articles.values())


def test_decimal_and_string_inputs_read_exactly(sample):
    floats = ENTERPRISE | {"rd_expense": {"2024": 666.67}}
    decimals = ENTERPRISE | {"rd_expense": {"2024": Decimal("666.67")}}
    strings = ENTERPRISE | {"rd_expense": {"2024": "666.67"}}
    results = evaluate(sample, [floats, decimals, strings], 2025)
    assert {r.articles["8"] for r in results} == {Decimal("33.33")}  # 33.3335 rounds half-up


def test_vectorised_matches_reference_on_generated_applicants(sample):
    profiles, years = generate(3000, seed=11, years=(2023, 2024, 2025, 2026, 2027))
    assert evaluate(sample, profiles, years) == evaluate_reference(sample, profiles, years)


def test_empty_input(sample):
    assert evaluate(sample, [], 2025) == []


def test_malformed_profile_values_raise(sample):
    bad_date = ENTERPRISE | {"events": [{"type": "key_lab", "level": "national", "date": "2024-02-30"}]}
    with pytest.raises(ProfileError, match="events.date"):
        evaluate(sample, [bad_date], 2025)
    with pytest.raises(ProfileError, match="rd_expense"):
        evaluate(sample, [ENTERPRISE | {"rd_expense": {"2024": True}}], 2025)
    for run in (evaluate, evaluate_reference):
        with pytest.raises(ProfileError, match="events: every entry must be an object"):
            run(sample, [ENTERPRISE | {"events": [None]}], 2025)
        with pytest.raises(ProfileError, match="not a date"):
            run(
                sample,
                [ENTERPRISE | {"events": [{"type": "key_lab", "level": "national", "date": "20240105"}]}],
                2025,
            )


def test_explanation_gives_the_near_miss_in_plain_chinese(sample):
    e = explain(sample, ENTERPRISE | {"rd_expense": {"2024": 290}, "revenue": {"2024": 10000}}, 2025)
    art8 = next(a for a in e.articles if a.number == 8)
    assert art8.amount == "0万元"
    assert art8.near_misses == ["2024年度研发费用占2024年度营业收入的比例 2.9%，低于 3% 的要求"]
    assert art8.text.startswith("同时满足以下条件的企业")
    held = next(c for c in art8.conditions if c.status == "held")
    assert held.values == {"2024年度研发费用": "290万元"}


def test_explanation_names_parameter_dates_caps_and_groups(sample):
    profile = ENTERPRISE | {
        "rd_expense": {"2025": 5000},
        "events": [
            {"type": "high_tech_recognition", "subtype": "first", "date": "2025-11-20"},
            {"type": "high_tech_recognition", "subtype": "renewal", "date": "2025-03-01"},
        ],
    }
    e = explain(sample, profile, 2026)
    art6 = next(a for a in e.articles if a.number == 6)
    first, renewal = art6.items[0], art6.items[1]
    assert first.parameters == [
        "高新技术企业首次认定奖励按 2025-11-20 适用自 2025-01-01 起的数值 40（第十五条第（一）项）"
    ]
    assert renewal.cuts == ["与第（一）项同属同一事项组，只取金额最高的一项，本项不计"]
    art8 = next(a for a in e.articles if a.number == 8)
    assert art8.items[0].parameters == [
        "研发费用补助比例按 2025-12-31 适用自 2025-01-01 起的数值 6%（第十五条第（二）项）"
    ]
    assert art8.items[0].cuts == ["计算额 300万元，按本项上限 200万元 计"]
    assert e.result.total == Decimal("240.00")
    assert "第八条 研发费用补助：支持 200万元" in e.to_text()


def test_explanation_of_the_annual_cap(sample):
    events = [
        {"type": "key_lab", "level": "national", "date": "2024-03-01"},
        {"type": "incubator", "level": "national_incubator", "date": "2024-04-01"},
        {"type": "specialized", "level": "national", "date": "2024-06-01"},
        {
            "type": "competition_award",
            "level": "national",
            "rank": "first",
            "date": "2024-05-01",
            "registered_at_award": True,
        },
    ]
    contracts = [
        {
            "role": "seller",
            "type": "transfer",
            "registered": True,
            "date": "2024-05-01",
            "paid_amount": 10000,
            "counterparty_kind": "enterprise",
            "counterparty_in_zone": True,
        }
    ]
    profile = ENTERPRISE | {
        "rd_expense": {"2024": 5000, "2023": 1000},
        "events": events,
        "contracts": contracts,
    }
    e = explain(sample, profile, 2025)
    assert e.total == "1000万元"
    assert e.total_notes == [
        "计入年度上限的各条合计 600万元，超过年度上限 500万元（第五条），按 500万元 计；"
        "另有不计入上限的 500万元，合计支付 1000万元"
    ]


def test_explanations_are_plain_json(sample):
    import json

    profiles, years = generate(100, seed=9, years=(2023, 2024, 2025, 2026, 2027))
    for p, y in zip(profiles, years, strict=True):
        data = json.loads(json.dumps(explain(sample, p, y).to_json(), ensure_ascii=False))
        assert data["result"]["id"] == p["id"]
        assert [a["number"] for a in data["articles"]] == [a.number for a in sample.paying_articles]


def test_missing_data_and_the_no_application_split(sample):
    complete = ENTERPRISE | {"id": "A", "rd_expense": {"2024": 200}}
    lacking = ENTERPRISE | {
        "id": "B",
        "events": [{"type": "key_lab", "level": "provincial", "date": "2024-05-01"}],
    }
    unknown_zone = {k: v for k, v in ENTERPRISE.items() if k != "tax_in_zone"} | {"id": "C"}
    nothing = ENTERPRISE | {"id": "D", "rd_expense": {"2024": 10}}
    results = evaluate(sample, [complete, lacking, unknown_zone, nothing], 2025)
    assert [r.ready for r in results] == [("8",), ("10",), (), ()]
    assert results[1].missing == {"8": ["2024年度研发费用"], "9": ["2024年度研发费用"]}
    assert results[2].missing == {"1": ["税务关系在本区"]}
    split = split_no_application(results)
    assert [r.id for r in split.ready] == ["A", "B"]
    assert [r.id for r in split.incomplete] == ["B", "C"]


MATTER = (
    BASE
    + """
  - number: 4
    title: 研发增量
    text: 研发费用不低于 300 万元的，奖励 30 万元。
    kinds: [enterprise]
    matter: rd
    conditions:
      - rd[Y-1] >= 300
    items:
      - {id: 1, label: 奖励, amount: 30}
"""
)


def test_articles_on_one_matter_pay_only_the_highest_unless_stackable(tmp_path):
    policy = load_policy(write_policy(tmp_path, MATTER))
    applicant = {
        "id": "a",
        "kind": "enterprise",
        "in_zone": True,
        "rd": {"2024": 400},
    }  # art 2: 20, art 4: 30
    for run in (evaluate, evaluate_reference):
        [r] = run(policy, [applicant], 2025)
        assert r.articles == {"4": Decimal("30.00")}
    stacking = load_policy(
        write_policy(
            tmp_path,
            MATTER.replace(
                "    matter: rd\n    conditions:\n      - rd[Y-1] >= 300",
                "    matter: rd\n    stacks_with: [2]\n    conditions:\n      - rd[Y-1] >= 300",
            ),
            "stack.yaml",
        )
    )
    for run in (evaluate, evaluate_reference):
        [r] = run(stacking, [applicant], 2025)
        assert r.articles == {"2": Decimal("20.00"), "4": Decimal("30.00")}


def test_annual_cap_with_exempt_item(tmp_path):
    policy = load_policy(write_policy(tmp_path))
    applicant = {
        "id": "a",
        "kind": "enterprise",
        "in_zone": True,
        "rd": {"2025": 5000},
        "events": [{"type": "lab", "date": "2025-02-01"}, {"type": "prize", "date": "2025-03-01"}],
    }
    for run in (evaluate, evaluate_reference):
        [r] = run(policy, [applicant], 2026)
        # art 2: 5000 × 6% = 300 → 50; art 3: lab 80 (exempt) beats prize 10; cap 100 not reached: 130
        assert r.articles == {"2": Decimal("50.00"), "3": Decimal("80.00")}
        assert r.total == Decimal("130.00")


def test_text_fields_compare_with_each_other(tmp_path):
    text = BASE.replace(
        "where: [type == 'lab', year(date) == Y - 1]", "where: [type != kind, year(date) == Y - 1]"
    )
    policy = load_policy(write_policy(tmp_path, text))
    applicant = {
        "id": "a",
        "kind": "enterprise",
        "in_zone": True,
        "events": [{"type": "lab", "date": "2024-02-01"}],
    }
    same = applicant | {"kind": "lab"}
    for run in (evaluate, evaluate_reference):
        assert [r.articles for r in run(policy, [applicant], 2025)] == [{"3": Decimal("80.00")}]
        assert [r.articles for r in run(policy, [same], 2025)] == [{}]


def test_chunked_evaluation_matches(sample, monkeypatch):
    from hardtech.engines.policy import api

    profiles, years = generate(100, seed=3)
    whole = evaluate(sample, profiles, years)
    monkeypatch.setattr(api, "CHUNK", 7)
    assert evaluate(sample, profiles, years) == whole == evaluate_reference(sample, profiles, years)
