"""SIGKILL in the middle of `hardtech match-index` (a rebuild) while the index is behind the database (an
achievement written in bulk, as by an import killed before its catch-up): the index left behind still opens,
and `hardtech match-index --check` — the documented repair — reports the difference and repairs it, after
which the index matches the database and search finds the record."""

from support.fault_helpers import (
    achievements_workbook,
    child_args,
    child_json,
    hardtech_args,
    run,
    sigkill,
    start,
    wait_for,
)

TITLE = "量子点荧光测温传感器"


def test_rebuild_killed_then_check_repairs_the_index(data_dir):
    book = achievements_workbook(data_dir / "catalogue.xlsx", 1500, "KILLINDEX")
    run(data_dir, hardtech_args("import", "achievements", str(book)))  # builds the index as it imports
    behind = child_json(run(data_dir, child_args("bulk-achievement", TITLE)).stdout)["pk"]

    rebuilding = start(data_dir, hardtech_args("match-index", "--lexical-only"))
    generations = data_dir / "match-index" / "achievements"
    # a generation is named for the process building it
    wait_for(
        "the rebuild's new generation",
        lambda: any(f"-{rebuilding.pid}-" in p.name for p in generations.iterdir()),
        rebuilding,
    )
    assert sigkill(rebuilding) == -9

    checked = run(data_dir, hardtech_args("match-index", "--check"))
    assert f"缺少 missing: {behind}" in checked.stdout
    assert "已修复 / repaired" in checked.stdout

    state = child_json(run(data_dir, child_args("index-state", "achievements", TITLE)).stdout)
    assert (state["missing"], state["stale"], state["extra"]) == ([], [], [])
    found = state["ids"]
    assert found and found[0] == behind
