"""Bad input gives a clear error naming the field (and exit status 2 through the CLI), never an answer."""

import json

import pytest

from hardtech.engines.assign import InstanceError, parse_instance
from hardtech.engines.assign.cli import main
from support.assign_helpers import instance

GOOD = instance([["A1", "E1", 0.5]])

BAD = {
    "unknown application": ({**GOOD, "affinity": [["A9", "E1", 0.5]]}, "未知的申报项目 'A9'"),
    "unknown expert": ({**GOOD, "affinity": [["A1", "E9", 0.5]]}, "未知的专家 'E9'"),
    "unknown declared": (
        {**GOOD, "declared_conflicts": [["A1", "E9"]]},
        "declared_conflicts 第 1 项：未知的专家",
    ),
    "K zero": ({**GOOD, "reviewers_per_application": 0}, "至少为 1，实际为 0"),
    "K text": ({**GOOD, "reviewers_per_application": "3"}, "应为整数"),
    "negative load": ({**GOOD, "experts": [{"id": "E1", "max_load": -1}]}, "不能为负数"),
    "min above max": ({**GOOD, "experts": [{"id": "E1", "max_load": 1, "min_load": 2}]}, "大于 max_load"),
    "score above 1": ({**GOOD, "affinity": [["A1", "E1", 1.5]]}, "0 到 1 之间"),
    "duplicate pair": ({**GOOD, "affinity": [["A1", "E1", 0.5], ["A1", "E1", 0.6]]}, "出现不止一次"),
    "duplicate id": ({**GOOD, "experts": [{"id": "E1", "max_load": 1}] * 2}, "专家编号 E1 重复"),
    "no applications": ({"reviewers_per_application": 1, "experts": [], "affinity": []}, "applications"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_instance_is_named(case):
    data, words = BAD[case]
    with pytest.raises(InstanceError) as e:
        parse_instance(data)
    assert words in str(e.value)


def test_cli_exit_status_2_with_the_message(tmp_path, capsys):
    src, out = tmp_path / "i.json", tmp_path / "a.json"
    src.write_text(json.dumps(BAD["unknown expert"][0]), encoding="utf-8")
    assert main(["--instance", str(src), "--out", str(out)]) == 2
    assert "未知的专家 'E9'" in capsys.readouterr().err
    assert not out.exists()


def test_cli_not_json(tmp_path, capsys):
    src = tmp_path / "i.json"
    src.write_text("{", encoding="utf-8")
    assert main(["--instance", str(src), "--out", str(tmp_path / "a.json")]) == 2
    assert "不是合法的 JSON" in capsys.readouterr().err


def test_unhashable_id_in_affinity_is_named():
    with pytest.raises(InstanceError, match="未知的申报项目"):
        parse_instance({**GOOD, "affinity": [[["A1"], "E1", 0.5]]})


def test_empty_org_and_integer_ids_are_read():
    data = instance(
        [[1, "E1", 0.5]], apps=[{"id": 1, "org": ""}], experts=[{"id": "E1", "max_load": 1, "org": ""}]
    )
    inst = parse_instance(data)
    assert inst.applications[0].org is None and inst.ids([(0, 0)]) == [[1, "E1"]]
