"""`hardtech assign` (the console command, through the review app's management command) writes the answer
file; status 3 when infeasible."""

import json

import pytest

from hardtech.cli import main
from support.assign_helpers import instance


def test_command_writes_the_answer(tmp_path):
    src, out = tmp_path / "i.json", tmp_path / "a.json"
    src.write_text(json.dumps(instance([["A1", "E1", 0.5], ["A1", "E2", 0.7]])), encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        main(["hardtech", "assign", "--instance", str(src), "--out", str(out)])
    assert e.value.code == 0
    assert out.read_text(encoding="utf-8") == '{"assignment": [["A1", "E2"]]}\n'


def test_command_exits_3_when_infeasible(tmp_path):
    src, out = tmp_path / "i.json", tmp_path / "a.json"
    src.write_text(json.dumps(instance([["A1", "E1", 0.5]], k=2)), encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        main(["hardtech", "assign", "--instance", str(src), "--out", str(out)])
    assert e.value.code == 3
    assert json.loads(out.read_text())["uncovered"] == [
        {"application": "A1", "allowed_experts": 1, "needed": 2}
    ]
