"""The judge model fitted to the rubric scores.

Every score is read as  s = a_j + b_j · v_ec + noise_j  — judge j's leniency a_j (the score they give an average
entry), scale b_j (how much of the scale they use per unit of quality) and consistency σ_j (the noise's standard
deviation), and entry e's value v_ec on criterion c. An entry's quality is the weighted sum of its criterion
values. Entries and judges are fitted in turn (alternating weighted least squares): judges' scores are weighted
by 1/σ_j², so an erratic judge counts less; single scores far from the fit get Huber weights, so one wild score
cannot move an entry; each judge's consistency is measured against the values the other judges give (leaving
the judge out), so a judge cannot look consistent by agreeing with itself; the values carry a weak prior (ridge), so an entry seen by few judges stays near the mean.
Each judge's leniency and scale carry a prior too, around the panel's (empirical Bayes: the panel's median and
robust spread): where the data fix them it is negligible (a judge has dozens of scores), but a track tied to the
others by only a few scores of shared judges no longer gets whatever level and spread those few scores imply —
its own judges are taken to be as lenient as the panel, give or take the panel's spread.
Tracks are tied together by the judges they share: a judge who scores two tracks measures both on one scale.
The values are normalised to mean 0 and standard deviation 1 (the model is otherwise only defined up to a linear
map), and scores at the ends of the scale are read as censored (a 10 means "10 or more").
"""

import math
from dataclasses import dataclass, replace

import numpy as np

from .baselines import z_scores
from .instance import SCALE, Instance


@dataclass(frozen=True)
class Options:
    iterations: int = 60
    huber: float = 2.0  # residuals beyond this many σ_j get weight huber/|r|
    prior: float = 0.3  # ridge on the criterion values (in units of their variance)
    sigma_prior_rows: float = 8.0  # σ_j is shrunk towards the pooled σ as if by this many rows
    censored: bool = True  # read 1s and 10s as "this or beyond"
    loo: bool = True  # σ_j against the other judges' values (off: against values including the judge's own)
    judge_prior: bool = True  # each judge's leniency and scale drawn from the panel's (off: free)


@dataclass(frozen=True)
class Fit:
    values: np.ndarray  # entries × criteria
    values_var: np.ndarray  # entries × criteria, posterior variance
    quality: np.ndarray  # per entry
    quality_se: np.ndarray  # per entry: from the scores' noise and the judges' estimated parameters
    leniency: np.ndarray  # per judge: a_j
    scale: np.ndarray  # per judge: b_j
    sigma: np.ndarray  # per judge: σ_j
    expected: np.ndarray  # per score row: a_j + b_j v_ec
    residual: np.ndarray  # per score row, standardised: (s - expected) / σ_j
    weight: np.ndarray  # per score row, the Huber weight


_SQRT2 = math.sqrt(2.0)
_ROUNDING = 1 / math.sqrt(12)  # integer scores: no judge is more precise than the rounding to whole points
_erfc = np.frompyfunc(math.erfc, 1, 1)


def _tail_mean(alpha: np.ndarray) -> np.ndarray:
    """E[z | z > alpha] for a standard normal z (the inverse Mills ratio), stable far in the tail."""
    tail = _erfc(alpha / _SQRT2).astype(float) / 2
    dens = np.exp(-(alpha**2) / 2) / math.sqrt(2 * math.pi)
    return np.where(tail > 1e-12, dens / np.maximum(tail, 1e-300), alpha + 1 / np.maximum(alpha, 1e-9))


def _latent(score: np.ndarray, mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """The expected latent score given the observed one, when the ends of the scale are censored."""
    lo, hi = SCALE
    out = score.copy()
    top, bottom = score >= hi, score <= lo
    out[top] = mean[top] + sd[top] * _tail_mean((hi - 0.5 - mean[top]) / sd[top])
    out[top] = np.maximum(out[top], score[top])
    out[bottom] = mean[bottom] - sd[bottom] * _tail_mean((mean[bottom] - lo - 0.5) / sd[bottom])
    out[bottom] = np.minimum(out[bottom], score[bottom])
    return out


def _initial_values(inst: Instance, n_cells: int, cell: np.ndarray) -> np.ndarray:
    """Per-judge z-scores averaged per (entry, criterion): a start the judges' fit can correct."""
    z = z_scores(inst)
    count = np.bincount(cell, minlength=n_cells)
    return np.bincount(cell, z, minlength=n_cells) / np.maximum(count, 1)


@dataclass(frozen=True)
class _Values:
    """One entry step: the criterion values and what made them (for leaving one judge out afterwards)."""

    v: np.ndarray  # per cell, normalised
    num: np.ndarray  # per cell, before normalisation: Σ ω b (y − a)
    den: np.ndarray  # per cell: Σ ω b² + prior
    contribution: np.ndarray  # per score row: its terms in num and den
    information: np.ndarray
    mu: float
    sd: float

    def leave_out(self, cell: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per score row, the normalised value of its cell without that row's judge, and its variance."""
        den = self.den[cell] - self.information
        return ((self.num[cell] - self.contribution) / den - self.mu) / self.sd, 1 / den / self.sd**2


def _values(
    cell: np.ndarray,
    n_cells: int,
    y: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    omega: np.ndarray,
    prior: float,
) -> _Values:
    """Each criterion value from the judges who scored it, on their scales, weighted by ω = h/σ²; normalised
    to mean 0 and standard deviation 1 over the scored cells (the model's identifiability constraint)."""
    contribution, information = omega * b * (y - a), omega * b**2
    num = np.bincount(cell, contribution, minlength=n_cells)
    den = np.bincount(cell, information, minlength=n_cells) + prior
    raw = num / den
    scored = np.bincount(cell, minlength=n_cells) > 0
    mu, sd = float(raw[scored].mean()), float(raw[scored].std()) or 1.0
    return _Values(np.where(scored, (raw - mu) / sd, 0.0), num, den, contribution, information, mu, sd)


def _regress(
    j: np.ndarray,
    n_j: int,
    h: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    prior: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, ...]:
    """Each judge's weighted regression y ≈ a + b·x; b stays positive (a judge never ranks backwards by
    design), and a judge with too few scores keeps b = 1 around the overall mean. `prior`: per parameter the
    panel's precision 1/τ² and mean, and per judge σ_j² (the prior counts as σ_j²/τ² rows). Also returns Σh."""
    sw = data_sw = np.bincount(j, h, minlength=n_j)
    sx = np.bincount(j, h * x, minlength=n_j)
    sy = np.bincount(j, h * y, minlength=n_j)
    sxx = np.bincount(j, h * x * x, minlength=n_j)
    sxy = np.bincount(j, h * x * y, minlength=n_j)
    if prior is not None:
        (pa, pb), (ma, mb), sigma2 = prior
        ka, kb = pa * sigma2, pb * sigma2
        sw, sy, sxx, sxy = sw + ka, sy + ka * ma, sxx + kb, sxy + kb * mb
    det = sw * sxx - sx**2
    ok = (sw > 2) & (det > 1e-9)
    b = np.where(ok, (sw * sxy - sx * sy) / np.where(ok, det, 1), 1.0)
    b = np.maximum(b, 0.05 * max(float(np.median(b[ok])) if ok.any() else 1.0, 1e-3))
    a = np.where(sw > 0, (sy - b * sx) / np.maximum(sw, 1e-9), float(np.mean(y)))
    return a, b, data_sw


def _judge_error(
    inst: Instance, values: _Values, x: np.ndarray, b: np.ndarray, h: np.ndarray, sigma: np.ndarray
) -> np.ndarray:
    """Per entry, the variance its quality inherits from the error in its judges' estimated leniency and scale.
    A judge's error moves every score it gave the entry the same way, so it adds up before it is squared."""
    j, e = inst.judge, inst.entry
    n_j = len(inst.judges)
    cell = e * len(inst.criteria) + inst.criterion
    # how much the quality moves per point of error in each score
    k = inst.weights[inst.criterion] * values.information / b[j] / values.den[cell] / values.sd
    sw = np.bincount(j, h, minlength=n_j)
    centre = np.bincount(j, h * x, minlength=n_j) / np.maximum(sw, 1e-9)
    dx = x - centre[j]
    var_a = sigma**2 / np.maximum(sw, 1e-9)
    var_b = sigma**2 / np.maximum(np.bincount(j, h * dx * dx, minlength=n_j), 1e-9)
    pairs, group = np.unique(j * len(inst.entries) + e, return_inverse=True)
    by_a = np.bincount(group, k, minlength=len(pairs))
    by_b = np.bincount(group, k * dx, minlength=len(pairs))
    judge_of = pairs // len(inst.entries)
    per_pair = by_a**2 * var_a[judge_of] + by_b**2 * var_b[judge_of]
    return np.bincount(pairs % len(inst.entries), per_pair, minlength=len(inst.entries))


def fit(inst: Instance, options: Options | None = None) -> Fit:
    options = options or Options()
    n_e, n_c, n_j = len(inst.entries), len(inst.criteria), len(inst.judges)
    cell = inst.entry * n_c + inst.criterion
    n_cells = n_e * n_c
    j, s = inst.judge, inst.score
    v = _initial_values(inst, n_cells, cell)
    h, y = np.ones_like(s), s.copy()
    previous: _Values | None = None
    prior = None
    for it in range(options.iterations):
        a, b, sw = _regress(j, n_j, h, v[cell], y, prior)
        expected = a[j] + b[j] * v[cell]
        r = y - expected
        if previous is not None and options.loo:
            # σ_j against the values the other judges give (this judge's own scores left out): measured
            # against values it helped make, a judge looks more consistent than it is, gains weight, and the
            # fit drifts towards copying it
            v_loo, var_loo = previous.leave_out(cell)
            r_loo = y - a[j] - b[j] * v_loo
            rss = np.bincount(j, h * (r_loo**2 - b[j] ** 2 * var_loo), minlength=n_j)
            rss = np.maximum(rss, 0.05 * np.bincount(j, h * r * r, minlength=n_j))
            dof = sw
        else:
            rss = np.bincount(j, h * r * r, minlength=n_j)
            dof = np.maximum(sw - 2, 0)
        pooled = float(rss.sum() / max(dof.sum(), 1.0))
        k = options.sigma_prior_rows
        sigma = np.maximum(np.sqrt((rss + k * pooled) / (dof + k)), _ROUNDING)
        if options.judge_prior:
            # the panel's leniency and scale: median and robust spread (an erratic judge's wild fit does not
            # widen it)
            spread = [max(1.4826 * float(np.median(np.abs(p - np.median(p)))), 1e-3) ** 2 for p in (a, b)]
            prior = (1 / np.array(spread), (float(np.median(a)), float(np.median(b))), sigma**2)
        # robust weights and censored scores from the current fit
        z = np.abs(r) / sigma[j]
        h = np.where(z <= options.huber, 1.0, options.huber / np.maximum(z, 1e-12))
        if options.censored:
            y = _latent(s, expected, sigma[j])
        previous = _values(cell, n_cells, y, a[j], b[j], h / sigma[j] ** 2, options.prior)
        delta = float(np.max(np.abs(previous.v - v)))
        v = previous.v
        if delta < 1e-7 and it > 5:
            break
    assert previous is not None
    values = v.reshape(n_e, n_c)
    values_var = (1.0 / previous.den / previous.sd**2).reshape(n_e, n_c)
    expected = a[j] + b[j] * v[cell]
    return Fit(
        values=values,
        values_var=values_var,
        quality=values @ inst.weights,
        quality_se=np.sqrt(values_var @ inst.weights**2 + _judge_error(inst, previous, v[cell], b, h, sigma)),
        leniency=a,
        scale=b,
        sigma=sigma,
        expected=expected,
        residual=(y - expected) / sigma[j],
        weight=h,
    )


def calibrated_se(inst: Instance, f: Fit, options: Options | None = None, replicates: int = 20) -> np.ndarray:
    """Per entry, the larger of the analytic standard error and a parametric bootstrap's: scores redrawn from
    the fitted model (rounded and clipped to the scale, fixed seed) and refitted. The analytic error treats the
    judges' σ, the Huber weights and the censoring as known; redrawing carries their uncertainty too."""
    rng = np.random.default_rng(0)
    cell = inst.entry * len(inst.criteria) + inst.criterion
    mean = f.leniency[inst.judge] + f.scale[inst.judge] * f.values.ravel()[cell]
    lo, hi = SCALE
    draws = [
        fit(
            replace(inst, score=np.clip(np.rint(rng.normal(mean, f.sigma[inst.judge])), lo, hi)), options
        ).quality
        for _ in range(replicates)
    ]
    return np.maximum(f.quality_se, np.std(draws, axis=0, ddof=1))
