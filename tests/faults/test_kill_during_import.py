"""SIGKILL in the middle of `hardtech import`'s write leaves no row of the file, a sound database, and a
rerun of the same import that writes every row (the import is one transaction: all of it or none)."""

from support.fault_helpers import (
    achievements_workbook,
    hardtech_args,
    integrity,
    run,
    scalar,
    sigkill,
    start,
    wait_for,
    writer_active,
)

ROWS = 2500
MARKER = "KILLIMPORT"


def imported(data_dir) -> int:
    return scalar(
        data_dir, "SELECT count(*) FROM catalogue_achievement WHERE external_id LIKE ?", (f"{MARKER}-%",)
    )


def import_audits(data_dir) -> int:
    return scalar(data_dir, "SELECT count(*) FROM audit_auditentry WHERE object_id = 'batch'")


def test_import_killed_while_writing_leaves_nothing_and_reruns(data_dir):
    book = achievements_workbook(data_dir / "catalogue.xlsx", ROWS, MARKER)
    command = hardtech_args("import", "achievements", str(book))

    importing = start(data_dir, command)
    # validation only reads; the write lock is held from the transaction's BEGIN IMMEDIATE to its commit
    wait_for("the import's write transaction", lambda: writer_active(data_dir), importing)
    assert sigkill(importing) == -9, "the import ended before it could be killed"

    assert integrity(data_dir) == []
    # all or nothing: the kill comes inside the transaction (nothing), at worst as it commits (all)
    survived = imported(data_dir)
    assert survived in (0, ROWS)
    assert import_audits(data_dir) == (survived == ROWS)  # the batch's audit entry exactly with its rows

    done = run(data_dir, command)
    assert (f"新增 {ROWS} 条" if survived == 0 else f"未变 {ROWS} 条") in done.stdout
    assert imported(data_dir) == ROWS
    assert import_audits(data_dir) == 1
    assert integrity(data_dir) == []
