"""Re-planning on the day: a cancellation or a late arrival re-plans the rest with as few moved meetings as
possible; held meetings stay; a still-possible meeting is never dropped; what cannot be kept is said."""

import itertools
import json
import random

import pytest

from hardtech.engines.schedule import Changes, InstanceError, parse_instance, reschedule, schedule
from hardtech.engines.schedule.verify import check


def slots_of(plan):
    return {(a, b): s for a, b, s in plan.triples()}


def valid(inst, replan):
    detail = replan.plan.to_json(detail=True)
    return check(inst, detail["meetings"], detail["tables"]).violations == []


def test_late_arrival_takes_a_free_slot_one_move(helpers):
    data = helpers.event([["P1", "P2", 0.9], ["P3", "P4", 0.8]], slots=3, tables=2)
    inst = parse_instance(data)
    previous = [["P1", "P2", "S1"], ["P3", "P4", "S1"]]
    replan = reschedule(inst, previous, Changes(late={"P1": "S2"}))
    assert replan.moved == [("P1", "P2", "S1", "S2")]
    assert slots_of(replan.plan) == {("P1", "P2"): "S2", ("P3", "P4"): "S1"}
    assert replan.dropped == [] and valid(inst, replan)


def test_late_arrival_moves_one_blocking_meeting(helpers):
    # P1 can now only come in S2, where P2 meets P3; P2-P3 can go to S1, so: two moves, nothing dropped.
    data = helpers.event([["P1", "P2", 0.9], ["P2", "P3", 0.8]], slots=2, tables=2)
    inst = parse_instance(data)
    previous = [["P1", "P2", "S1"], ["P2", "P3", "S2"]]
    replan = reschedule(inst, previous, Changes(late={"P1": "S2"}))
    assert sorted(replan.moved) == [("P1", "P2", "S1", "S2"), ("P2", "P3", "S2", "S1")]
    assert replan.dropped == [] and valid(inst, replan)


def test_cancellation_frees_a_table_without_moving_anyone(helpers):
    data = helpers.event([["P1", "P2", 0.9], ["P3", "P4", 0.8], ["P5", "P6", 0.7]], slots=1, tables=2)
    inst = parse_instance(data)
    plan = schedule(inst)
    assert slots_of(plan).keys() == {("P1", "P2"), ("P3", "P4")}
    replan = reschedule(inst, plan, Changes(cancelled=[("P2", "P1")]))
    assert replan.cancelled == [("P1", "P2", "S1")]
    assert replan.moved == [] and replan.added == [("P5", "P6", "S1")]
    assert {(u.a, u.b): u.reason for u in replan.plan.unplaced} == {("P1", "P2"): "cancelled"}
    quiet = reschedule(inst, plan, Changes(cancelled=[("P1", "P2")], fill=False))
    assert quiet.added == [] and slots_of(quiet.plan) == {("P3", "P4"): "S1"}


def test_held_meetings_stay_and_past_slots_take_nothing(helpers):
    data = helpers.event([["P1", "P2", 0.9], ["P1", "P3", 0.8], ["P4", "P5", 0.7]], slots=3, tables=1)
    inst = parse_instance(data)
    previous = [["P1", "P2", "S1"], ["P1", "P3", "S2"]]
    replan = reschedule(inst, previous, Changes(now="S2", absent=["P1"]))
    assert slots_of(replan.plan) == {("P1", "P2"): "S1", ("P4", "P5"): "S2"}  # S1 happened; P4-P5 fills S2
    assert replan.dropped == [("P1", "P3", "S2", "P1 不再到场")]
    assert valid(inst, replan)


def test_a_meeting_that_cannot_be_kept_is_reported(helpers):
    data = helpers.event(
        [["P1", "P2", 0.9], ["P3", "P4", 0.8]], slots=2, tables=1, available={"P3": ["S2"], "P4": ["S2"]}
    )
    inst = parse_instance(data)
    previous = [["P1", "P2", "S1"], ["P3", "P4", "S2"]]
    replan = reschedule(inst, previous, Changes(late={"P1": "S2"}))
    # S2's only table is taken by P3-P4, who can come only then: P1-P2 (heavier) is dropped and said so;
    # P3-P4 stays — a confirmed meeting never leaves the schedule for another one.
    assert slots_of(replan.plan) == {("P3", "P4"): "S2"}
    assert [d[:3] for d in replan.dropped] == [("P1", "P2", "S1")]
    assert replan.dropped[0][3] == "今天余下的时段里无法保留：共同可用时段均已占用（S2：桌位已满）"


def test_unmoved_meetings_keep_their_tables(helpers):
    data = helpers.event([["P1", "P2", 0.9], ["P3", "P4", 0.8], ["P5", "P6", 0.7]], slots=2, tables=3)
    inst = parse_instance(data)
    previous = [["P1", "P2", "S1", 3], ["P3", "P4", "S1", 1], ["P5", "P6", "S1", 2]]
    replan = reschedule(inst, previous, Changes(late={"P5": "S2"}))
    tables = {(a, b): (s, t) for a, b, s, t in replan.plan.to_json(detail=True)["tables"]}
    assert tables[("P1", "P2")] == ("S1", 3) and tables[("P3", "P4")] == ("S1", 1)
    assert tables[("P5", "P6")][0] == "S2"


def test_bad_changes_are_refused(helpers):
    inst = parse_instance(helpers.event([["P1", "P2", 0.9]], slots=2))
    with pytest.raises(InstanceError, match="未知的参会方 'P9'"):
        reschedule(inst, [], Changes(late={"P9": "S2"}))
    with pytest.raises(InstanceError, match="未知的时段 'S7'"):
        reschedule(inst, [], Changes(now="S7"))
    with pytest.raises(InstanceError, match="之间没有洽谈请求"):
        reschedule(inst, [["P2", "P2", "S1"]], Changes())
    with pytest.raises(InstanceError, match="出现两次"):
        reschedule(inst, [["P1", "P2", "S1"], ["P2", "P1", "S2"]], Changes())


def fewest_moves(inst, previous, late, late_from):
    """Brute force: the fewest meetings whose slot changes so that every previous meeting is kept."""
    ids = [(a, b) for a, b, _ in previous]
    slots = [s.id for s in inst.slots]
    avail = {
        p.id: {inst.slots[s].id for s in range(inst.n_slots) if p.available >> s & 1}
        for p in inst.participants
    }
    avail[late] = {s for s in avail[late] if slots.index(s) >= slots.index(late_from)}
    best = None
    for combo in itertools.product(slots, repeat=len(ids)):
        seen, load, ok = set(), {}, True
        for (a, b), s in zip(ids, combo, strict=True):
            if s not in avail[a] or s not in avail[b] or (a, s) in seen or (b, s) in seen:
                ok = False
                break
            seen |= {(a, s), (b, s)}
            load[s] = load.get(s, 0) + 1
            if load[s] > inst.tables:
                ok = False
                break
        if ok:
            moves = sum(s != old for s, (_, _, old) in zip(combo, previous, strict=True))
            best = moves if best is None else min(best, moves)
    return best


@pytest.mark.parametrize("seed", range(15))
def test_moves_are_as_few_as_brute_force_finds(helpers, seed):
    rng = random.Random(seed)
    data = helpers.random_event(rng, n=7, m=9, slots=4, tables=rng.randint(2, 3))
    for p in data["participants"]:
        p["available"], p["max_meetings"] = ["S1", "S2", "S3", "S4"], 4
    inst = parse_instance(data)
    plan = schedule(inst)
    previous = plan.triples()
    late = previous[0][0]
    late_from = "S3" if previous[0][2] in ("S1", "S2") else "S1"
    best = fewest_moves(inst, previous, late, late_from)
    replan = reschedule(inst, previous, Changes(late={late: late_from}, fill=False))
    assert valid(inst, replan)
    if best is None:
        assert replan.dropped  # no way to keep them all: said so
    else:
        assert replan.dropped == []
        assert len(replan.moved) == best


def test_a_cancelled_meeting_in_a_past_slot_is_taken_out(helpers):
    data = helpers.event([["P1", "P2", 0.9], ["P3", "P4", 0.8]], slots=2, tables=2)
    inst = parse_instance(data)
    previous = [["P1", "P2", "S1"], ["P3", "P4", "S1"]]
    replan = reschedule(inst, previous, Changes(now="S2", cancelled=[("P3", "P4")], fill=False))
    assert replan.cancelled == [("P3", "P4", "S1")]
    assert slots_of(replan.plan) == {("P1", "P2"): "S1"}


def test_cli_replans_from_files(helpers, tmp_path, capsys):
    from hardtech.engines.schedule.cli import main

    data = helpers.event([["P1", "P2", 0.9], ["P3", "P4", 0.8]], slots=3, tables=2)
    src, prev, changes, out = (tmp_path / n for n in ("i.json", "p.json", "c.json", "o.json"))
    src.write_text(json.dumps(data), encoding="utf-8")
    prev.write_text(json.dumps({"meetings": [["P1", "P2", "S1"], ["P3", "P4", "S1"]]}), encoding="utf-8")
    changes.write_text(json.dumps({"late": {"P1": "S2"}}), encoding="utf-8")
    argv = ["--instance", str(src), "--previous", str(prev), "--changes", str(changes), "--out", str(out)]
    assert main(argv) == 0
    answer = json.loads(out.read_text(encoding="utf-8"))
    assert answer["moved"] == [["P1", "P2", "S1", "S2"]] and answer["dropped"] == []
    assert sorted(answer["meetings"]) == [["P1", "P2", "S2"], ["P3", "P4", "S1"]]
    assert "移动 1 场" in capsys.readouterr().err
    changes.write_text(json.dumps({"late": {"P1": "S2"}, "typo": 1}), encoding="utf-8")
    assert main(argv) == 2
    assert "未知的字段：typo" in capsys.readouterr().err
    assert main(argv[:4] + ["--out", str(out)]) == 2
