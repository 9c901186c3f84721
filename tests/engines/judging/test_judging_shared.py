"""The shared instances (../shared/judging) through the CLI and the management command, measured by check.py:
the targets hold and the engine is above both plain rankings on every instance."""

import json
import re
import subprocess
import sys

import numpy as np

from hardtech.engines.judging import load
from hardtech.engines.judging.baselines import raw_mean, z_mean
from hardtech.engines.judging.measures import order, spearman, winners_share
from hardtech.review.management.commands.rank_entries import Command


def check(folder, instance, answer) -> tuple[float, float]:
    truth = instance.with_name(instance.stem + ".truth.json")
    out = subprocess.run(
        [sys.executable, str(folder / "check.py"), str(instance), str(answer), str(truth)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rho, share = re.search(r"spearman (-?[\d.]+); top-\d+ precision ([\d.]+)", out).groups()
    return float(rho), float(share)


def test_targets_on_shared_instances(judging_dir, tmp_path):
    instances = sorted(p for p in judging_dir.glob("*.json") if not p.name.endswith(".truth.json"))
    assert instances
    measured = []
    for path in instances:
        answer = tmp_path / (path.stem + ".answer.json")
        try:
            Command().run_from_argv(
                ["hardtech", "rank_entries", "--instance", str(path), "--out", str(answer)]
            )
        except SystemExit as done:
            assert done.code == 0
        rho, share = check(judging_dir, path, answer)
        inst = load(path)
        truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))["truth"]
        for plain in (raw_mean(inst), z_mean(inst)):
            ranking = order(inst.entries, plain)
            assert rho > spearman(ranking, truth), path.name
            assert share >= winners_share(ranking, truth, inst.awards), path.name
        measured.append((rho, share))
    mean_rho, mean_share = np.mean(measured, axis=0)
    assert mean_rho >= 0.988
    assert mean_share >= 0.88
