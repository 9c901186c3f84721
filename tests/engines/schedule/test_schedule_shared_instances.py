"""The shared instances (../shared/meetings): check.py accepts the CLI's answer, and the engine reaches at least
99.9% of the given MILP optimum; tables and reasons are consistent with the schedule."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hardtech.engines.schedule import parse_instance, schedule
from hardtech.engines.schedule.cli import main
from hardtech.engines.schedule.verify import check
from hardtech.paths import shared_dir

FOLDER = (shared_dir() or Path("/nonexistent")) / "meetings"
INSTANCES = (
    sorted(p for p in FOLDER.glob("*.json") if not p.name.endswith(".optimum.json"))
    if FOLDER.is_dir()
    else []
)
pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not INSTANCES, reason="../shared/meetings is not present"),
]


def optimum(path: Path) -> float:
    return json.loads(path.with_name(path.stem + ".optimum.json").read_text(encoding="utf-8"))["best_known"]


@pytest.mark.parametrize("path", INSTANCES, ids=lambda p: p.stem)
def test_engine_reaches_999_per_mille_of_the_optimum(path):
    inst = parse_instance(json.loads(path.read_text(encoding="utf-8")))
    plan = schedule(inst)
    detail = plan.to_json(detail=True)
    c = check(inst, detail["meetings"], detail["tables"])
    assert c.violations == []
    assert c.total == pytest.approx(plan.total)
    assert plan.total >= 0.999 * optimum(path)
    assert plan.bound is not None and plan.bound >= optimum(path) - 1e-6
    assert len(plan.unplaced) == len(inst.requests) - len(plan.meetings)


@pytest.mark.parametrize("path", INSTANCES, ids=lambda p: p.stem)
def test_shared_checker_accepts_the_cli_answer(path, tmp_path):
    out = tmp_path / "answer.json"
    assert main(["--instance", str(path), "--out", str(out)]) == 0
    assert list(json.loads(out.read_text(encoding="utf-8"))) == ["meetings"]
    opt = path.with_name(path.stem + ".optimum.json")
    run = subprocess.run(
        [sys.executable, str(path.parent / "check.py"), str(path), str(out), str(opt)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout
    assert "0 violations" in run.stdout
    share = float(run.stdout.split("% of optimum")[0].rsplit(" ", 1)[1])
    assert share >= 99.9
