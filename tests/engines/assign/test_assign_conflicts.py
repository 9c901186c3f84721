"""Each conflict-of-interest rule bars its pair, even when that pair has the highest affinity; a barred pair that
was the only way to cover an application makes the instance infeasible rather than being used."""

import pytest

from hardtech.engines.assign import Assignment, Infeasible, assign, conflict_reason, parse_instance
from support.assign_helpers import instance

RULES = {
    "same org": ({"org": "O1"}, {"org": "O1"}, {}, "同属单位 O1"),
    "expert on the team": ({"team": ["P1"]}, {"person": "P1"}, {}, "团队成员"),
    "collaborator on the team": ({"team": ["P2"]}, {"collaborators": ["P2"]}, {}, "P2 有合作关系"),
    "declared": ({}, {}, {"declared_conflicts": [["A1", "E1"]]}, "声明了"),
}


def _case(app: dict, expert: dict, extra: dict) -> dict:
    return instance(
        [["A1", "E1", 0.99], ["A1", "E2", 0.1]],
        apps=[{"id": "A1", **app}],
        experts=[{"id": "E1", "max_load": 1, **expert}, {"id": "E2", "max_load": 1}],
        **extra,
    )


@pytest.mark.parametrize("rule", RULES)
def test_rule_bars_the_best_pair(rule):
    app, expert, extra, _ = RULES[rule]
    result = assign(parse_instance(_case(app, expert, extra)))
    assert isinstance(result, Assignment)
    assert result.to_json() == {"assignment": [["A1", "E2"]]}


@pytest.mark.parametrize("rule", RULES)
def test_rule_explains_itself(rule):
    app, expert, extra, words = RULES[rule]
    inst = parse_instance(_case(app, expert, extra))
    assert words in conflict_reason(inst.applications[0], inst.experts[0], bool(extra))


@pytest.mark.parametrize("rule", RULES)
def test_only_candidate_barred_is_infeasible(rule):
    app, expert, extra, _ = RULES[rule]
    data = _case(app, expert, extra)
    data["affinity"] = data["affinity"][:1]
    data["experts"] = data["experts"][:1]
    result = assign(parse_instance(data))
    assert isinstance(result, Infeasible)
    assert result.to_json()["uncovered"] == [{"application": "A1", "allowed_experts": 0, "needed": 1}]


def test_empty_orgs_are_not_a_conflict():
    data = instance([["A1", "E1", 0.5]], apps=[{"id": "A1"}], experts=[{"id": "E1", "max_load": 1}])
    assert assign(parse_instance(data)).to_json() == {"assignment": [["A1", "E1"]]}
