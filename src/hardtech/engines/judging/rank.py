"""The whole ranking: the judge model on the scores, the finals' comparisons folded in, the chair's flags."""

from dataclasses import dataclass

import numpy as np

from .instance import Instance
from .measures import order
from .model import Fit, Options, calibrated_se, fit
from .pairwise import PairOptions, Refined, refine

OUTLIER_Z = 3.0  # a score this many of its judge's σ away from the fit is shown to the chair
ERRATIC_RATIO = 2.5  # a judge whose scale/consistency is this many times below the panel's median is erratic


@dataclass(frozen=True)
class Ranking:
    instance: Instance
    fit: Fit
    refined: Refined
    ranking: list[str]

    def to_json(self) -> dict:
        """FORMAT.md's answer (`ranking`), plus the estimates, the judges' parameters and the flags."""
        inst, f, r = self.instance, self.fit, self.refined
        rank = {e: i + 1 for i, e in enumerate(self.ranking)}
        signal = f.scale / f.sigma
        typical = float(np.median(signal))
        outliers = np.flatnonzero(np.abs(f.residual) >= OUTLIER_Z)
        outliers = outliers[np.argsort(-np.abs(f.residual[outliers]), kind="stable")]
        return {
            "ranking": self.ranking,
            "entries": [
                {
                    "id": e,
                    "rank": rank[e],
                    "quality": round(float(r.quality[i]), 4),
                    "se": round(float(r.quality_se[i]), 4),
                    "score_quality": round(float(f.quality[i]), 4),
                }
                for i, e in sorted(enumerate(inst.entries), key=lambda x: rank[x[1]])
            ],
            "judges": [
                {
                    "id": j,
                    "leniency": round(float(f.leniency[i]), 3),
                    "scale": round(float(f.scale[i]), 3),
                    "consistency": round(float(f.sigma[i]), 3),
                    "erratic": bool(signal[i] * ERRATIC_RATIO <= typical),
                    **(
                        {
                            "pairwise_reliability": round(float(r.reliability[i]), 3),
                            "pairwise_agreement": round(float(r.agreement[i]), 3),
                        }
                        if np.isfinite(r.reliability[i])
                        else {}
                    ),
                }
                for i, j in enumerate(inst.judges)
            ],
            "outliers": [
                {
                    "judge": inst.judges[inst.judge[k]],
                    "entry": inst.entries[inst.entry[k]],
                    "criterion": inst.criteria[inst.criterion[k]],
                    "score": int(inst.score[k]),
                    "expected": round(float(f.expected[k]), 2),
                    "z": round(float(f.residual[k]), 2),
                }
                for k in outliers
            ],
        }


def rank(inst: Instance, options: Options | None = None, pair_options: PairOptions | None = None) -> Ranking:
    f = fit(inst, options)
    # the score estimates enter the finals with their calibrated errors, taken at face value
    r = refine(inst, f.quality, calibrated_se(inst, f, options), f.scale / f.sigma, pair_options)
    return Ranking(inst, f, r, order(inst.entries, r.quality))
