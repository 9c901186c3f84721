"""Small instances whose optimum is known: by hand, by brute force over every placement, and by the exact
integer program; the engine reaches it (brute force) or 99.9% of it (MILP), with every answer valid."""

import random

import pytest

from hardtech.engines.schedule import Options, generate, greedy, parse_instance, schedule
from hardtech.engines.schedule.milp import solve_milp
from hardtech.engines.schedule.verify import check


def test_one_meeting_per_participant_per_slot(helpers):
    # P1 wants three meetings but there are two slots: the two heaviest win.
    data = helpers.event([["P1", "P2", 0.9], ["P1", "P3", 0.5], ["P1", "P4", 0.7]], slots=2)
    plan = schedule(parse_instance(data))
    assert plan.total == pytest.approx(1.6)
    assert sorted(map(tuple, (t[:2] for t in plan.triples()))) == [("P1", "P2"), ("P1", "P4")]


def test_tables_per_slot_bind(helpers):
    data = helpers.event([["P1", "P2", 0.9], ["P3", "P4", 0.8], ["P5", "P6", 0.7]], slots=1, tables=2)
    assert schedule(parse_instance(data)).total == pytest.approx(1.7)


def test_a_swap_beats_greedy(helpers):
    # Greedy puts P1-P2 (heaviest) in its first free slot, S1, where P3 and P4 would have had to meet.
    data = helpers.event(
        [["P1", "P2", 1.0], ["P1", "P3", 0.9], ["P2", "P4", 0.9]],
        slots=2,
        available={"P3": ["S1"], "P4": ["S1"]},
    )
    inst = parse_instance(data)
    assert greedy(inst).total == pytest.approx(1.0)
    assert schedule(inst).total == pytest.approx(2.8)


@pytest.mark.parametrize("seed", range(12))
def test_equals_brute_force_on_tiny_random_events(helpers, seed):
    rng = random.Random(seed)
    data = helpers.random_event(rng, n=6, m=7, slots=3, tables=rng.randint(1, 3))
    inst = parse_instance(data)
    plan = schedule(inst)
    assert check(inst, plan.triples()).violations == []
    best = helpers.brute_force(data)
    assert plan.total == pytest.approx(best, abs=1e-9)
    assert solve_milp(inst).objective == pytest.approx(best, abs=1e-6)


@pytest.mark.parametrize("seed", range(4))
def test_reaches_999_per_mille_of_the_milp_on_random_events(helpers, seed):
    rng = random.Random(100 + seed)
    data = helpers.random_event(rng, n=40, m=160, slots=6, tables=rng.randint(6, 14))
    inst = parse_instance(data)
    plan = schedule(inst)
    exact = solve_milp(inst)
    assert exact.optimal
    assert check(inst, plan.triples()).violations == []
    assert plan.total >= 0.999 * exact.objective - 1e-9
    assert plan.total <= exact.objective + 1e-6


def test_odd_cycles_are_scheduled_too(helpers):
    # A triangle is not bipartite: no flow bound, the placement and the local search still answer.
    data = helpers.event([["P1", "P2", 0.5], ["P2", "P3", 0.6], ["P1", "P3", 0.7]], slots=2)
    plan = schedule(parse_instance(data))
    assert plan.bound is None
    assert plan.total == pytest.approx(1.3)


def test_heuristic_alone_reaches_999_per_mille_on_a_generated_event():
    # Without the integer-program polish (exact_up_to=0): flow bound, placement, local search only.
    inst = parse_instance(generate.instance(300, 1500, 12, 60, seed=0))
    plan = schedule(inst, Options(time_limit=2.0, exact_up_to=0))
    exact = solve_milp(inst, time_limit=60)
    assert check(inst, plan.triples()).violations == []
    assert plan.total >= 0.999 * exact.objective
    assert plan.bound >= exact.objective - 1e-6
