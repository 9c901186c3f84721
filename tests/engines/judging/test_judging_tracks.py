"""On generated competitions (tracks of different strength, lenient and harsh judges, a few erratic ones, finals
compared in pairs) the calibrated ranking beats both the raw mean and the per-judge z-score."""

import numpy as np
import pytest

from hardtech.engines.judging import parse, rank
from hardtech.engines.judging.baselines import raw_mean, z_mean
from hardtech.engines.judging.generate import Spec, competition
from hardtech.engines.judging.measures import order, spearman, winners_share


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_beats_raw_mean_and_z_score(seed):
    data, truth = competition(
        Spec(entries=150, judges=30, per_entry=5, awards=10, track_spread=1.0, seed=seed)
    )
    inst = parse(data)
    engine = rank(inst).ranking
    raw = order(inst.entries, raw_mean(inst))
    z = order(inst.entries, z_mean(inst))
    rho = spearman(engine, truth)
    assert rho > 0.975
    assert rho > spearman(raw, truth) + 0.01
    assert rho > spearman(z, truth) + 0.01
    assert winners_share(engine, truth, inst.awards) >= max(
        winners_share(raw, truth, inst.awards), winners_share(z, truth, inst.awards)
    )


def test_deterministic():
    data, _ = competition(Spec(entries=80, judges=20, awards=6, seed=3))
    first, second = rank(parse(data)).to_json(), rank(parse(data)).to_json()
    assert first == second


def test_uncertainty_shrinks_with_more_judges():
    few, _ = competition(Spec(entries=120, judges=30, per_entry=3, finals_panel=0, seed=5))
    many, _ = competition(Spec(entries=120, judges=30, per_entry=8, finals_panel=0, seed=5))
    se = [np.median([e["se"] for e in rank(parse(d)).to_json()["entries"]]) for d in (few, many)]
    assert se[1] < se[0] * 0.8
