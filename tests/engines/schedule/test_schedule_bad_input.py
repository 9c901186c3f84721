"""Bad input is refused with a message naming what is wrong (InstanceError; the CLI exits 2)."""

import json

import pytest

from hardtech.engines.schedule import InstanceError, parse_instance
from hardtech.engines.schedule.cli import main


def base(helpers):
    return helpers.event([["P1", "P2", 0.5], ["P2", "P3", 0.4]], slots=2)


def test_availability_outside_the_event_slots(helpers):
    data = base(helpers)
    data["participants"][0]["available"] = ["S1", "S9"]
    with pytest.raises(InstanceError, match="可用时段 'S9' 不在本次活动的时段之中"):
        parse_instance(data)


def test_request_to_oneself(helpers):
    data = base(helpers)
    data["requests"].append({"a": "P1", "b": "P1", "weight": 0.3})
    with pytest.raises(InstanceError, match="P1 不能向自己发起洽谈"):
        parse_instance(data)


def test_request_within_one_organisation(helpers):
    data = helpers.event([["P1", "P2", 0.5]], orgs={"P1": "O1", "P2": "O1"})
    with pytest.raises(InstanceError, match="同属机构 O1"):
        parse_instance(data)


def test_request_made_twice_in_either_direction(helpers):
    data = base(helpers)
    data["requests"].append({"a": "P2", "b": "P1", "weight": 0.3})
    with pytest.raises(InstanceError, match="已在第 1 项出现"):
        parse_instance(data)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (lambda d: d.update(tables=-1), "tables（每个时段的桌数）不能为负数"),
        (lambda d: d.update(tables="12"), "tables（每个时段的桌数） 应为整数"),
        (
            lambda d: d["participants"][1].update(max_meetings=-2),
            "P2 的 max_meetings（最多洽谈场数）不能为负数",
        ),
        (lambda d: d["requests"][0].update(weight=-0.1), "weight（权重）应为非负数"),
        (lambda d: d["requests"][0].update(b="P404"), "未知的参会方 'P404'"),
        (lambda d: d["slots"].append({"id": "S1"}), "时段编号 S1 重复出现"),
        (lambda d: d["participants"].append(dict(d["participants"][0])), "参会方编号 P1 重复出现"),
        (lambda d: d.pop("requests"), "缺少 requests"),
        (lambda d: d["participants"][0].pop("available"), "P1 的 available"),
    ],
)
def test_each_field_is_checked(helpers, patch, message):
    data = base(helpers)
    patch(data)
    with pytest.raises(InstanceError, match=message):
        parse_instance(data)


def test_cli_exits_2_with_the_message(helpers, tmp_path, capsys):
    data = base(helpers)
    data["requests"][0]["a"] = "P2"
    data["requests"][0]["b"] = "P2"
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--instance", str(src), "--out", str(tmp_path / "out.json")]) == 2
    assert "P2 不能向自己发起洽谈" in capsys.readouterr().err
    assert not (tmp_path / "out.json").exists()


def test_cli_refuses_broken_json(tmp_path, capsys):
    src = tmp_path / "bad.json"
    src.write_text("{", encoding="utf-8")
    assert main(["--instance", str(src), "--out", str(tmp_path / "out.json")]) == 2
    assert "不是合法的 JSON" in capsys.readouterr().err
