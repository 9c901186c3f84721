"""The bench's ceiling (oracle.py): with the judges' parameters fitted to the true qualities, the posterior ranks
generated competitions at least as well as the engine, which has to estimate them; `--oracle` prints it."""

import numpy as np

from hardtech.engines.judging import parse, rank
from hardtech.engines.judging.bench import main
from hardtech.engines.judging.generate import Spec, competition
from hardtech.engines.judging.measures import order, spearman, winners_share
from hardtech.engines.judging.oracle import oracle


def test_oracle_is_a_ceiling_for_the_engine():
    engine, ceiling = [], []
    for seed in (0, 3, 6):
        data, truth = competition(Spec(entries=120, judges=25, per_entry=7, awards=10, seed=seed))
        inst = parse(data)
        for found, ranking in (
            (engine, rank(inst).ranking),
            (ceiling, order(inst.entries, oracle(inst, truth))),
        ):
            found.append((spearman(ranking, truth), winners_share(ranking, truth, inst.awards)))
    engine, ceiling = np.mean(engine, axis=0), np.mean(ceiling, axis=0)
    assert ceiling[0] >= engine[0]
    assert ceiling[1] >= engine[1] - 0.05
    assert ceiling[0] > 0.99


def test_oracle_without_finals_uses_the_scores_alone():
    data, truth = competition(Spec(entries=60, judges=12, per_entry=5, awards=5, seed=4))
    data["pairwise"] = []
    inst = parse(data)
    q = oracle(inst, truth)
    assert np.all(np.isfinite(q))
    assert spearman(order(inst.entries, q), truth) > 0.95


def test_bench_prints_the_oracle_table(capsys):
    assert main(["--synthetic", "1", "--oracle"]) == 0
    out = capsys.readouterr().out
    assert "| instance | engine ρ | oracle ρ | engine winners | oracle winners |" in out
    assert "synthetic-120e-25j-k7-s0" in out
