"""Helpers for the schedule engine's tests (as fixtures): small instances, a brute-force optimum."""

import itertools
import random

import pytest

from hardtech.engines.schedule import parse_instance


def event(requests, *, slots=3, tables=10, available=None, max_meetings=None, orgs=None):
    """An instance dict: participants named in `requests` ([a, b, weight]), all slots S1…Sn unless
    `available` says otherwise, a maximum of `slots` meetings unless `max_meetings` says otherwise."""
    ids = list(dict.fromkeys(p for a, b, _ in requests for p in (a, b)))
    slot_ids = [f"S{i + 1}" for i in range(slots)]
    available, max_meetings, orgs = available or {}, max_meetings or {}, orgs or {}
    return {
        "tables": tables,
        "slots": [{"id": s, "session": "上午"} for s in slot_ids],
        "participants": [
            {
                "id": p,
                "org": orgs.get(p, f"O-{p}"),
                "side": "供给方",
                "available": available.get(p, slot_ids),
                "max_meetings": max_meetings.get(p, slots),
            }
            for p in ids
        ],
        "requests": [{"a": a, "b": b, "weight": w} for a, b, w in requests],
    }


def random_event(rng: random.Random, n: int, m: int, slots: int, tables: int) -> dict:
    pairs = rng.sample([(a, b) for a in range(n) for b in range(a + 1, n)], m)
    ids = [f"S{i + 1}" for i in range(slots)]
    data = event(
        [[f"P{a}", f"P{b}", round(rng.uniform(0.1, 1.0), 3)] for a, b in pairs], slots=slots, tables=tables
    )
    for p in data["participants"]:
        lo = rng.randrange(slots)
        p["available"] = ids[lo:] if rng.random() < 0.4 else ids
        p["max_meetings"] = rng.randint(1, slots)
    return data


def brute_force(data: dict) -> float:
    """The best total weight over every way to put each request in a shared slot or nowhere."""
    inst = parse_instance(data)
    S = inst.n_slots
    best = 0.0
    choices = [[-1, *slots] for slots in inst.common_slots]
    for combo in itertools.product(*choices):
        busy, load, count, total, ok = set(), [0] * S, {}, 0.0, True
        for r, s in enumerate(combo):
            if s < 0:
                continue
            req = inst.requests[r]
            for p in (req.a, req.b):
                if (p, s) in busy:
                    ok = False
                busy.add((p, s))
                count[p] = count.get(p, 0) + 1
                if count[p] > inst.participants[p].max_meetings:
                    ok = False
            load[s] += 1
            if load[s] > inst.tables:
                ok = False
            if not ok:
                break
            total += req.weight
        if ok:
            best = max(best, total)
    return best


@pytest.fixture
def helpers():
    class H:
        pass

    h = H()
    h.event, h.random_event, h.brute_force = event, random_event, brute_force
    return h
