"""Fairness option: the weakest application's total rises when the stated loss allows it, the total never loses
more than that share, and the answer stays valid."""

import pytest

from hardtech.engines.assign import Assignment, Options, assign, generate, parse_instance
from hardtech.engines.assign.verify import check
from support.assign_helpers import instance

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


@pytest.mark.parametrize("loss", [0.0, 0.1])
def test_no_swap_beyond_the_allowed_loss(loss):
    assert assign(UNEVEN, Options(fairness_loss=loss)).to_json() == assign(UNEVEN).to_json()


def test_generated_instance_stays_valid_and_within_budget():
    inst = parse_instance(generate.instance(120, 72, candidates=10, seed=2))
    best = assign(inst)
    fair = assign(inst, Options(fairness_loss=0.02))
    assert isinstance(best, Assignment) and isinstance(fair, Assignment)
    assert check(inst, fair.pairs).violations == []
    assert fair.total >= 0.98 * best.total - 1e-9
    assert min(fair.per_application()) >= min(best.per_application())
