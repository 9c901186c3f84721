"""Calibrated ranking (评审排名): entries' quality and judges' leniency, scale and consistency estimated jointly
from rubric scores, the finals' pairwise comparisons folded in, outlying scores flagged for the chair.

    inst = load("instance.json")          # or parse(dict); FORMAT.md in ../shared/judging
    result = rank(inst)                   # Ranking: .ranking (best first), .fit, .refined
    result.to_json()                      # the answer: ranking, entries ± se, judges, outliers

Pure Python (numpy); nothing here imports Django.
"""

from .errors import InstanceError
from .instance import Instance, load, parse
from .rank import Ranking, rank

__all__ = ["Instance", "InstanceError", "Ranking", "load", "parse", "rank"]
