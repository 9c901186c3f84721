"""Loads: no expert above max_load even when everyone prefers them; a minimum load moves reviews to an expert who
would otherwise get none, at the least cost; an impossible minimum is answered as such."""

from hardtech.engines.assign import Assignment, Infeasible, Options, assign, parse_instance
from hardtech.engines.assign.verify import check
from support.assign_helpers import instance

STAR = instance(
    [["A1", "STAR", 0.9], ["A1", "E2", 0.5], ["A2", "STAR", 0.9], ["A2", "E2", 0.4], ["A1", "E3", 0.1]],
    experts=[{"id": "STAR", "max_load": 1}, {"id": "E2", "max_load": 2}, {"id": "E3", "max_load": 2}],
)


def test_max_load_respected_at_the_best_total():
    inst = parse_instance(STAR)
    result = assign(inst)
    assert isinstance(result, Assignment)
    # STAR can take one: giving it A2 (0.9 + 0.5) beats giving it A1 (0.9 + 0.4)
    assert result.to_json() == {"assignment": [["A1", "E2"], ["A2", "STAR"]]}
    assert check(inst, result.pairs).load_violations == 0


def test_min_load_of_an_expert():
    data = {**STAR, "experts": [*STAR["experts"][:2], {"id": "E3", "max_load": 2, "min_load": 1}]}
    inst = parse_instance(data)
    result = assign(inst)
    assert isinstance(result, Assignment)
    assert result.to_json() == {"assignment": [["A1", "E3"], ["A2", "STAR"]]}
    assert check(inst, result.pairs).violations == []


def test_min_load_option_for_everyone():
    result = assign(parse_instance(STAR), Options(min_load=1))
    assert isinstance(result, Infeasible)  # three experts need one review each, two applications offer two
    assert result.uncovered == []
    assert "合计 3 人次，超过全部评审需求 2 人次" in result.reason


def test_min_load_beyond_candidates():
    data = {**STAR, "experts": [*STAR["experts"][:2], {"id": "E3", "max_load": 2, "min_load": 2}]}
    result = assign(parse_instance(data))
    assert isinstance(result, Infeasible)
    assert "专家 E3 至少需评审 2 项，但只有 1 个无冲突的候选项目" in result.reason
