"""An erratic judge is flagged and counts less; a single wild score is shown to the chair."""

import numpy as np

from hardtech.engines.judging import parse, rank
from hardtech.engines.judging.generate import Spec, competition
from hardtech.engines.judging.measures import spearman


def test_erratic_judge_and_wild_score_are_flagged():
    data, truth = competition(Spec(entries=150, judges=30, per_entry=5, erratic=0.0, seed=21))
    rng = np.random.default_rng(0)
    for row in data["scores"]:
        if row[0] == "J1":
            row[3] = int(rng.integers(1, 11))  # J1 scores at random
    best = max(truth, key=truth.get)
    wild = next(r for r in data["scores"] if r[1] == best and r[0] != "J1" and r[2] == "innovation")
    wild[3] = 1
    answer = rank(parse(data)).to_json()
    judges = {j["id"]: j for j in answer["judges"]}
    assert judges["J1"]["erratic"]
    assert sum(j["erratic"] for j in judges.values()) == 1
    assert judges["J1"]["consistency"] > 2 * np.median([j["consistency"] for j in judges.values()])
    flagged = {(o["judge"], o["entry"], o["criterion"]): o for o in answer["outliers"]}
    assert (wild[0], best, "innovation") in flagged
    assert flagged[(wild[0], best, "innovation")]["expected"] > 6
    # one wild score does not sink the best entry, and the random judge does not spoil the ranking
    assert answer["ranking"].index(best) < 5
    assert spearman(answer["ranking"], truth) > 0.97
