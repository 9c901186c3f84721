"""The finals' pairwise comparisons are folded in: they improve the award winners found, and a judge who
prefers at random in the finals is found unreliable and counts less."""

import numpy as np

from hardtech.engines.judging import parse, rank
from hardtech.engines.judging.generate import Spec, competition
from hardtech.engines.judging.measures import order, winners_share
from hardtech.engines.judging.model import fit


def test_pairs_find_more_winners():
    found = []
    for seed in range(30, 42):
        data, truth = competition(Spec(entries=150, judges=30, per_entry=5, awards=12, seed=seed))
        inst = parse(data)
        scores_only = order(inst.entries, fit(inst).quality)
        found.append(
            (
                winners_share(scores_only, truth, inst.awards),
                winners_share(rank(inst).ranking, truth, inst.awards),
            )
        )
    before, after = np.mean(found, axis=0)
    assert after > before + 0.01


def test_random_finals_judge_is_unreliable():
    data, _ = competition(Spec(entries=150, judges=30, per_entry=5, awards=12, erratic=0.0, seed=7))
    panel = sorted({p[0] for p in data["pairwise"]})
    rng = np.random.default_rng(1)
    for p in data["pairwise"]:
        if p[0] == panel[0]:
            p[3] = p[1 + int(rng.integers(0, 2))]
    judges = {j["id"]: j for j in rank(parse(data)).to_json()["judges"]}
    reliability = {j: judges[j]["pairwise_reliability"] for j in panel}
    others = [reliability[j] for j in panel[1:]]
    assert reliability[panel[0]] < 0.5 * np.median(others)
    assert all("pairwise_reliability" not in judges[j] for j in judges if j not in panel)
