"""Pairwise comparisons from the finals folded into the score-based estimate (Bradley–Terry with judge reliability).

Judge j prefers entry w to entry l with probability  σ(β_j · (q_w − q_l)) : β_j is the judge's reliability
(0 = a coin toss; large = always follows quality), estimated from the data as Crowd-BT does, so a careless
judge's preferences count less. Its prior is proportional to how clearly the judge's scores separate entries
(scale / consistency, from the score model): a judge who scores consistently also compares reliably. The score model's estimates enter as a
Gaussian prior (mean q̂_e, variance κ·se_e²); the posterior mode is found by Newton's method, alternating with
the judges' reliabilities.
"""

from dataclasses import dataclass

import numpy as np

from .instance import Instance


@dataclass(frozen=True)
class PairOptions:
    # κ: how much wider than its standard error the score estimate is taken; 1 with calibrated errors (rank.py),
    # the analytic ones needed 2 (they were too small)
    prior_inflation: float = 1.0
    reliability_prior_sd: float = 2.0  # shrinkage of each β_j towards its prior
    rounds: int = 20


@dataclass(frozen=True)
class Refined:
    quality: np.ndarray
    quality_se: np.ndarray
    reliability: np.ndarray  # per judge β_j (nan for judges without comparisons)
    agreement: (
        np.ndarray
    )  # per judge: share of their preferences that agree with the final ranking (nan if none)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(x / 2))


def _beta(d: np.ndarray, prior: float, prior_sd: float, start: float) -> float:
    """The MAP β ≥ 0 of Σ log σ(β·d) with a N(prior, prior_sd²) prior, by Newton's method."""
    beta = start
    for _ in range(30):
        p = _sigmoid(beta * d)
        grad = np.sum(d * (1 - p)) - (beta - prior) / prior_sd**2
        hess = -np.sum(d * d * p * (1 - p)) - 1 / prior_sd**2
        step = grad / hess
        beta = max(beta - step, 0.0)
        if abs(step) < 1e-9:
            break
    return beta


def refine(
    inst: Instance,
    quality: np.ndarray,
    se: np.ndarray,
    signal: np.ndarray | None = None,
    options: PairOptions | None = None,
) -> Refined:
    """`signal`: per judge, how clearly their scores separate entries (scale / consistency); a judge's
    reliability in the finals is expected in proportion to it, and fitted around that."""
    options = options or PairOptions()
    n_j = len(inst.judges)
    reliability = np.full(n_j, np.nan)
    agreement = np.full(n_j, np.nan)
    if not len(inst.pair_judge):
        return Refined(quality, se, reliability, agreement)
    involved = np.unique(np.concatenate([inst.pair_winner, inst.pair_loser]))
    pos = np.full(len(inst.entries), -1)
    pos[involved] = np.arange(len(involved))
    w, lo, jj = pos[inst.pair_winner], pos[inst.pair_loser], inst.pair_judge
    q0 = quality[involved]
    precision = 1 / (options.prior_inflation * np.maximum(se[involved], 1e-6) ** 2)
    q = q0.copy()
    judges = np.unique(jj)
    signal = np.ones(n_j) if signal is None else signal / np.median(signal[judges])
    common = _beta((q[w] - q[lo]) * signal[jj], 1.0, 1e6, 1.0)
    beta = common * signal
    n = len(involved)
    for _ in range(options.rounds):
        # entries: Newton steps on the log posterior
        for _ in range(10):
            bj = beta[jj]
            p = _sigmoid(bj * (q[w] - q[lo]))
            g = bj * (1 - p)
            grad = np.bincount(w, g, minlength=n) - np.bincount(lo, g, minlength=n) - precision * (q - q0)
            c = bj * bj * p * (1 - p)
            hess = np.zeros((n, n))
            np.add.at(hess, (w, w), -c)
            np.add.at(hess, (lo, lo), -c)
            np.add.at(hess, (w, lo), c)
            np.add.at(hess, (lo, w), c)
            hess[np.diag_indices(n)] -= precision
            step = np.linalg.solve(hess, grad)
            q = q - step
            if np.max(np.abs(step)) < 1e-9:
                break
        # judges: each reliability towards the panel's
        d = q[w] - q[lo]
        common = _beta(d * signal[jj], 1.0, 1e6, common)
        new = beta.copy()
        for j in judges:
            new[j] = _beta(d[jj == j], common * signal[j], options.reliability_prior_sd, beta[j])
        change = np.max(np.abs(new - beta))
        beta = new
        if change < 1e-6:
            break
    out_q, out_se = quality.copy(), se.copy()
    out_q[involved] = q
    out_se[involved] = np.sqrt(np.diag(np.linalg.inv(-hess)))
    d = q[w] - q[lo]
    reliability[judges] = beta[judges]
    agreement[judges] = [float(np.mean(d[jj == j] > 0)) for j in judges]
    return Refined(out_q, out_se, reliability, agreement)
