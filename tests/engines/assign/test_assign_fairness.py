"""Fairness option: the weakest application's total is as high as any assignment within the stated loss allows
(brute force on small instances), never below the plain optimum's, the total stays within the loss, the bound
it reports is never beaten, and the answer stays valid."""

import random

import pytest

from hardtech.engines.assign import Assignment, Options, assign, generate, parse_instance
from hardtech.engines.assign.verify import check
from support.assign_helpers import every_assignment, instance, random_instance

# Optimum: A1–E1 + A2–E2 = 1.0, A2 left with 0.1. The swap gives A2 0.6 and A1 0.2: total 0.8, a 20% loss.
UNEVEN = parse_instance(
    instance(
        [["A1", "E1", 0.9], ["A1", "E2", 0.2], ["A2", "E1", 0.6], ["A2", "E2", 0.1]],
        experts=[{"id": "E1", "max_load": 1}, {"id": "E2", "max_load": 1}],
    )
)


def test_swap_within_the_allowed_loss():
    result = assign(UNEVEN, Options(fairness_loss=0.25))
    assert result.to_json() == {"assignment": [["A1", "E2"], ["A2", "E1"]]}
    assert result.total == pytest.approx(0.8)
    assert "由 0.1000 提高到 0.2000" in result.notes[-1]
    # the LP's floor (A1–E1 at 1/3) is 0.4333: above what any integer assignment reaches, so no claim of optimum
    assert result.floor_bound == pytest.approx(0.2 + 0.7 / 3)
    assert "最优" not in result.notes[-1]


@pytest.mark.parametrize("loss", [0.0, 0.1])
def test_no_swap_beyond_the_allowed_loss(loss):
    assert assign(UNEVEN, Options(fairness_loss=loss)).to_json() == assign(UNEVEN).to_json()


def _fairest(data: dict, floor_total: float) -> float:
    """The highest weakest total over every assignment whose total is at least floor_total (brute force)."""
    best = -1.0
    for choice in every_assignment(data):
        totals = [sum(s for _, s in pick) for pick in choice]
        if sum(totals) >= floor_total - 1e-9:
            best = max(best, min(totals, default=0.0))
    return best


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("loss", [0.0, 0.05, 0.2])
def test_weakest_total_is_the_best_within_the_loss(seed, loss):
    rng = random.Random(seed)
    best = None
    while not isinstance(best, Assignment):  # the first feasible instance this seed draws
        data = random_instance(
            rng, n_apps=rng.randint(2, 4), n_experts=rng.randint(3, 6), k=rng.randint(1, 2)
        )
        inst = parse_instance(data)
        best = assign(inst)
    fair = assign(inst, Options(fairness_loss=loss))
    assert check(inst, fair.pairs).violations == []
    assert fair.total >= (1 - loss) * best.total - 1e-9
    floor = min(fair.per_application())
    assert floor >= min(best.per_application()) - 1e-9
    fairest = _fairest(data, (1 - loss) * best.total)
    assert floor == pytest.approx(fairest, abs=1e-9)
    assert fair.floor_bound >= fairest - 1e-9


@pytest.mark.parametrize("seed", range(6))
def test_generated_instance_stays_valid_within_the_loss_and_the_bound(seed):
    inst = parse_instance(generate.instance(120, 64, candidates=8, seed=seed))
    best = assign(inst)
    fair = assign(inst, Options(fairness_loss=0.01))
    assert isinstance(best, Assignment) and isinstance(fair, Assignment)
    assert check(inst, fair.pairs).violations == []
    assert fair.total >= 0.99 * best.total - 1e-9
    assert min(best.per_application()) - 1e-9 <= min(fair.per_application()) <= fair.floor_bound + 1e-9


def test_generated_instance_reaches_the_bound():
    # the optimum's weakest total is 1.3950 and a local search from it found no move; the bound is 1.4068
    inst = parse_instance(generate.instance(120, 64, candidates=8, seed=1))
    fair = assign(inst, Options(fairness_loss=0.01))
    assert min(fair.per_application()) == pytest.approx(1.4068, abs=1e-9)
    assert fair.floor_bound == pytest.approx(1.4068, abs=1e-9)
    assert "已达上界（最优）" in fair.notes[-1]
