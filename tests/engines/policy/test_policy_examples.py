"""The 40 examples of /work/shared/policy (skipped when the shared folder is absent)."""

import json
import subprocess
import sys

import pytest

from hardtech.engines.policy import evaluate, evaluate_reference, load_policy
from hardtech.engines.policy.cli import main
from support.policy_helpers import policy_examples, read_cases

pytestmark = pytest.mark.shared
EXAMPLES = policy_examples()
skip = pytest.mark.skipif(EXAMPLES is None, reason="shared/policy/examples.jsonl not present")


@skip
def test_all_examples_match_both_evaluators():
    cases = read_cases(EXAMPLES)
    profiles, years = [c["profile"] for c in cases], [c["year"] for c in cases]
    policy = load_policy("sample")
    results = evaluate(policy, profiles, years)
    assert results == evaluate_reference(policy, profiles, years)
    for case, result in zip(cases, results, strict=True):
        assert result.to_json() == case["expected"], case["profile"]["id"]


@skip
def test_cli_output_passes_check_py(tmp_path):
    out = tmp_path / "results.jsonl"
    assert main(["evaluate", "--policy", "sample", "--profiles", str(EXAMPLES), "--out", str(out)]) == 0
    check = EXAMPLES.parent / "check.py"
    done = subprocess.run(
        [sys.executable, str(check), str(out), str(EXAMPLES)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip().endswith("40 passed, 0 failed")
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [
        c["profile"]["id"] for c in read_cases(EXAMPLES)
    ]
