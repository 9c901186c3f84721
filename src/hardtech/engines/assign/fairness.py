"""Fairness option: raise the weakest application's total affinity, keeping the total at least (1 − ε)·optimum.

Max-min with exactly K experts per item is NP-hard in general, so the answer is a good integer assignment
measured against an upper bound, not a proof of optimality:

1. Bound: each application's own best — its kept affinity plus its best allowed experts — and the lowest of
   these bounds every assignment's weakest total. When the rounding below does not reach it, the LP relaxation
   (HiGHS interior point through scipy) gives a tighter one: maximise the floor t with every application's
   total ≥ t, the total ≥ (1 − ε)·optimum, exactly K per application and every load within bounds. No integer
   assignment within the loss has a weakest total above it, so reaching the bound proves the floor optimal.
2. Lagrangian rounding: min-cost flows (OR-Tools) maximising Σ w_a·affinity, where the weight w_a of every
   application below the LP floor grows with its shortfall — weak applications outbid strong ones for the
   experts they share. Weights are halved back when the total falls below (1 − ε)·optimum; the best assignment
   within the loss (highest floor, then highest total) is kept. Every round is a flow, so each candidate has
   exactly K per application, no conflict and loads within bounds. Costs are rounded to 10⁻⁶·weight.
3. Polish, when the bound is not reached: a local search on the weakest application (a better expert with spare load, or a swap with another
   application that leaves both above its old total) while the loss stays within budget.

The answer's notes give the weakest total before and after, the LP bound and the loss of total.
"""

from collections import defaultdict

import numpy as np

from .network import SCALE, Network, solve_min_cost
from .result import Assignment, pair_scores

Change = tuple[int, int, int]  # (application, expert out, expert in)
Move = tuple[float, float, list[Change]]  # (lowest total it leaves among those it touches, loss, changes)

EPS = 1e-9
ROUNDS = 40


def raise_weakest(net: Network, result: Assignment, loss: float) -> Assignment:
    """The fairest assignment found whose total is at least (1 − loss)·result.total (result is the optimum)."""
    floor_total = (1 - loss) * result.total
    kept = _kept_per_application(net)
    before = min(result.per_application(), default=0.0)
    bound = own_best_bound(net, kept)
    best = _lagrangian(net, floor_total, kept, bound)
    if best is None or best[0] < bound - EPS:  # the cheap bound is not reached: the LP's is tighter
        lp = lp_floor(net, floor_total, kept)
        if lp is not None and lp < bound:
            bound = lp
            again = _lagrangian(net, floor_total, kept, bound)
            if again is not None and (best is None or again[:2] > best[:2]):
                best = again
    start = result if best is None else _assignment(net, best[2], result.notes)
    fair = start if best is not None and best[0] >= bound - EPS else _polish(net, start, floor_total)
    fair.floor_bound = bound
    after = min(fair.per_application(), default=0.0)
    spent = result.total - fair.total
    share = 100 * spent / result.total if result.total else 0.0
    proof = "，已达上界（最优）" if after >= bound - EPS else ""
    fair.notes.append(
        f"公平性：最弱申报项目的总匹配度由 {before:.4f} 提高到 {after:.4f}（上界 {bound:.4f}{proof}），"
        f"总匹配度损失 {spent:.4f}（{share:.3f}%，上限 {100 * loss:.3f}%）"
    )
    return fair


def own_best_bound(net: Network, kept: np.ndarray) -> float:
    """The lowest over applications of its kept affinity plus its best allowed free experts: no assignment's
    weakest total can exceed it (it ignores loads and the loss, so it is cheap but may be loose)."""
    if net.apps == 0:
        return 0.0
    order = np.lexsort((-net.pair_score, net.pair_app))
    apps = net.pair_app[order]
    first = np.searchsorted(apps, np.arange(net.apps))
    rank = np.arange(len(order)) - first[apps]
    top = order[rank < net.demand[apps]]
    return float(
        (kept + np.bincount(net.pair_app[top], weights=net.pair_score[top], minlength=net.apps)).min()
    )


def lp_floor(net: Network, floor_total: float, kept: np.ndarray) -> float | None:
    """The LP relaxation's highest floor on per-application totals with the total ≥ floor_total (HiGHS);
    an upper bound on the floor of any integer assignment within the loss. None if HiGHS gives no optimum."""
    from scipy.optimize import linprog
    from scipy.sparse import coo_array, vstack

    n, m, p = net.apps, net.experts, len(net.pair_app)
    if n == 0:
        return None
    cols, ones = np.arange(p), np.ones(p)
    per_app = coo_array((ones, (net.pair_app, cols)), shape=(n, p + 1))
    per_expert = coo_array((ones, (net.pair_expert, cols)), shape=(m, p + 1))
    # t − (application's free affinity) ≤ its kept affinity
    weakest = coo_array(
        (
            np.concatenate([-net.pair_score, np.ones(n)]),
            (np.concatenate([net.pair_app, np.arange(n)]), np.concatenate([cols, np.full(n, p)])),
        ),
        shape=(n, p + 1),
    )
    total = coo_array((-net.pair_score, (np.zeros(p, dtype=np.int64), cols)), shape=(1, p + 1))
    a_ub = vstack([per_expert, -per_expert, weakest, total]).tocsr()
    b_ub = np.concatenate([net.hi, -net.lo, kept, [net.kept_score - floor_total + EPS]])
    objective = np.zeros(p + 1)
    objective[p] = -1.0
    res = linprog(
        objective,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=per_app.tocsr(),
        b_eq=net.demand,
        bounds=[(0, 1)] * p + [(0, None)],
        method="highs-ipm",  # dual simplex takes 15× longer on this degenerate LP
    )
    return float(res.x[p]) if res.status == 0 else None


def _lagrangian(
    net: Network, floor_total: float, kept: np.ndarray, target: float
) -> tuple[float, float, np.ndarray] | None:
    """The best weighted flow within the loss (highest floor, then total): floor, total, chosen free pairs."""
    n, score = net.apps, net.pair_score
    weight, step = np.ones(n), 1.0
    best: tuple[float, float, np.ndarray] | None = None
    for _ in range(ROUNDS):
        w = weight[net.pair_app]
        flows = solve_min_cost(net, costs=np.rint((weight.max() - w * score) * SCALE).astype(np.int64))
        if flows is None:  # cannot happen: the optimum's network is feasible and only costs changed
            break
        chosen = flows > 0
        totals = kept + np.bincount(net.pair_app[chosen], weights=score[chosen], minlength=n)
        floor, total = float(totals.min()), float(totals.sum())
        if total >= floor_total - EPS:
            if best is None or (floor, total) > (best[0], best[1]):
                best = (floor, total, chosen)
            if floor >= target - EPS:
                break
            short = np.maximum(target - totals, 0.0)
            weight += step * short / short.max()
        else:  # the weak applications took too much: back off
            weight = 1 + (weight - 1) / 2
            step /= 2
    return best


def _kept_per_application(net: Network) -> np.ndarray:
    kept = np.zeros(net.apps)
    score = pair_scores(net.instance)
    for a, e in net.instance.keep:
        kept[a] += score[(a, e)]
    return kept


def _assignment(net: Network, chosen: np.ndarray, notes: list[str]) -> Assignment:
    pairs = set(net.instance.keep)
    pairs.update(zip(net.pair_app[chosen].tolist(), net.pair_expert[chosen].tolist(), strict=True))
    return Assignment(
        net.instance, sorted(pairs), float(net.pair_score[chosen].sum()) + net.kept_score, list(notes)
    )


class _Search:
    def __init__(self, net: Network, result: Assignment):
        instance = net.instance
        self.score = pair_scores(instance)
        self.kept = set(instance.keep)
        self.allowed: dict[int, set[int]] = defaultdict(
            set
        )  # free (allowed, not kept) experts per application
        for a, e in zip(net.pair_app.tolist(), net.pair_expert.tolist(), strict=True):
            self.allowed[a].add(e)
        self.experts_of: dict[int, set[int]] = defaultdict(set)
        self.apps_of: dict[int, set[int]] = defaultdict(set)
        for a, e in result.pairs:
            self.experts_of[a].add(e)
            self.apps_of[e].add(a)
        self.total = result.per_application()
        kept_load = np.bincount([e for _, e in instance.keep], minlength=net.experts)
        self.load_max = (net.hi + kept_load).tolist()
        self.load_min = (net.lo + kept_load).tolist()

    def best_move(self, a: int, budget: float) -> Move | None:
        s, old = self.score, self.total[a]
        mine = sorted(e for e in self.experts_of[a] if (a, e) not in self.kept)
        best: Move | None = None
        for into in sorted(self.allowed[a] - self.experts_of[a]):
            if len(self.apps_of[into]) < self.load_max[into]:
                for out in mine:
                    gain = s[(a, into)] - s[(a, out)]
                    if gain > EPS and len(self.apps_of[out]) > self.load_min[out]:
                        best = _better(best, (old + gain, -gain, [(a, out, into)]), budget)
            for b in sorted(self.apps_of[into] - {a}):
                if (b, into) in self.kept:
                    continue
                for out in mine:
                    if out in self.experts_of[b] or out not in self.allowed[b]:
                        continue
                    gain = s[(a, into)] - s[(a, out)]
                    new_b = self.total[b] - s[(b, into)] + s[(b, out)]
                    if gain > EPS and new_b > old + EPS:
                        loss = self.total[b] - new_b - gain
                        best = _better(
                            best, (min(old + gain, new_b), loss, [(a, out, into), (b, into, out)]), budget
                        )
        return best

    def apply(self, changes: list[Change]) -> None:
        for app, out, into in changes:
            self.experts_of[app].remove(out)
            self.experts_of[app].add(into)
            self.apps_of[out].discard(app)
            self.apps_of[into].add(app)
            self.total[app] += self.score[(app, into)] - self.score[(app, out)]


def _better(best: Move | None, candidate: Move, budget: float) -> Move | None:
    if candidate[1] > budget + EPS:
        return best
    if best is None or (candidate[0], -candidate[1]) > (best[0], -best[1]):
        return candidate
    return best


def _polish(net: Network, start: Assignment, floor_total: float) -> Assignment:
    """The local search from `start`, keeping the total at least floor_total; the weakest total never falls."""
    search = _Search(net, start)
    budget, spent = max(start.total - floor_total, 0.0), 0.0
    for _ in range(20 * len(search.total)):
        weakest = min(range(len(search.total)), key=lambda x: (search.total[x], x), default=None)
        move = None if weakest is None else search.best_move(weakest, budget - spent)
        if move is None:
            break
        spent += move[1]
        search.apply(move[2])
    pairs = sorted((a, e) for a, experts in search.experts_of.items() for e in experts)
    return Assignment(net.instance, pairs, sum(search.score[p] for p in pairs), list(start.notes))
