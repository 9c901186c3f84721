"""Randomised assignment with a cap q on every pair's probability (anti-collusion: nobody can count on reviewing
a chosen application, as in NeurIPS-style randomised assignment).

1. The fractional optimum with each pair capped at q: the min-cost flow with every amount multiplied by D = 1000
   and pair capacity ⌊q·D⌋ — the network matrix is totally unimodular, so this integer flow divided by D is an
   exact optimum of the LP (with q rounded down to thousandths).
2. Dependent rounding (Gandhi, Khuller, Parthasarathy, Srinivasan 2006) on the fractional pairs: repeatedly take a
   cycle or maximal path of fractional pairs and shift alternately by +α/−α or −β/+β, with the probabilities that
   keep every pair's expectation. Each application keeps exactly K; each expert ends at the floor or ceiling of
   its fractional load (so within its min and max); each pair is chosen with probability exactly x ≤ q.
   Integer arithmetic and a seeded generator: the same seed gives the same assignment.
"""

import random
from collections import defaultdict

import numpy as np

from .network import Network, solve_min_cost

DENOMINATOR = 1000


def cap_units(pair_cap: float) -> int:
    """The cap in thousandths, rounded down so that no pair's probability exceeds it."""
    return int(pair_cap * DENOMINATOR + 1e-9)


def fractional(net: Network, pair_cap: float) -> tuple[np.ndarray, int] | None:
    """Units of D on each free pair in the capped fractional optimum, and D; None when the cap leaves no cover."""
    cap = cap_units(pair_cap)
    if cap < 1:
        return None
    flows = solve_min_cost(net, scale=DENOMINATOR, pair_cap=cap)
    return None if flows is None else (flows.astype(np.int64), DENOMINATOR)


def dependent_rounding(net: Network, units: np.ndarray, scale: int, seed: int) -> np.ndarray:
    """A 0/1 choice per free pair whose expectation is units/scale, keeping every node's sum at floor/ceil."""
    rng = random.Random(seed)
    f = units.copy()
    tail = net.pair_app.tolist()
    head = (net.pair_expert + net.apps).tolist()
    adjacent: dict[int, set[int]] = defaultdict(set)
    for i in np.flatnonzero((f > 0) & (f < scale)).tolist():
        adjacent[tail[i]].add(i)
        adjacent[head[i]].add(i)

    def walk(start: int) -> tuple[list[int], int]:
        """Follow fractional pairs from start until a node repeats (the cycle's pairs) or a dead end."""
        seen, edges, node, came = {start: 0}, [], start, -1
        while True:
            step = next((i for i in adjacent[node] if i != came), None)
            if step is None:
                return edges, node
            node = head[step] if node == tail[step] else tail[step]
            edges.append(step)
            if node in seen:
                return edges[seen[node] :], -1
            seen[node], came = len(edges), step

    while adjacent:
        edges, end = walk(next(iter(adjacent)))
        if end >= 0:  # a path: walk again from its dead end, which gives a maximal path or a cycle
            edges, _ = walk(end)
        plus, minus = edges[0::2], edges[1::2]
        alpha = min([scale - f[i] for i in plus] + [f[i] for i in minus])
        beta = min([f[i] for i in plus] + [scale - f[i] for i in minus])
        step = alpha if rng.randrange(alpha + beta) < beta else -beta
        for i in plus:
            f[i] += step
        for i in minus:
            f[i] -= step
        for i in edges:
            if f[i] in (0, scale):
                for node in (tail[i], head[i]):
                    adjacent[node].discard(i)
                    if not adjacent[node]:
                        del adjacent[node]
    return f == scale
