"""The restore drill on SQLite: back up while the data is there, destroy it, restore, compare every table and file."""

import sqlite3

import pytest
from django.db import connection

from support.backup_drill import drill

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the backup reads through its own connection: committed rows
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite drill (test_backup_postgres.py for PostgreSQL)"
    ),
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_destroyed_sqlite_database_and_its_uploads_come_back_whole(achievement, users, media, tmp_path):
    target = tmp_path / "backup"

    out = drill(achievement, media, target)

    copy = sqlite3.connect(target / "database.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file, no -wal beside it
    copy.close()
    assert "catalogue_achievement" in out and "不一致" not in out
    assert "恢复完成" in out
