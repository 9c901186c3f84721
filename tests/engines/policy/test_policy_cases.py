"""The YAML test cases shipped next to each policy, one pytest case each, through both evaluators."""

import pytest

from hardtech.engines.policy import evaluate, evaluate_reference, list_policies, load_policy
from hardtech.engines.policy.testing import cases_path, check, load_cases

CASES = [
    (name, case)
    for name in list_policies()
    if cases_path(load_policy(name)).exists()
    for case in load_cases(cases_path(load_policy(name)))
]


@pytest.mark.parametrize(("name", "case"), CASES, ids=[f"{n}:{c.name}" for n, c in CASES])
def test_yaml_case(name, case):
    policy = load_policy(name)
    [vectorised] = evaluate(policy, [case.profile], case.year)
    [reference] = evaluate_reference(policy, [case.profile], case.year)
    assert check(vectorised, case.expect) == []
    assert vectorised == reference


def test_every_paying_article_of_the_sample_has_a_case():
    policy = load_policy("sample")
    cases = load_cases(cases_path(policy))
    covered = {a for c in cases for a in (c.expect.get("articles") or {})}
    assert {str(a.number) for a in policy.paying_articles} <= covered
    names = " ".join(c.name for c in cases)
    for n in (1, 2, 3, 4, 5, 15, 16):  # articles with rules but no amounts of their own
        assert f"第{'一二三四五'[n - 1] if n <= 5 else {15: '十五', 16: '十六'}[n]}条" in names
