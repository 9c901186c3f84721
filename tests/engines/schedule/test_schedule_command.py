"""`hardtech schedule-meetings` (the console command) writes FORMAT.md's answer exactly; `hardtech bench
meetings` is registered and runs."""

import json

import pytest

from hardtech.cli import main


def test_command_writes_the_answer(helpers, tmp_path):
    src, out = tmp_path / "i.json", tmp_path / "a.json"
    data = helpers.event([["P1", "P2", 0.9], ["P1", "P3", 0.5], ["P1", "P4", 0.7]], slots=2)
    src.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        main(["hardtech", "schedule-meetings", "--instance", str(src), "--out", str(out)])
    assert e.value.code == 0
    answer = json.loads(out.read_text(encoding="utf-8"))
    assert list(answer) == ["meetings"]
    assert sorted(tuple(m[:2]) for m in answer["meetings"]) == [("P1", "P2"), ("P1", "P4")]
    assert all(len(m) == 3 and m[2] in ("S1", "S2") for m in answer["meetings"])


def test_command_detail_and_bad_input(helpers, tmp_path, capsys):
    src, out = tmp_path / "i.json", tmp_path / "a.json"
    src.write_text(json.dumps(helpers.event([["P1", "P2", 0.9]], slots=1)), encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        main(["hardtech", "schedule-meetings", "--instance", str(src), "--out", str(out), "--detail"])
    assert e.value.code == 0
    detail = json.loads(out.read_text(encoding="utf-8"))
    assert detail["tables"] == [["P1", "P2", "S1", 1]] and detail["unplaced"] == []
    src.write_text(json.dumps({"tables": 1}), encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        main(["hardtech", "schedule-meetings", "--instance", str(src), "--out", str(out)])
    assert e.value.code == 2
    assert "缺少 slots" in capsys.readouterr().err


def test_bench_meetings_runs(capsys):
    with pytest.raises(SystemExit) as e:
        main(["hardtech", "bench", "meetings", "--sizes", "40x120x6x10", "--no-shared"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("generated 40x120x6x10 s0"))
    assert row.split("|")[8].strip() == "100.000%" and row.split("|")[-1].strip() == "0"
