"""Bad instances are refused with a clear (Chinese) message naming the row and the id; the CLI exits 2."""

import copy

import pytest

from hardtech.engines.judging import InstanceError, parse
from hardtech.engines.judging.cli import main

GOOD = {
    "awards": 1,
    "criteria": [{"id": "innovation", "name": "技术创新性", "weight": 1.0}],
    "entries": [{"id": "E1", "track": "新材料"}, {"id": "E2", "track": "新材料"}],
    "judges": [{"id": "J1", "tracks": ["新材料"]}, {"id": "J2", "tracks": ["新材料"]}],
    "scores": [["J1", "E1", "innovation", 7], ["J1", "E2", "innovation", 5], ["J2", "E1", "innovation", 8]],
    "pairwise": [["J2", "E1", "E2", "E1"]],
}


def broken(path: str, value) -> dict:
    data = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    target = data
    for p in parents:
        target = target[int(p)] if p.isdigit() else target[p]
    target[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (broken("scores.1.3", 11), "评分第 2 行：分数 11 不是 1–10 分制内的整数"),
        (broken("scores.1.3", 0), "评分第 2 行：分数 0 不是 1–10 分制内的整数"),
        (broken("scores.1.3", 6.5), "分数 6.5 不是 1–10 分制内的整数"),
        (broken("scores.1.3", float("nan")), "分数 nan 不是 1–10 分制内的整数"),
        (broken("scores.1.3", "7"), "分数 '7' 不是 1–10 分制内的整数"),
        (broken("scores.0.1", "E9"), "评分第 1 行：未知的参赛项目 'E9'"),
        (broken("scores.2.0", "J7"), "评分第 3 行：未知的评委 'J7'"),
        (broken("scores.2.2", "price"), "评分第 3 行：未知的评分指标 'price'"),
        (broken("pairwise.0.3", "E3"), "两两比较第 1 行：胜者 'E3' 应是被比较的两个不同项目之一"),
        (broken("pairwise.0.1", "E5"), "两两比较第 1 行：未知的参赛项目 'E5'"),
        (broken("scores", []), "实例没有任何评分"),
        (broken("entries", []), "实例缺少参赛项目"),
        (broken("entries.1.id", "E1"), "参赛项目 id 重复：E1"),
        (broken("awards", 5), "获奖名额 awards 应为 0 到 2 之间的整数"),
        (broken("criteria.0.weight", "0.35"), "每个评分指标都应有数值权重 weight"),
        (broken("criteria.0.weight", 0), "评分指标的权重应为非负数且不全为零"),
        ({}, "实例缺少参赛项目"),
    ],
)
def test_refused_with_reason(data, message):
    with pytest.raises(InstanceError, match=message):
        parse(data)


def test_cli_exits_2_with_the_reason(write_instance, tmp_path, capsys):
    out = tmp_path / "answer.json"
    assert main(["--instance", write_instance(broken("scores.1.3", 11)), "--out", str(out)]) == 2
    assert "分数 11 不是 1–10 分制内的整数" in capsys.readouterr().err
    assert not out.exists()


def test_cli_reports_missing_and_malformed_files(tmp_path, capsys):
    assert main(["--instance", str(tmp_path / "none.json")]) == 2
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert main(["--instance", str(tmp_path / "bad.json")]) == 2
    assert "不是合法的 JSON" in capsys.readouterr().err


def test_good_instance_ranks(write_instance, capsys):
    assert main(["--instance", write_instance(GOOD)]) == 0
    assert '"ranking": [' in capsys.readouterr().out
