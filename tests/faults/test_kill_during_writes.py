"""SIGKILL in the middle of a loop of service writes (achievements created one catalogue.services.create
after another): a sound database in which every committed write is whole — the record, its organisation
link and its two audit entries (新建, and the 所属机构 change) — and no audit entry of a write that was lost."""

from support.fault_helpers import (
    child_args,
    integrity,
    query,
    run,
    scalar,
    sigkill,
    start,
    wait_for,
    writer_active,
)

MARKER = "KILLWRITE"
BEFORE_KILL = 30  # committed writes to wait for, so the kill comes mid-batch


def achievement_type(data_dir) -> int:
    return scalar(
        data_dir, "SELECT id FROM django_content_type WHERE app_label = 'catalogue' AND model = 'achievement'"
    )


def torn_writes(data_dir) -> list[tuple]:
    """Achievements whose write is not whole, and audit entries of achievements that do not exist."""
    ct = achievement_type(data_dir)
    incomplete = query(
        data_dir,
        """
        SELECT a.id,
               (SELECT count(*) FROM catalogue_achievement_organisations o WHERE o.achievement_id = a.id),
               (SELECT count(*) FROM audit_auditentry e
                 WHERE e.content_type_id = ? AND e.object_id = CAST(a.id AS TEXT) AND e.action = 'create'),
               (SELECT count(*) FROM audit_auditentry e
                 WHERE e.content_type_id = ? AND e.object_id = CAST(a.id AS TEXT) AND e.action = 'update')
        FROM catalogue_achievement a
        """,
        (ct, ct),
    )
    orphans = query(
        data_dir,
        """
        SELECT e.id, e.object_id FROM audit_auditentry e
        WHERE e.content_type_id = ? AND e.object_id != 'batch'
          AND NOT EXISTS (SELECT 1 FROM catalogue_achievement a WHERE CAST(a.id AS TEXT) = e.object_id)
        """,
        (ct,),
    )
    return [row for row in incomplete if row[1:] != (1, 1, 1)] + [("orphan audit", *row) for row in orphans]


def created(data_dir) -> int:
    return scalar(data_dir, "SELECT count(*) FROM catalogue_achievement")


def test_batch_of_writes_killed_leaves_every_committed_write_whole(data_dir):
    writing = start(data_dir, child_args("create-achievements", 5000, MARKER))
    wait_for(
        f"{BEFORE_KILL} committed writes and another under way",
        lambda: created(data_dir) >= BEFORE_KILL and writer_active(data_dir),
        writing,
    )
    assert sigkill(writing) == -9

    assert integrity(data_dir) == []
    survived = created(data_dir)
    assert BEFORE_KILL <= survived < 5000
    assert torn_writes(data_dir) == []

    run(data_dir, child_args("create-achievements", 3, f"{MARKER}-AFTER"))  # the database takes writes again
    assert created(data_dir) == survived + 3
    assert torn_writes(data_dir) == []
