"""Concurrent writes on the embedded SQLite default (WAL, IMMEDIATE transactions, the busy timeout of the
project's settings): several processes, each with several threads, create achievements at the same moment
through catalogue.services and through the portal's form. None fails with "database is locked" or any
other error, and none is lost: the database holds exactly what the writers report written."""

from support.fault_helpers import (
    LONGEST_WAIT,
    child_args,
    child_json,
    integrity,
    scalar,
    start,
    wait_for,
)

PROCESSES, THREADS, EACH = 3, 4, 8
MARKER = "CONCURRENT"


def test_concurrent_writers_neither_fail_nor_lose_writes(data_dir):
    go = data_dir / "go"
    writers = [
        start(data_dir, child_args("concurrent-writes", THREADS, EACH, MARKER, go)) for _ in range(PROCESSES)
    ]
    for writer in writers:
        wait_for("every writer set up", (data_dir / f"ready-{writer.pid}").exists, writer)
    go.touch()
    reports = []
    for writer in writers:
        out, err = writer.communicate(timeout=LONGEST_WAIT)
        assert writer.returncode == 0, err
        reports.append(child_json(out))

    assert [error for report in reports for error in report["errors"]] == []
    assert sum(report["written"] for report in reports) == PROCESSES * THREADS * EACH
    stored = scalar(
        data_dir, "SELECT count(*) FROM catalogue_achievement WHERE title LIKE ?", (f"{MARKER}-%",)
    )
    assert stored == PROCESSES * THREADS * EACH
    assert scalar(data_dir, "PRAGMA journal_mode") == "wal"
    assert integrity(data_dir) == []
