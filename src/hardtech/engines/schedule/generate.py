"""Generated matchmaking events for the benchmark, shaped like the shared instances: two sides (供给方 /
需求方), two sessions, most participants there all day, some only one session or part of the day, maxima of
3 up to the number of slots, requests only across sides and organisations, popular participants asked more often,
weights 0.3–1.0 with three decimals."""

import numpy as np


def instance(n_participants: int, n_requests: int, n_slots: int, tables: int, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    slots = [
        {"id": f"S{i + 1:02d}", "session": "上午" if i < n_slots // 2 else "下午"} for i in range(n_slots)
    ]
    ids = [s["id"] for s in slots]
    half = n_slots // 2
    orgs = max(4, n_participants // 4)
    participants = []
    for i in range(n_participants):
        u = rng.random()
        if u < 0.58:
            avail = ids
        elif u < 0.73:
            avail = ids[:half]
        elif u < 0.88:
            avail = ids[half:]
        else:
            lo = int(rng.integers(0, n_slots - 1))
            hi = int(rng.integers(lo + 2, n_slots + 1))
            avail = ids[lo:hi]
        most = int(min(n_slots, max(2, round(rng.gamma(4.0, 1.6)))))
        participants.append(
            {
                "id": f"P{i + 1}",
                "org": f"O{int(rng.integers(orgs)) + 1}",
                "side": "供给方" if i % 2 else "需求方",
                "available": list(avail),
                "max_meetings": most,
            }
        )
    supply = np.arange(1, n_participants, 2)
    demand = np.arange(0, n_participants, 2)
    pop_s = rng.pareto(2.5, len(supply)) + 1
    pop_d = rng.pareto(2.5, len(demand)) + 1
    pop_s, pop_d = pop_s / pop_s.sum(), pop_d / pop_d.sum()
    seen: set[tuple[int, int]] = set()
    requests = []
    while len(requests) < n_requests:
        k = 2 * (n_requests - len(requests))
        xs = rng.choice(supply, size=k, p=pop_s)
        ys = rng.choice(demand, size=k, p=pop_d)
        ws = np.round(rng.uniform(0.3, 1.0, size=k), 3)
        for x, y, wt in zip(xs.tolist(), ys.tolist(), ws.tolist(), strict=True):
            if len(requests) >= n_requests:
                break
            if (x, y) in seen or participants[x]["org"] == participants[y]["org"]:
                continue
            seen.add((x, y))
            a, b = (x, y) if rng.random() < 0.5 else (y, x)
            requests.append({"a": participants[a]["id"], "b": participants[b]["id"], "weight": wt})
    return {"tables": tables, "slots": slots, "participants": participants, "requests": requests}
