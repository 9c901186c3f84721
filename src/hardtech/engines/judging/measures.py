"""How a ranking is judged against the true qualities, exactly as ../shared/judging/check.py measures it."""

from collections.abc import Mapping, Sequence

import numpy as np


def order(ids: Sequence[str], values: np.ndarray) -> list[str]:
    """Best first; ties keep the instance's order (a stable, deterministic sort)."""
    return [ids[i] for i in np.argsort(-np.nan_to_num(values, nan=-np.inf), kind="stable")]


def spearman(ranking: Sequence[str], truth: Mapping[str, float]) -> float:
    true_order = sorted(truth, key=lambda e: -truth[e])
    a = {e: i for i, e in enumerate(ranking)}
    t = {e: i for i, e in enumerate(true_order)}
    n = len(t)
    return 1 - 6 * sum((a[e] - t[e]) ** 2 for e in t) / (n * (n * n - 1))


def winners_share(ranking: Sequence[str], truth: Mapping[str, float], awards: int) -> float:
    """Share of the true top `awards` entries found in the ranking's top `awards` (check.py's precision)."""
    true_order = sorted(truth, key=lambda e: -truth[e])
    return len(set(ranking[:awards]) & set(true_order[:awards])) / awards if awards else 1.0


def coverage(
    entries: list[str], quality: np.ndarray, se: np.ndarray, truth: dict[str, float]
) -> tuple[float, float]:
    """Shares of entries whose true quality lies within ±1 and ±2 reported standard errors of the estimate, once
    the truth is mapped onto the estimate's scale (the model fixes quality only up to a linear map) by least
    squares."""
    t = np.array([truth[e] for e in entries])
    design = np.c_[np.ones_like(t), t]
    z = np.abs(quality - design @ np.linalg.lstsq(design, quality, rcond=None)[0]) / se
    return float(np.mean(z <= 1)), float(np.mean(z <= 2))
