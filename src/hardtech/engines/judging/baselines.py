"""The two plain rankings the engine must beat (FORMAT.md): the weighted mean of raw scores, and the weighted
mean of scores standardised per judge (z-scores)."""

import numpy as np

from .instance import Instance


def weighted_mean(inst: Instance, values: np.ndarray) -> np.ndarray:
    """Per entry, the criterion-weighted mean of `values` (one per score row); entries without scores get nan."""
    w = inst.weights[inst.criterion]
    total = np.bincount(inst.entry, w * values, minlength=len(inst.entries))
    norm = np.bincount(inst.entry, w, minlength=len(inst.entries))
    with np.errstate(invalid="ignore", divide="ignore"):
        return total / norm


def raw_mean(inst: Instance) -> np.ndarray:
    return weighted_mean(inst, inst.score)


def z_scores(inst: Instance) -> np.ndarray:
    """Each score standardised by its judge's mean and standard deviation over all the judge's scores."""
    n = np.bincount(inst.judge, minlength=len(inst.judges)).astype(float)
    mean = np.bincount(inst.judge, inst.score, minlength=len(inst.judges)) / np.maximum(n, 1)
    var = np.bincount(inst.judge, inst.score**2, minlength=len(inst.judges)) / np.maximum(n, 1) - mean**2
    sd = np.sqrt(np.maximum(var, 1e-9))
    return (inst.score - mean[inst.judge]) / sd[inst.judge]


def z_mean(inst: Instance) -> np.ndarray:
    return weighted_mean(inst, z_scores(inst))
