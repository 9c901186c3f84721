"""The loader: the sample policy loads; each kind of mistake fails with a PolicyError naming file and article."""

import pytest

from hardtech.engines.policy import PolicyError, evaluate, list_policies, load_policy
from support.policy_helpers import BASE, write_policy


def load_text(tmp_path, text):
    return load_policy(write_policy(tmp_path, text))


def test_sample_ships_and_loads():
    assert "sample" in list_policies()
    policy = load_policy("sample")
    assert policy.name == "sample"
    assert [a.number for a in policy.articles] == list(range(1, 17))
    assert all(a.text for a in policy.articles)  # every article keeps its legal text


def test_base_policy_is_valid(tmp_path):
    policy = load_text(tmp_path, BASE)
    [r] = evaluate(policy, [{"id": "a", "kind": "enterprise", "in_zone": True, "rd": {"2024": 200}}], 2025)
    assert r.articles == {"2": 10}


def expect_error(tmp_path, text, *fragments, article=None):
    with pytest.raises(PolicyError) as err:
        load_text(tmp_path, text)
    message = str(err.value)
    assert "tiny.yaml" in message
    for f in fragments:
        assert f in message
    assert err.value.article == article
    if article is not None:
        assert f"article {article}" in message


def test_unknown_field_in_article(tmp_path):
    text = BASE.replace("    kinds: [enterprise]\n", "    kinds: [enterprise]\n    maximum: 3\n")
    expect_error(tmp_path, text, "unknown field `maximum`", article=2)


def test_unknown_field_at_top(tmp_path):
    expect_error(tmp_path, BASE + "extra: 1\n", "unknown field `extra`")


def test_overlapping_dated_values(tmp_path):
    text = BASE.replace(
        "      - {value: 5%}\n", "      - {value: 5%}\n      - {from: 2025-06-01, value: 7%}\n"
    )
    expect_error(tmp_path, text, "parameter `rate`", "overlap")


def test_overlapping_dated_values_with_until(tmp_path):
    text = BASE.replace("      - {value: 5%}\n", "      - {value: 5%, until: 2025-03-01}\n")
    expect_error(tmp_path, text, "parameter `rate`", "overlap")


def test_gap_between_dated_values(tmp_path):
    text = BASE.replace("      - {value: 5%}\n", "      - {value: 5%, until: 2024-06-30}\n")
    expect_error(tmp_path, text, "parameter `rate`", "no value between")


def test_group_names_unknown_item(tmp_path):
    expect_error(tmp_path, BASE.replace("groups: [[1, 2]]", "groups: [[1, 4]]"), "unknown item 4", article=3)


def test_item_cap_without_amount(tmp_path):
    expect_error(tmp_path, BASE.replace("cap: 50", "cap:"), "cap has no amount", article=2)


def test_annual_cap_without_amount(tmp_path):
    text = BASE.replace('annual_cap: {amount: 100, exempt: ["3.1"]}', 'annual_cap: {exempt: ["3.1"]}')
    expect_error(tmp_path, text, "annual_cap has no amount")


def test_unknown_article_reference(tmp_path):
    text = BASE.replace("    matter: rd\n", "    matter: rd\n    stacks_with: [9]\n")
    expect_error(tmp_path, text, "unknown article 9", article=2)


def test_exempt_item_of_unknown_article(tmp_path):
    expect_error(tmp_path, BASE.replace('exempt: ["3.1"]', 'exempt: ["7.1"]'), "unknown article")


def test_exempt_unknown_item(tmp_path):
    expect_error(tmp_path, BASE.replace('exempt: ["3.1"]', 'exempt: ["3.9"]'), "unknown item 3.9", article=3)


def test_unknown_name_in_condition(tmp_path):
    expect_error(tmp_path, BASE.replace("rd[Y-1] >= 100", "rnd[Y-1] >= 100"), "unknown name `rnd`", article=2)


def test_unknown_value_of_a_field(tmp_path):
    expect_error(tmp_path, BASE.replace("type == 'lab'", "type == 'labs'"), "no value 'labs'", article=3)


def test_year_keyed_field_without_year(tmp_path):
    expect_error(tmp_path, BASE.replace("rd[Y-1] >= 100", "rd >= 100"), "year-keyed", article=2)


def test_unknown_kind(tmp_path):
    expect_error(
        tmp_path, BASE.replace("kinds: [enterprise]", "kinds: [company]"), "unknown applicant kind", article=2
    )


def test_ratio_without_zero_rule(tmp_path):
    text = BASE.replace("- rd[Y-1] >= 100", "- rd[Y-1] / rd[Y-2] >= 20%")
    expect_error(tmp_path, text, "if_zero", article=2)


def test_syntax_error_in_amount(tmp_path):
    expect_error(
        tmp_path, BASE.replace("amount: rd[Y-1] * rate", "amount: rd[Y-1] * * 2"), "cannot parse", article=2
    )


def test_duplicate_article_number(tmp_path):
    expect_error(tmp_path, BASE.replace("  - number: 3\n", "  - number: 2\n"), "repeat")


def test_event_date_parameters_need_records(tmp_path):
    text = BASE.replace("    matter: rd\n", "    matter: rd\n    parameter_date: event_date\n")
    expect_error(tmp_path, text, "event_date", article=2)


def test_missing_file_names_the_shipped_policies(tmp_path):
    with pytest.raises(PolicyError, match="sample"):
        load_policy(tmp_path / "nope.yaml")


def test_parameters_not_allowed_in_entry_conditions(tmp_path):
    text = BASE.replace("where: [type == 'lab', year(date) == Y - 1]", "where: [type == 'lab', rate > 0]")
    expect_error(tmp_path, text, "not in `where`", article=3)


def test_default_must_match_the_field_type(tmp_path):
    text = BASE.replace(
        "date: {type: date, label: 发生日期}", "date: {type: date, label: 发生日期, default: 2024-01-01}"
    )
    expect_error(tmp_path, text, "a default must be")


def test_unknown_field_in_a_condition(tmp_path):
    text = BASE.replace("      - rd[Y-1] >= 100\n", "      - {when: 'rd[Y-1] >= 100', unless: x}\n")
    expect_error(tmp_path, text, "unknown field `unless`", article=2)
