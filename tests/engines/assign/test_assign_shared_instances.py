"""The shared instances: the optimum exactly where one exists, the infeasible answer where none does; the shared
check.py accepts every answer the CLI writes."""

import json
import subprocess
import sys

import pytest

from hardtech.engines.assign import Assignment, Infeasible, assign, parse_instance
from hardtech.engines.assign.cli import main
from hardtech.engines.assign.verify import check
from support.assign_helpers import optimum_of, shared_instances

INSTANCES = shared_instances()
pytestmark = pytest.mark.skipif(not INSTANCES, reason="../shared/assign is not present")


@pytest.mark.parametrize("path", INSTANCES, ids=lambda p: p.stem)
def test_reaches_the_optimum_or_says_infeasible(path):
    inst = parse_instance(json.loads(path.read_text(encoding="utf-8")))
    result = assign(inst)
    optimum = optimum_of(path)
    if not optimum["feasible"]:
        assert isinstance(result, Infeasible) and result.uncovered
        return
    assert isinstance(result, Assignment)
    checked = check(inst, result.pairs)
    assert checked.violations == []
    assert checked.total == pytest.approx(optimum["optimum"], abs=1e-9)


@pytest.mark.parametrize("path", INSTANCES, ids=lambda p: p.stem)
def test_shared_checker_accepts_the_cli_answer(path, tmp_path):
    out = tmp_path / "answer.json"
    optimum = optimum_of(path)
    code = main(["--instance", str(path), "--out", str(out)])
    if not optimum["feasible"]:
        assert code == 3 and json.loads(out.read_text())["infeasible"] is True
        return
    assert code == 0
    checker = path.parent / "check.py"
    run = subprocess.run(
        [sys.executable, str(checker), str(path), str(out), str(optimum["optimum"])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout
    assert "0 violations" in run.stdout and "100.000% of optimum" in run.stdout
