"""Who could not be placed, and why: no common slot, a side at its maximum, every shared slot taken."""

from hardtech.engines.schedule import parse_instance, schedule


def reasons(plan):
    return {(u.a, u.b): (u.reason, u.message) for u in plan.unplaced}


def test_no_common_slot(helpers):
    data = helpers.event([["P1", "P2", 0.9]], slots=2, available={"P1": ["S1"], "P2": ["S2"]})
    plan = schedule(parse_instance(data))
    assert reasons(plan) == {("P1", "P2"): ("no_common_slot", "P1 与 P2 没有共同的可用时段")}
    assert plan.participants_without_meetings() == ["P1", "P2"]


def test_maximum_reached(helpers):
    data = helpers.event([["P1", "P2", 0.9], ["P1", "P3", 0.4]], slots=2, max_meetings={"P1": 1})
    plan = schedule(parse_instance(data))
    code, message = reasons(plan)[("P1", "P3")]
    assert code == "max_meetings" and "P1（上限 1 场）已排满" in message


def test_slots_taken(helpers):
    data = helpers.event([["P1", "P2", 0.9], ["P3", "P4", 0.4]], slots=1, tables=1)
    plan = schedule(parse_instance(data))
    code, message = reasons(plan)[("P3", "P4")]
    assert code == "slots_taken" and "S1：桌位已满" in message


def test_detail_lists_the_unplaced(helpers):
    data = helpers.event([["P1", "P2", 0.9], ["P3", "P4", 0.4]], slots=1, tables=1)
    detail = schedule(parse_instance(data)).to_json(detail=True)
    assert detail["unplaced"][0]["a"] == "P3" and detail["unplaced"][0]["reason"] == "slots_taken"
    assert detail["weight"] == 0.9 and detail["bound"] == 0.9
