"""Synthetic competitions with known truth, built like the shared instances: tracks of different strength, judges
with their own leniency, scale and noise (a few erratic), most judging only their own tracks, 1–10 integer scores
with a few blanks, and finalists compared in pairs by a panel of judges of varying reliability."""

from dataclasses import dataclass

import numpy as np

from .instance import SCALE

TRACKS = ["电子信息", "生物医药", "先进制造", "新材料", "新能源", "航空航天"]
CRITERIA = [
    ("innovation", "技术创新性", 0.35),
    ("market", "市场前景", 0.25),
    ("team", "团队能力", 0.2),
    ("business", "商业模式与财务", 0.2),
]


@dataclass(frozen=True)
class Spec:
    entries: int = 200
    judges: int = 40
    per_entry: int = 5  # judges scoring each entry
    awards: int = 15
    track_spread: float = 0.8  # standard deviation of the tracks' mean quality
    erratic: float = 0.08  # share of judges whose scores are mostly noise
    leniency_sd: float = 1.0
    blanks: float = 0.02  # chance a judge leaves a criterion blank
    finals_panel: int = 15
    seed: int = 0


def competition(spec: Spec) -> tuple[dict, dict[str, float]]:
    """An instance in FORMAT.md's shape and the entries' true quality."""
    rng = np.random.default_rng(spec.seed)
    n_t = len(TRACKS)
    weights = np.array([w for _, _, w in CRITERIA])
    track_of = rng.integers(0, n_t, spec.entries)
    strength = rng.normal(0, spec.track_spread, n_t)
    base = strength[track_of] + rng.normal(0, 1, spec.entries)
    values = base[:, None] + rng.normal(0, 0.5, (spec.entries, len(CRITERIA)))
    truth = values @ weights
    # judges: a third cover every track, a third two, a third one
    kind = rng.integers(0, 3, spec.judges)
    covers = [
        list(range(n_t)) if k == 0 else sorted(rng.choice(n_t, 2 if k == 1 else 1, replace=False).tolist())
        for k in kind
    ]
    leniency = rng.normal(5.5, spec.leniency_sd, spec.judges)
    scale = rng.uniform(0.8, 2.2, spec.judges)
    noise = rng.uniform(0.5, 1.3, spec.judges)
    erratic = rng.random(spec.judges) < spec.erratic
    noise[erratic] = rng.uniform(2.5, 4.0, erratic.sum())
    load = np.zeros(spec.judges)
    scores = []
    lo, hi = SCALE
    for e in range(spec.entries):
        able = [j for j in range(spec.judges) if track_of[e] in covers[j]]
        able.sort(key=lambda j: (load[j], rng.random()))
        for j in able[: spec.per_entry]:
            load[j] += 1
            for c, (cid, _, _) in enumerate(CRITERIA):
                if rng.random() < spec.blanks:
                    continue
                raw = leniency[j] + scale[j] * values[e, c] + rng.normal(0, noise[j])
                scores.append([f"J{j + 1}", f"E{e + 1}", cid, int(np.clip(np.rint(raw), lo, hi))])
    # finals: the raw-mean top 2·awards, compared in random pairs by a panel
    sums = {}
    for _, e, c, s in scores:
        w = dict((cid, w) for cid, _, w in CRITERIA)[c]
        t, n = sums.get(e, (0.0, 0.0))
        sums[e] = (t + w * s, n + w)
    finalists = sorted(sums, key=lambda e: -sums[e][0] / sums[e][1])[: 2 * spec.awards]
    pairwise = []
    panel = rng.choice(spec.judges, min(spec.finals_panel, spec.judges), replace=False)
    for j in panel:
        # a judge who scores consistently also compares reliably (as in the shared instances): Thurstone's
        # P = Φ(b·Δ / (√2·σ)), in logistic form
        sharp = 1.7 * scale[j] / (np.sqrt(2) * noise[j])
        for _ in range(len(finalists)):
            x, y = rng.choice(len(finalists), 2, replace=False)
            ex, ey = finalists[x], finalists[y]
            d = truth[int(ex[1:]) - 1] - truth[int(ey[1:]) - 1]
            win = ex if rng.random() < 1 / (1 + np.exp(-sharp * d)) else ey
            pairwise.append([f"J{j + 1}", ex, ey, win])
    instance = {
        "awards": spec.awards,
        "criteria": [{"id": i, "name": n, "weight": w} for i, n, w in CRITERIA],
        "entries": [{"id": f"E{e + 1}", "track": TRACKS[track_of[e]]} for e in range(spec.entries)],
        "judges": [{"id": f"J{j + 1}", "tracks": [TRACKS[t] for t in covers[j]]} for j in range(spec.judges)],
        "scores": scores,
        "pairwise": pairwise,
    }
    return instance, {f"E{e + 1}": float(round(truth[e], 4)) for e in range(spec.entries)}
