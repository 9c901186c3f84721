"""The restore drill on PostgreSQL (DATABASE_URL=postgres://…): pg_dump on one snapshot, pg_restore --clean.

pytest-django's test database is the one backed up and restored: the tools are given its name from the
connection's settings, as `hardtech backup` gives them the platform's.
"""

import pytest
from django.db import connection

from support.backup_drill import drill

pytestmark = [
    pytest.mark.django_db(transaction=True),  # pg_dump sees committed rows only
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL=postgres://…"),
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_destroyed_postgresql_database_and_its_uploads_come_back_whole(achievement, users, media, tmp_path):
    target = tmp_path / "backup"

    out = drill(achievement, media, target)

    assert (target / "database.pgdump").read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    assert "public.catalogue_achievement" in out and "不一致" not in out
    assert "恢复完成" in out
