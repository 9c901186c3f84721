"""The flow network behind an assignment, solved by OR-Tools' min-cost flow (cost scaling) and max flow.

Nodes: applications, experts, a sink. Each application supplies the reviews it still needs (K minus its kept
pairs); each allowed pair is an arc of capacity 1 costing SCALE − round(affinity × SCALE); each expert drains into
the sink through an arc bounded by its remaining load. An expert's minimum load is a lower bound on that arc,
turned into node supplies (the expert must pass `lo` units on, the sink expects `lo` fewer from elsewhere).

Exactness: costs are integers, so the flow is optimal for affinities rounded to 6 decimals — exactly optimal when
affinities have at most 6 decimals (the shared instances have 4); otherwise the total is within
0.5·10⁻⁶ per assigned pair of the true optimum. Every application carries the same number of units, so the
constant SCALE per unit does not change which flow is cheapest, and costs stay non-negative.
"""

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from .conflicts import allowed_mask, conflict_reason
from .errors import InstanceError
from .model import Instance

SCALE = 1_000_000


@dataclass
class Network:
    """The instance after conflicts and kept pairs: what is left to choose."""

    instance: Instance
    pair_app: np.ndarray  # allowed pairs not kept
    pair_expert: np.ndarray
    pair_score: np.ndarray
    demand: np.ndarray  # per application: K minus kept pairs
    allowed: np.ndarray  # per application: allowed experts, kept ones included
    lo: np.ndarray  # per expert: load still required (min_load minus kept)
    hi: np.ndarray  # per expert: load still available (max_load minus kept)
    kept_score: float = 0.0  # total affinity of the kept pairs

    @property
    def apps(self) -> int:
        return len(self.demand)

    @property
    def experts(self) -> int:
        return len(self.hi)

    def costs(self) -> np.ndarray:
        return SCALE - np.rint(self.pair_score * SCALE).astype(np.int64)


def build(instance: Instance, min_load: int = 0) -> Network:
    """Filter conflicts, take out kept pairs (InstanceError when one is not an allowed pair), set load bounds.
    `min_load` applies to every expert, capped by each expert's max_load; an expert's own min_load wins if larger."""
    mask = allowed_mask(instance)
    kept = set(instance.keep)
    listed = _listed(instance, mask) if kept else {}
    for a, e in instance.keep:
        app, expert = instance.applications[a], instance.experts[e]
        if (a, e) not in listed:
            raise InstanceError(f"保留的评审对 [{app.id}, {expert.id}] 不在 affinity 中")
        if not listed[(a, e)][0]:
            reason = conflict_reason(app, expert, (a, e) in instance.declared)
            raise InstanceError(f"保留的评审对 [{app.id}, {expert.id}] 存在利益冲突：{reason}")
    n, m = len(instance.applications), len(instance.experts)
    kept_app = np.bincount([a for a, _ in kept], minlength=n).astype(np.int64)
    kept_expert = np.bincount([e for _, e in kept], minlength=m).astype(np.int64)
    max_load = np.array([x.max_load for x in instance.experts], dtype=np.int64)
    own_min = np.array([x.min_load for x in instance.experts], dtype=np.int64)
    too_many = np.flatnonzero(kept_app > instance.k)
    if len(too_many):
        a = too_many[0]
        raise InstanceError(
            f"申报项目 {instance.applications[a].id} 保留了 {kept_app[a]} 位专家，超过每项 {instance.k} 位"
        )
    overloaded = np.flatnonzero(kept_expert > max_load)
    if len(overloaded):
        e = overloaded[0]
        raise InstanceError(
            f"专家 {instance.experts[e].id} 保留了 {kept_expert[e]} 个评审，超过其最大评审数 {max_load[e]}"
        )
    free = mask.copy()
    if kept:
        keys = instance.pair_app.astype(np.int64) * max(m, 1) + instance.pair_expert
        free &= ~np.isin(keys, [a * m + e for a, e in kept])
    lo = np.maximum(own_min, np.minimum(min_load, max_load)) - kept_expert
    return Network(
        instance=instance,
        pair_app=instance.pair_app[free],
        pair_expert=instance.pair_expert[free],
        pair_score=instance.pair_score[free],
        demand=instance.k - kept_app,
        allowed=np.bincount(instance.pair_app[mask], minlength=n).astype(np.int64),
        lo=np.maximum(lo, 0),
        hi=max_load - kept_expert,
        kept_score=sum(listed[p][1] for p in kept),
    )


def _listed(instance: Instance, mask: np.ndarray) -> dict[tuple[int, int], tuple[bool, float]]:
    """Every listed pair: whether it is allowed, and its affinity."""
    pairs = zip(instance.pair_app.tolist(), instance.pair_expert.tolist(), strict=True)
    return dict(zip(pairs, zip(mask.tolist(), instance.pair_score.tolist(), strict=True), strict=True))


def solve_min_cost(
    net: Network, scale: int = 1, pair_cap: int = 1, costs: np.ndarray | None = None
) -> np.ndarray | None:
    """Units of flow on each free pair (0…pair_cap) in a cheapest flow where every amount is multiplied by
    `scale` (so pair_cap / scale is a fractional cap on each pair), or None when no flow covers every demand.
    `costs` (non-negative integers per free pair) replaces the affinity costs, e.g. with per-application weights."""
    n, m = net.apps, net.experts
    sink = n + m
    smcf = min_cost_flow.SimpleMinCostFlow()
    pairs = smcf.add_arcs_with_capacity_and_unit_cost(
        net.pair_app.astype(np.int32),
        (net.pair_expert + n).astype(np.int32),
        np.full(len(net.pair_app), pair_cap, dtype=np.int64),
        net.costs() if costs is None else costs,
    )
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.arange(n, n + m, dtype=np.int32),
        np.full(m, sink, dtype=np.int32),
        ((net.hi - net.lo) * scale).astype(np.int64),
        np.zeros(m, dtype=np.int64),
    )
    supplies = np.concatenate([net.demand, -net.lo, [net.lo.sum() - net.demand.sum()]]) * scale
    smcf.set_nodes_supplies(np.arange(n + m + 1, dtype=np.int32), supplies.astype(np.int64))
    status = smcf.solve()
    if status == smcf.INFEASIBLE:
        return None
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return smcf.flows(pairs)


def max_coverage(net: Network, wanted: np.ndarray) -> tuple[int, np.ndarray]:
    """Maximum number of reviews when application a may take at most wanted[a], and the applications on the
    source side of the minimal minimum cut (those that jointly cannot get what they want)."""
    n, m = net.apps, net.experts
    source, sink = n + m, n + m + 1
    smf = max_flow.SimpleMaxFlow()
    smf.add_arcs_with_capacity(
        np.full(n, source, dtype=np.int32), np.arange(n, dtype=np.int32), wanted.astype(np.int64)
    )
    smf.add_arcs_with_capacity(
        net.pair_app.astype(np.int32),
        (net.pair_expert + n).astype(np.int32),
        np.ones(len(net.pair_app), dtype=np.int64),
    )
    smf.add_arcs_with_capacity(
        np.arange(n, n + m, dtype=np.int32), np.full(m, sink, dtype=np.int32), net.hi.astype(np.int64)
    )
    if smf.solve(source, sink) != smf.OPTIMAL:
        raise RuntimeError("max flow failed")
    side = np.asarray(smf.get_source_side_min_cut())
    return smf.optimal_flow(), np.sort(side[side < n])
