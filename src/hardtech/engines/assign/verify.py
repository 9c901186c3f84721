"""Check an answer against its instance with check.py's rules (FORMAT.md): coverage, loads, listed pairs, no
conflict of interest, no duplicate. Used by the benchmark and the tests on every answer they produce."""

from collections import Counter
from dataclasses import dataclass

from .conflicts import conflict_reason
from .model import Instance
from .result import pair_scores


@dataclass
class Check:
    violations: list[str]
    conflicts: int
    load_violations: int
    total: float


def check(instance: Instance, pairs: list[tuple[int, int]]) -> Check:
    score = pair_scores(instance)
    violations: list[str] = []
    if len(pairs) != len(set(pairs)):
        violations.append("duplicate pairs")
    conflicts = 0
    for a, e in set(pairs):
        app, expert = instance.applications[a], instance.experts[e]
        if (a, e) not in score:
            violations.append(f"unlisted pair {app.id} {expert.id}")
        if conflict_reason(app, expert, (a, e) in instance.declared):
            conflicts += 1
            violations.append(f"conflict of interest {app.id} {expert.id}")
    per_app = Counter(a for a, _ in set(pairs))
    violations += [
        f"{app.id} has {per_app[a]} experts, needs {instance.k}"
        for a, app in enumerate(instance.applications)
        if per_app[a] != instance.k
    ]
    load = Counter(e for _, e in set(pairs))
    over = [
        f"{expert.id} has {load[e]} applications, allowed {expert.min_load}–{expert.max_load}"
        for e, expert in enumerate(instance.experts)
        if not expert.min_load <= load[e] <= expert.max_load
    ]
    return Check(violations + over, conflicts, len(over), sum(score.get(p, 0.0) for p in set(pairs)))
