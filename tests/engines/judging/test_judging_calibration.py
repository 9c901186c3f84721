"""A lenient panel on a weak track and a harsh panel on a strong one, tied by a few shared judges: the engine
recovers the judges' leniency and scale, and the panels' leniency does not decide the ranking."""

import numpy as np

from hardtech.engines.judging import parse, rank
from hardtech.engines.judging.baselines import raw_mean, z_mean
from hardtech.engines.judging.measures import order, spearman

LENIENT, HARSH, SHARED = 7.0, 4.0, 5.5


def two_panels(seed: int = 1) -> tuple[dict, dict[str, float], dict[str, tuple[float, float]]]:
    rng = np.random.default_rng(seed)
    quality = {f"A{i}": -0.5 + rng.normal(0, 0.8) for i in range(40)}
    quality |= {f"B{i}": 0.5 + rng.normal(0, 0.8) for i in range(40)}
    judges = {f"L{k}": (LENIENT, 1.0) for k in range(4)}
    judges |= {f"H{k}": (HARSH, 1.0) for k in range(4)}
    judges |= {f"S{k}": (SHARED, 1.5) for k in range(3)}
    scores = []
    for n, (e, q) in enumerate(quality.items()):
        panel = [f"{'L' if e[0] == 'A' else 'H'}{k}" for k in range(4)] + [f"S{n % 3}", f"S{(n + 1) % 3}"]
        for j in panel:
            a, b = judges[j]
            s = int(np.clip(np.rint(a + b * q + rng.normal(0, 0.4)), 1, 10))
            scores.append([j, e, "overall", s])
    data = {
        "awards": 8,
        "criteria": [{"id": "overall", "name": "综合", "weight": 1.0}],
        "entries": [{"id": e, "track": e[0]} for e in quality],
        "judges": [
            {"id": j, "tracks": ["A", "B"] if j[0] == "S" else ["A" if j[0] == "L" else "B"]} for j in judges
        ],
        "scores": scores,
    }
    return data, quality, judges


def test_leniency_and_scale_are_recovered():
    data, _, judges = two_panels()
    result = rank(parse(data))
    est = {j["id"]: j for j in result.to_json()["judges"]}
    lenient = np.mean([est[f"L{k}"]["leniency"] for k in range(4)])
    harsh = np.mean([est[f"H{k}"]["leniency"] for k in range(4)])
    assert abs((lenient - harsh) - (LENIENT - HARSH)) < 0.4
    panel_scale = np.mean([est[j]["scale"] for j in judges if j[0] != "S"])
    shared_scale = np.mean([est[j]["scale"] for j in judges if j[0] == "S"])
    assert abs(shared_scale / panel_scale - 1.5) < 0.2
    assert all(0.2 < j["consistency"] < 0.8 and not j["erratic"] for j in est.values())


def test_lenient_panel_does_not_decide_the_ranking():
    data, quality, _ = two_panels()
    inst = parse(data)
    engine = spearman(rank(inst).ranking, quality)
    assert engine > 0.97
    # the raw mean puts the weak, leniently judged track first; z-scores erase the tracks' real difference
    assert spearman(order(inst.entries, raw_mean(inst)), quality) < 0.8
    assert spearman(order(inst.entries, z_mean(inst)), quality) < engine - 0.05
    top = rank(inst).ranking[:8]
    assert sum(e.startswith("B") for e in top) >= 6
