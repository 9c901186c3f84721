"""The CLI functions behind `hardtech policy …`: formats in and out, test, list, show, explain, ready."""

import json

from hardtech.engines.policy.cli import main

PROFILE = {
    "id": "E1",
    "kind": "enterprise",
    "registered_in_zone": True,
    "tax_in_zone": True,
    "serious_dishonesty": False,
    "rd_expense": {"2024": 610.5, "2023": 420},
    "revenue": {"2024": 9800},
}


def write_lines(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_evaluate_profiles_with_year(tmp_path):
    src = write_lines(tmp_path / "p.jsonl", [PROFILE, {**PROFILE, "id": "E2", "tax_in_zone": False}])
    out = tmp_path / "r.jsonl"
    assert (
        main(["evaluate", "--policy", "sample", "--profiles", src, "--year", "2025", "--out", str(out)]) == 0
    )
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert lines == [
        {"id": "E1", "year": 2025, "eligible": True, "articles": {"8": 30.53, "9": 19.05}, "total": 49.58},
        {"id": "E2", "year": 2025, "eligible": False, "articles": {}, "total": 0.0},
    ]
    assert out.read_text().splitlines()[0] == (
        '{"id": "E1", "year": 2025, "eligible": true, "articles": {"8": 30.53, "9": 19.05}, "total": 49.58}'
    )


def test_evaluate_case_lines_carry_their_year(tmp_path, capsys):
    src = write_lines(
        tmp_path / "c.jsonl", [{"year": 2026, "profile": PROFILE | {"rd_expense": {"2025": 100}}}]
    )
    assert main(["evaluate", "--policy", "sample", "--profiles", src]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == {"8": 6.0}


def test_evaluate_policy_by_file(tmp_path, capsys):
    from hardtech.engines.policy.loader import policy_path

    src = write_lines(tmp_path / "p.jsonl", [PROFILE])
    assert (
        main(["evaluate", "--policy", str(policy_path("sample")), "--profiles", src, "--year", "2025"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["total"] == 49.58


def test_evaluate_without_year_fails_clearly(tmp_path, capsys):
    src = write_lines(tmp_path / "p.jsonl", [PROFILE])
    assert main(["evaluate", "--policy", "sample", "--profiles", src]) == 2
    assert "no year" in capsys.readouterr().err


def test_bad_profile_value_fails_clearly(tmp_path, capsys):
    src = write_lines(tmp_path / "p.jsonl", [PROFILE | {"rd_expense": {"2024": "lots"}}])
    assert main(["evaluate", "--policy", "sample", "--profiles", src, "--year", "2025"]) == 2
    assert "rd_expense" in capsys.readouterr().err


def test_test_list_show(capsys):
    assert main(["test", "sample"]) == 0
    assert "0 failed" in capsys.readouterr().out
    assert main(["list"]) == 0
    assert capsys.readouterr().out.startswith("sample\t")
    assert main(["show", "sample"]) == 0
    assert "第十四条 投早投小" in capsys.readouterr().out


def test_explain_and_ready(tmp_path, capsys):
    src = write_lines(tmp_path / "p.jsonl", [PROFILE, {**PROFILE, "id": "E3", "rd_expense": {}}])
    assert main(["explain", "--policy", "sample", "--profiles", src, "--year", "2025", "--id", "E1"]) == 0
    text = capsys.readouterr().out
    assert "第八条 研发费用补助：支持 30.53万元" in text
    assert main(["ready", "--policy", "sample", "--profiles", src, "--year", "2025"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert rows[0] == {
        "id": "E1",
        "year": 2025,
        "ready": True,
        "articles": {"8": 30.53, "9": 19.05},
        "missing": {},
    }
    assert rows[1]["id"] == "E3" and rows[1]["missing"] == {
        "8": ["2024年度研发费用"],
        "9": ["2024年度研发费用"],
    }


def test_management_command_is_a_thin_wrapper(capsys):
    from django.core.management import call_command

    call_command("policy", "list")
    assert capsys.readouterr().out.startswith("sample\t")
