"""Fairness option: raise the weakest application's total affinity, giving up at most a stated share of the optimum.

A local search from the optimal assignment (a heuristic: max-min with exactly K experts per item is NP-hard in
general). While the loss stays within budget, the weakest application either takes a better expert who has spare
load (dropping its worst one), or swaps one of its experts with another application's better one, when both end
above its old total. Loads, kept pairs and conflicts hold by construction; the weakest total never falls.
"""

from collections import defaultdict

import numpy as np

from .network import Network
from .result import Assignment, pair_scores

Change = tuple[int, int, int]  # (application, expert out, expert in)
Move = tuple[float, float, list[Change]]  # (lowest total it leaves among those it touches, loss, changes)

EPS = 1e-12


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


def raise_weakest(net: Network, result: Assignment, loss: float, max_moves: int | None = None) -> Assignment:
    """The assignment after the search; its notes say how far the weakest total rose and what it cost."""
    search = _Search(net, result)
    budget, spent = loss * result.total, 0.0
    for _ in range(max_moves if max_moves is not None else 20 * len(search.total)):
        weakest = min(range(len(search.total)), key=lambda x: (search.total[x], x), default=None)
        move = None if weakest is None else search.best_move(weakest, budget - spent)
        if move is None:
            break
        spent += move[1]
        search.apply(move[2])
    pairs = sorted((a, e) for a, experts in search.experts_of.items() for e in experts)
    fair = Assignment(net.instance, pairs, sum(search.score[p] for p in pairs), list(result.notes))
    share = 100 * spent / result.total if result.total else 0.0
    fair.notes.append(
        f"公平性：最弱申报项目的总匹配度由 {min(result.per_application(), default=0):.4f} 提高到 "
        f"{min(search.total, default=0):.4f}，总匹配度损失 {spent:.4f}（{share:.3f}%，上限 {100 * loss:.3f}%）"
    )
    return fair
