"""Helpers for the assignment engine's tests: small instances, a brute-force optimum, the shared instances."""

import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hardtech.engines.assign import parse_instance
from hardtech.engines.assign.conflicts import allowed_mask
from hardtech.paths import shared_dir


def instance(
    affinity: list[list[Any]],
    *,
    k: int = 1,
    apps: list[dict] | None = None,
    experts: list[dict] | None = None,
    **extra: Any,
) -> dict:
    """An instance dict: applications and experts default to those named in `affinity`, load 1, no org."""
    app_ids = list(dict.fromkeys(a for a, _, _ in affinity))
    expert_ids = list(dict.fromkeys(e for _, e, _ in affinity))
    return {
        "reviewers_per_application": k,
        "applications": apps if apps is not None else [{"id": a} for a in app_ids],
        "experts": experts if experts is not None else [{"id": e, "max_load": 1} for e in expert_ids],
        "affinity": affinity,
        **extra,
    }


def random_instance(rng: random.Random, n_apps: int, n_experts: int, k: int) -> dict:
    """A small random instance with orgs, teams, collaborators and a declared conflict."""
    apps = [
        {"id": f"A{i}", "org": f"O{rng.randrange(3)}", "team": [f"P{rng.randrange(12)}"]}
        for i in range(n_apps)
    ]
    experts = [
        {
            "id": f"E{j}",
            "person": f"P{rng.randrange(12)}",
            "org": f"O{rng.randrange(4)}",
            "max_load": rng.randint(0, 3),
            "collaborators": [f"P{rng.randrange(12)}"],
        }
        for j in range(n_experts)
    ]
    affinity = [
        [a["id"], e["id"], round(rng.random(), 4)] for a in apps for e in experts if rng.random() < 0.8
    ]
    declared = [affinity[rng.randrange(len(affinity))][:2]] if affinity else []
    return instance(affinity, k=k, apps=apps, experts=experts, declared_conflicts=declared)


def every_assignment(data: dict) -> Iterator[list[list[tuple[int, float]]]]:
    """Every choice of K allowed experts per application within max loads: per application, (expert, affinity)."""
    inst = parse_instance(data)
    mask = allowed_mask(inst)
    options: list[list[tuple[int, float]]] = [[] for _ in inst.applications]
    for a, e, s, ok in zip(inst.pair_app, inst.pair_expert, inst.pair_score, mask, strict=True):
        if ok:
            options[a].append((int(e), float(s)))
    capacity = [x.max_load for x in inst.experts]
    chosen: list[list[tuple[int, float]]] = []

    def search(a: int) -> Iterator[list[list[tuple[int, float]]]]:
        if a == len(options):
            yield [list(c) for c in chosen]
            return
        for pick in itertools.combinations(options[a], inst.k):
            if all(capacity[e] > 0 for e, _ in pick):
                for e, _ in pick:
                    capacity[e] -= 1
                chosen.append(list(pick))
                yield from search(a + 1)
                chosen.pop()
                for e, _ in pick:
                    capacity[e] += 1

    yield from search(0)


def brute_force(data: dict) -> float | None:
    """The best total affinity by trying every choice of K allowed experts per application (None: infeasible)."""
    return max((sum(s for pick in x for _, s in pick) for x in every_assignment(data)), default=None)


def shared_instances() -> list[Path]:
    """The shared assignment instances (/work/shared/assign, found through hardtech.paths.shared_dir)."""
    shared = shared_dir()
    folder = shared / "assign" if shared else None
    if not folder or not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if not p.name.endswith(".optimum.json"))


def optimum_of(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".optimum.json").read_text(encoding="utf-8"))
