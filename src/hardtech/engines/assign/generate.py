"""Generated instances for the benchmark: applications with a candidate list each (as the matching engine's top
experts would be), affinities from topic vectors, and every kind of conflict of interest in small proportions."""

import numpy as np


def instance(n_apps: int, n_experts: int, candidates: int = 50, k: int = 3, seed: int = 0) -> dict:
    """An instance dict (FORMAT.md). Loads are 4–8 (mean 6), so with K = 3 and 6 experts per 10 applications
    capacity exceeds demand by a fifth: feasible, but popular experts fill up."""
    rng = np.random.default_rng(seed)
    candidates = min(candidates, n_experts)
    orgs = max(10, n_experts // 30)
    topics = 16
    app_vec = _unit(rng.normal(size=(n_apps, topics)))
    expert_vec = _unit(rng.normal(size=(n_experts, topics)))
    people = n_experts + 3 * n_apps  # experts are P0…P(m-1); the rest only sit on teams
    apps = []
    for i in range(n_apps):
        team = rng.integers(n_experts, people, size=rng.integers(1, 5)).tolist()
        if rng.random() < 0.05:  # an expert on the team
            team.append(int(rng.integers(n_experts)))
        apps.append({"id": f"A{i}", "org": f"O{rng.integers(orgs)}", "team": [f"P{p}" for p in team]})
    experts = [
        {
            "id": f"E{j}",
            "person": f"P{j}",
            "org": f"O{rng.integers(orgs)}",
            "max_load": int(rng.integers(4, 9)),
            "collaborators": [f"P{p}" for p in rng.integers(0, people, size=rng.integers(0, 6)).tolist()],
        }
        for j in range(n_experts)
    ]
    affinity = []
    declared = []
    for i in range(n_apps):
        chosen = np.sort(rng.choice(n_experts, size=candidates, replace=False))
        scores = np.round(0.5 + 0.5 * (expert_vec[chosen] @ app_vec[i]), 4)
        app = f"A{i}"
        affinity += [[app, f"E{j}", s] for j, s in zip(chosen.tolist(), scores.tolist(), strict=True)]
        if rng.random() < 0.1:
            declared.append([app, f"E{int(rng.choice(chosen))}"])
    return {
        "reviewers_per_application": k,
        "applications": apps,
        "experts": experts,
        "affinity": affinity,
        "declared_conflicts": declared,
    }


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=1, keepdims=True)
