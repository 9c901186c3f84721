"""Tables: distinct within a slot, within 1…T, a participant keeps its table across consecutive meetings where
it can; every answer (tables included) passes check.py's rules."""

import random

from hardtech.engines.schedule import generate, parse_instance, schedule
from hardtech.engines.schedule.verify import check


def test_a_participant_stays_at_its_table(helpers):
    # P1 meets P2, P3, P4 in S1, S2, S3 (each of the others has only that slot): P1 never changes table.
    data = helpers.event(
        [["P1", "P2", 0.9], ["P1", "P3", 0.8], ["P1", "P4", 0.7], ["P5", "P6", 0.6], ["P7", "P8", 0.5]],
        slots=3,
        tables=3,
        available={"P2": ["S1"], "P3": ["S2"], "P4": ["S3"], "P5": ["S1"], "P6": ["S1"]},
    )
    plan = schedule(parse_instance(data))
    rows = plan.to_json(detail=True)["tables"]
    p1 = [t for a, b, s, t in rows if "P1" in (a, b)]
    assert len(p1) == 3 and len(set(p1)) == 1
    assert plan.table_changes == 0


def test_tables_are_consistent_on_a_generated_event():
    inst = parse_instance(generate.instance(200, 900, 10, 40, seed=3))
    plan = schedule(inst)
    detail = plan.to_json(detail=True)
    c = check(inst, detail["meetings"], detail["tables"])
    assert c.violations == []
    for s in {s for _, _, s, _ in detail["tables"]}:
        used = [t for _, _, slot, t in detail["tables"] if slot == s]
        assert len(used) == len(set(used)) and all(1 <= t <= inst.tables for t in used)
    # Most back-to-back meetings keep their table (a random table per slot would keep about 1 in 40).
    changes = plan.table_changes
    pairs = sum(max(0, n - 1) for n in _counts(detail["meetings"]).values())
    assert changes < 0.6 * pairs


def test_random_events_pass_every_rule(helpers):
    rng = random.Random(7)
    for _ in range(5):
        data = helpers.random_event(rng, n=12, m=30, slots=4, tables=rng.randint(1, 5))
        inst = parse_instance(data)
        detail = schedule(inst).to_json(detail=True)
        assert check(inst, detail["meetings"], detail["tables"]).violations == []


def _counts(triples):
    out = {}
    for a, b, _ in triples:
        out[a] = out.get(a, 0) + 1
        out[b] = out.get(b, 0) + 1
    return out
