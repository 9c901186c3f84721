"""SIGKILL while an import updates the match index in place (after its commit, under the index's writer
lock, record by record): the database holds the import, the index is part old and part new, and
`hardtech match-index --check` finds the records left stale and repairs them; then the index matches the
database and search finds the new text."""

from support.fault_helpers import (
    achievements_workbook,
    child_args,
    child_json,
    hardtech_args,
    index_write_locked,
    integrity,
    query,
    run,
    scalar,
    sigkill,
    start,
    wait_for,
)

MARKER = "KILLUPDATE"
ROWS, CHANGED = 1000, 400  # CHANGED within matching.sync.IN_PLACE_LEXICAL: updated in place, not rebuilt
NEW_TITLE = "钛合金激光增材制造装备"


def test_index_update_killed_then_check_repairs_the_index(data_dir):
    run(
        data_dir,
        hardtech_args(
            "import", "achievements", str(achievements_workbook(data_dir / "all.xlsx", ROWS, MARKER))
        ),
    )
    changes = achievements_workbook(data_dir / "changes.xlsx", CHANGED, MARKER, NEW_TITLE)

    importing = start(data_dir, hardtech_args("import", "achievements", str(changes)))
    wait_for("the in-place index update", lambda: index_write_locked(data_dir, "achievements"), importing)
    assert sigkill(importing) == -9

    assert integrity(data_dir) == []
    renamed = "SELECT count(*) FROM catalogue_achievement WHERE title LIKE ?"
    assert scalar(data_dir, renamed, (f"%{NEW_TITLE}",)) == CHANGED  # committed before the index update

    checked = run(data_dir, hardtech_args("match-index", "--check"))
    assert "achievements 过期 stale: " in checked.stdout  # the kill left part of the update undone
    assert "已修复 / repaired" in checked.stdout

    state = child_json(run(data_dir, child_args("index-state", "achievements", NEW_TITLE)).stdout)
    assert (state["missing"], state["stale"], state["extra"]) == ([], [], [])
    found = state["ids"]
    renamed_ids = {pk for (pk,) in query(data_dir, renamed.replace("count(*)", "id"), (f"%{NEW_TITLE}",))}
    assert found and set(found) <= renamed_ids
