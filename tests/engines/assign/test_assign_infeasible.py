"""Infeasible instances get the exact answer through the CLI, exit status 3: applications with too few allowed
experts, and applications that each have enough but share experts whose capacity falls short (the min cut)."""

import json

from hardtech.engines.assign.cli import main
from support.assign_helpers import instance


def _run(tmp_path, data) -> tuple[int, dict]:
    src, out = tmp_path / "instance.json", tmp_path / "answer.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    code = main(["--instance", str(src), "--out", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8"))


def test_too_few_allowed_experts(tmp_path):
    data = instance(
        [["A1", "E1", 0.5], ["A1", "E2", 0.5], ["A1", "E3", 0.5], ["A2", "E1", 0.5], ["A2", "E2", 0.5]],
        k=2,
        experts=[{"id": e, "max_load": 5, "org": e} for e in ("E1", "E2", "E3")],
        apps=[{"id": "A1"}, {"id": "A2", "org": "E2"}],
    )
    code, answer = _run(tmp_path, data)
    assert code == 3
    assert set(answer) == {"infeasible", "uncovered", "reason"}
    assert answer["infeasible"] is True
    assert answer["uncovered"] == [{"application": "A2", "allowed_experts": 1, "needed": 2}]
    assert "A2 仅 1 位" in answer["reason"]


def test_capacity_short_names_the_applications_of_the_min_cut(tmp_path):
    # A1–A3 share E1, E2 (3 reviews between them, 4 needed); A4 has its own experts and is not named.
    data = instance(
        [[a, e, 0.5] for a in ("A1", "A2", "A3") for e in ("E1", "E2")]
        + [["A4", "E3", 0.5], ["A4", "E4", 0.5], ["A4", "E1", 0.9]],
        k=2,
        apps=[{"id": a} for a in ("A1", "A2", "A3", "A4")],
        experts=[
            {"id": "E1", "max_load": 2},
            {"id": "E2", "max_load": 2},
            {"id": "E3", "max_load": 1},
            {"id": "E4", "max_load": 1},
        ],
    )
    code, answer = _run(tmp_path, data)
    assert code == 3
    assert answer["uncovered"] == [
        {"application": a, "allowed_experts": 2, "needed": 2} for a in ("A1", "A2", "A3")
    ]
    assert "共 3 个申报项目还需 6 人次评审" in answer["reason"]
    assert "只有 4 人次，缺 2 人次" in answer["reason"]


def test_too_few_and_capacity_short_together(tmp_path):
    # A1 has one candidate for K = 2; A2 and A3 share E2, E3 whose loads of 1 give 2 of the 4 reviews needed.
    data = instance(
        [["A1", "E1", 0.5]] + [[a, e, 0.5] for a in ("A2", "A3") for e in ("E2", "E3")],
        k=2,
        experts=[{"id": e, "max_load": 1} for e in ("E1", "E2", "E3")],
    )
    code, answer = _run(tmp_path, data)
    assert code == 3
    assert answer["uncovered"] == [
        {"application": "A1", "allowed_experts": 1, "needed": 2},
        {"application": "A2", "allowed_experts": 2, "needed": 2},
        {"application": "A3", "allowed_experts": 2, "needed": 2},
    ]
    assert "A1 仅 1 位" in answer["reason"] and "缺 2 人次" in answer["reason"]
