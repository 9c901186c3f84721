"""assign(instance, options): the optimal assignment, or an Infeasible answer naming what cannot be covered."""

from dataclasses import dataclass

import numpy as np

from .fairness import raise_weakest
from .model import Instance
from .network import Network, build, max_coverage, solve_min_cost
from .randomized import DENOMINATOR, cap_units, dependent_rounding, fractional
from .result import Assignment, Infeasible, Uncovered


@dataclass(frozen=True)
class Options:
    min_load: int = 0  # every expert reviews at least this many (capped by their max_load)
    pair_cap: float | None = None  # randomised: no pair is chosen with probability above this
    seed: int = 0  # the randomised assignment's seed (same seed, same answer)
    fairness_loss: float | None = None  # raise the weakest application's total, giving up at most this share


def assign(instance: Instance, options: Options = Options()) -> Assignment | Infeasible:
    net = build(instance, options.min_load)
    if options.pair_cap is not None:
        return _randomized(net, options.pair_cap, options.seed)
    flows = solve_min_cost(net)
    if flows is None:
        return diagnose(net)
    result = to_assignment(net, flows > 0)
    if options.fairness_loss is not None:
        result = raise_weakest(net, result, options.fairness_loss)
    return result


def _randomized(net: Network, pair_cap: float, seed: int) -> Assignment | Infeasible:
    found = fractional(net, pair_cap)
    if found is None:
        return diagnose(net) if solve_min_cost(net) is None else _cap_too_low(net, pair_cap)
    units, scale = found
    result = to_assignment(net, dependent_rounding(net, units, scale, seed))
    expected = float((units * net.pair_score).sum() / scale) + net.kept_score
    result.notes.append(f"每个评审对的概率不超过 {pair_cap}；期望总匹配度 {expected:.4f}（随机种子 {seed}）")
    return result


def _cap_too_low(net: Network, pair_cap: float) -> Infeasible:
    """Coverable without the cap but not with it: name the applications whose candidates times the cap fall short."""
    apps, k = net.instance.applications, net.instance.k
    short = np.flatnonzero(
        np.bincount(net.pair_app, minlength=net.apps) * cap_units(pair_cap) < net.demand * DENOMINATOR
    )
    detail = "；".join(
        f"{apps[a].id} 有 {net.allowed[a]} 位候选专家，乘以上限后不足 {k} 位" for a in short[:20]
    )
    reason = f"无法完成分配：每个评审对的概率上限 {pair_cap} 过低，{detail or '专家负荷在此上限下不足以覆盖全部申报项目'}。请提高上限"
    return Infeasible([Uncovered(apps[a].id, int(net.allowed[a]), k) for a in short], reason)


def to_assignment(net: Network, chosen: np.ndarray) -> Assignment:
    pairs = set(net.instance.keep)
    pairs.update(zip(net.pair_app[chosen].tolist(), net.pair_expert[chosen].tolist(), strict=True))
    return Assignment(net.instance, sorted(pairs), float(net.pair_score[chosen].sum()) + net.kept_score)


def diagnose(net: Network) -> Infeasible:
    """Which applications cannot be covered and why: too few allowed experts, then shared capacity (the minimal
    minimum cut of a max flow), then experts' minimum loads."""
    instance, k = net.instance, net.instance.k
    apps = instance.applications
    free = np.bincount(net.pair_app, minlength=net.apps)
    too_few = np.flatnonzero(free < net.demand)
    wanted = np.minimum(net.demand, free)
    flow, group = max_coverage(net, wanted)
    shortfall = int(wanted.sum()) - flow
    parts = []
    if len(too_few):
        parts.append(
            f"{len(too_few)} 个申报项目的无利益冲突候选专家不足 {k} 位："
            + "；".join(f"{apps[a].id} 仅 {net.allowed[a]} 位" for a in too_few[:20])
            + ("等" if len(too_few) > 20 else "")
            + "。需为其补充候选专家（增加匹配对或核减利益冲突）"
        )
    if shortfall > 0:
        need = int(wanted[group].sum())
        parts.append(
            f"专家负荷不足：{_names(instance, group)}共 {len(group)} 个申报项目还需 {need} 人次评审，"
            f"其候选专家剩余可承担的评审合计只有 {need - shortfall} 人次，缺 {shortfall} 人次。"
            f"需提高这些专家的最大评审数或为这些项目增加候选专家，合计至少 {shortfall} 人次"
        )
    uncovered_apps = sorted(set(too_few.tolist()) | (set(group.tolist()) if shortfall > 0 else set()))
    if not parts:
        parts.append(_min_load_reason(net))
    return Infeasible(
        [Uncovered(apps[a].id, int(net.allowed[a]), k) for a in uncovered_apps],
        "无法完成分配：" + "；".join(parts),
    )


def _names(instance: Instance, apps: np.ndarray, limit: int = 20) -> str:
    names = "、".join(instance.applications[a].id for a in apps[:limit])
    return names + ("等" if len(apps) > limit else "")


def _min_load_reason(net: Network) -> str:
    instance = net.instance
    reachable = np.bincount(net.pair_expert, minlength=net.experts)
    short = np.flatnonzero(reachable < net.lo)
    if len(short):
        return "专家最低评审数无法满足：" + "；".join(
            f"专家 {instance.experts[e].id} 至少需评审 {net.lo[e]} 项，但只有 {reachable[e]} 个无冲突的候选项目"
            for e in short[:20]
        )
    required, offered = int(net.lo.sum()), int(net.demand.sum())
    if required > offered:
        return f"专家最低评审数合计 {required} 人次，超过全部评审需求 {offered} 人次"
    return f"专家最低评审数（合计 {required} 人次）与每个项目恰好 {instance.k} 位专家的要求无法同时满足"
