"""Small random instances: the engine's total equals a brute-force search's and the LP's (HiGHS), and it says
infeasible exactly when the brute force finds nothing."""

import random

import pytest

from hardtech.engines.assign import Assignment, Infeasible, assign, parse_instance
from hardtech.engines.assign.verify import check
from support.assign_helpers import brute_force, random_instance


@pytest.mark.parametrize("seed", range(40))
def test_same_optimum_as_brute_force(seed):
    rng = random.Random(seed)
    data = random_instance(rng, n_apps=rng.randint(1, 4), n_experts=rng.randint(2, 6), k=rng.randint(1, 2))
    inst = parse_instance(data)
    best = brute_force(data)
    result = assign(inst)
    if best is None:
        assert isinstance(result, Infeasible) and result.uncovered
    else:
        assert isinstance(result, Assignment)
        checked = check(inst, result.pairs)
        assert checked.violations == []
        assert checked.total == pytest.approx(best, abs=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_same_optimum_as_the_lp(seed):
    pytest.importorskip("scipy")
    from hardtech.engines.assign import generate
    from hardtech.engines.assign.bench import lp_optimum

    inst = parse_instance(generate.instance(60, 40, candidates=12, k=3, seed=seed))
    result = assign(inst)
    assert isinstance(result, Assignment)
    assert result.total == pytest.approx(lp_optimum(inst), rel=1e-9)
