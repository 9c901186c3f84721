"""A ceiling for the bench, not a ranking method: what a ranking could reach if the judges' parameters were known.

Given the true qualities, each judge's leniency, scale and noise are fitted against them (the criterion-weighted
mean of the judge's scores of an entry against its true quality; entries the judge put at the top of the scale
on every criterion are read as censored), and each finals judge's sharpness against the true differences. With
those parameters the entries' posterior is computed as the engine's model reads the data (each entry's quality on
a grid, with its track's true mean and spread as the prior; the finals folded in by Newton's method on the
Bradley–Terry posterior). The truth enters only through the parameters, never the entries' own estimates, so
the oracle measures how much the judges' noise leaves to find, not how well the parameters can be estimated.
"""

import math
from collections.abc import Mapping

import numpy as np

from .instance import SCALE, Instance
from .pairwise import _beta

_GRID = 1201


def _judges(inst: Instance, t: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per (judge, entry) pair: judge, entry, weighted mean score, censored; per judge: leniency, scale, noise."""
    n_e, n_j = len(inst.entries), len(inst.judges)
    w = inst.weights[inst.criterion]
    pairs, group = np.unique(inst.judge * n_e + inst.entry, return_inverse=True)
    mean = np.bincount(group, w * inst.score) / np.bincount(group, w)
    censored = np.bincount(group, w * (inst.score < SCALE[1])) == 0
    jj, ee = pairs // n_e, pairs % n_e
    a, b, noise = np.full(n_j, float(np.mean(mean))), np.zeros(n_j), np.ones(n_j)
    for j in np.unique(jj):
        mine = (jj == j) & ~censored
        if mine.sum() < 3:
            continue
        b[j], a[j] = np.polyfit(t[ee[mine]], mean[mine], 1)
        noise[j] = max(float(np.std(mean[mine] - a[j] - b[j] * t[ee[mine]])), 0.1)
    return jj, ee, mean, censored, a, b, noise


def oracle(inst: Instance, truth: Mapping[str, float]) -> np.ndarray:
    """Per entry, the posterior mean quality (on the truth's scale) given judges' parameters fitted to the truth."""
    t = np.array([truth[e] for e in inst.entries])
    jj, ee, mean, censored, a, b, noise = _judges(inst, t)
    grid = np.linspace(t.min() - 2 * t.std(), t.max() + 2 * t.std(), _GRID)
    tracks = np.array(inst.tracks)
    logp = np.zeros((len(t), _GRID))
    for track in np.unique(tracks):
        mine = tracks == track
        logp[mine] = -0.5 * (grid - t[mine].mean()) ** 2 / max(float(t[mine].var()), 1e-6)
    loc = a[jj, None] + b[jj, None] * grid  # pairs × grid
    z = (mean[:, None] - loc) / noise[jj, None]
    term = -0.5 * z**2
    if censored.any():  # every criterion at the top: the latent mean is at least the top's lower edge
        edge = (loc[censored] - (SCALE[1] - 0.5)) / noise[jj[censored], None]
        tail = np.vectorize(lambda x: 0.5 * math.erfc(-x / math.sqrt(2)))(edge)
        term[censored] = np.log(np.maximum(tail, 1e-300))
    np.add.at(logp, ee, term)
    post = np.exp(logp - logp.max(axis=1, keepdims=True))
    post /= post.sum(axis=1, keepdims=True)
    q = post @ grid
    var = post @ grid**2 - q**2
    if not len(inst.pair_judge):
        return q
    involved = np.unique(np.concatenate([inst.pair_winner, inst.pair_loser]))
    pos = np.full(len(t), -1)
    pos[involved] = np.arange(len(involved))
    win, lose, judge = pos[inst.pair_winner], pos[inst.pair_loser], inst.pair_judge
    d = t[inst.pair_winner] - t[inst.pair_loser]
    sharp = np.zeros(len(inst.judges))
    for j in np.unique(judge):
        sharp[j] = _beta(d[judge == j], 1.0, 1e6, 1.0)
    q0, precision, n = q[involved], 1 / np.maximum(var[involved], 1e-9), len(involved)
    x, beta = q0.copy(), sharp[judge]
    for _ in range(50):
        p = 1 / (1 + np.exp(-beta * (x[win] - x[lose])))
        g = beta * (1 - p)
        grad = np.bincount(win, g, minlength=n) - np.bincount(lose, g, minlength=n) - precision * (x - q0)
        c = beta * beta * p * (1 - p)
        hess = np.zeros((n, n))
        np.add.at(hess, (win, win), -c)
        np.add.at(hess, (lose, lose), -c)
        np.add.at(hess, (win, lose), c)
        np.add.at(hess, (lose, win), c)
        hess[np.diag_indices(n)] -= precision
        step = np.linalg.solve(hess, grad)
        x -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    q[involved] = x
    return q
