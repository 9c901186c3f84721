"""The reported standard errors are calibrated: on generated competitions with known truth, about 68% of the true
qualities lie within ±1 SE of the estimate and about 95% within ±2 SE (the analytic errors alone, which treat the
judges' fitted parameters as known, covered about 58% and 89%)."""

import numpy as np

from hardtech.engines.judging import parse, rank
from hardtech.engines.judging.generate import Spec, competition
from hardtech.engines.judging.measures import coverage


def test_about_68_and_95_percent_of_true_qualities_lie_within_one_and_two_se():
    within = []
    for seed in (0, 3, 6):
        data, truth = competition(Spec(entries=120, judges=25, per_entry=7, awards=10, seed=seed))
        inst = parse(data)
        r = rank(inst).refined
        within.append(coverage(inst.entries, r.quality, r.quality_se, truth))
    one, two = np.mean(within, axis=0)
    assert 0.60 <= one <= 0.76
    assert 0.91 <= two <= 0.99


def test_the_errors_are_deterministic():
    data, _ = competition(Spec(entries=60, judges=12, per_entry=5, awards=5, seed=1))
    assert rank(parse(data)).to_json() == rank(parse(data)).to_json()
