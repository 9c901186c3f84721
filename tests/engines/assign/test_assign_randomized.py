"""Randomised assignment (--pair-cap q): every sample is a valid assignment, no pair is chosen more often than q,
each pair's frequency matches the capped fractional optimum, and the same seed gives the same answer."""

from collections import Counter

import pytest

from hardtech.engines.assign import Assignment, Infeasible, Options, assign, generate, parse_instance
from hardtech.engines.assign.bench import randomized_row
from hardtech.engines.assign.network import build
from hardtech.engines.assign.randomized import fractional
from hardtech.engines.assign.verify import check
from support.assign_helpers import instance

INSTANCE = parse_instance(generate.instance(24, 16, candidates=8, k=2, seed=4))


def test_samples_are_valid_and_respect_the_cap():
    runs = 300
    seen: Counter = Counter()
    for seed in range(runs):
        result = assign(INSTANCE, Options(pair_cap=0.5, seed=seed))
        assert isinstance(result, Assignment)
        assert check(INSTANCE, result.pairs).violations == []
        seen.update(result.pairs)
    net = build(INSTANCE)
    units, scale = fractional(net, 0.5)
    assert units.max() <= scale // 2
    for a, e, u in zip(net.pair_app.tolist(), net.pair_expert.tolist(), units.tolist(), strict=True):
        # binomial standard deviation at p = 0.5 over 300 runs is 0.029: five of them
        assert abs(seen[(a, e)] / runs - u / scale) < 0.15
        if u == 0:
            assert seen[(a, e)] == 0


def test_same_seed_same_answer():
    first = assign(INSTANCE, Options(pair_cap=0.6, seed=7))
    assert assign(INSTANCE, Options(pair_cap=0.6, seed=7)).pairs == first.pairs


def test_expected_total_is_the_capped_optimum_and_below_the_optimum():
    best = assign(INSTANCE).total
    result = assign(INSTANCE, Options(pair_cap=0.5, seed=1))
    assert "期望总匹配度" in result.notes[0]
    assert result.total <= best + 1e-9


def test_cap_too_low_to_cover_is_answered():
    data = instance([["A1", "E1", 0.5], ["A1", "E2", 0.5]], k=2)
    result = assign(parse_instance(data), Options(pair_cap=0.5))
    assert isinstance(result, Infeasible)
    assert result.to_json()["uncovered"] == [{"application": "A1", "allowed_experts": 2, "needed": 2}]
    assert "概率上限 0.5 过低" in result.reason


@pytest.mark.parametrize("cap", [0.0004, 0.0])
def test_cap_below_a_thousandth_covers_nothing(cap):
    assert isinstance(assign(INSTANCE, Options(pair_cap=cap)), Infeasible)


@pytest.mark.parametrize("cap", [0.4, 0.5, 0.75, 1.0])
def test_bench_row_cap_respected_and_expected_total_below_the_optimum(cap):
    best = assign(INSTANCE)
    row = randomized_row(INSTANCE, best.total, cap, seed=3)
    assert row["max_probability"] <= cap
    assert row["check"].violations == []
    assert row["expected"] <= best.total + 1e-9
    if cap == 1.0:  # no cap: the fractional optimum is the deterministic one
        assert row["share"] == pytest.approx(1.0, abs=1e-9)
    else:
        assert row["share"] < 1.0
