"""A backup taken while the platform writes holds one moment's data: pg_dump runs on the snapshot in which
the manifest's rows were counted, so a row written meanwhile is in neither, and the restore verifies.

PostgreSQL only: the tests' SQLite database is in memory with a shared cache, where a write waits for no
reader (the backup's read transaction on a WAL file is what keeps the SQLite copy consistent)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from hardtech.catalogue.models import Demand
from hardtech.core import backup

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL=postgres://…"),
]


def test_a_row_written_during_the_backup_is_not_in_it(settings, tmp_path, demand):
    settings.MEDIA_ROOT = tmp_path / "media"
    written = []

    def write_meanwhile(stage: str, done: int, total: int) -> None:
        if stage == "行数" and not written:  # after the snapshot is taken, before pg_dump copies it
            written.append(Demand.objects.create(title="备份期间新增", enterprise=demand.enterprise))

    manifest = backup.backup(tmp_path / "backup", progress=write_meanwhile)

    assert written and Demand.objects.count() == 2
    assert manifest["database"]["tables"]["public.catalogue_demand"] == 1
    call_command("restore", str(tmp_path / "backup"), yes=True, no_progress=True, stdout=StringIO())
    assert list(Demand.objects.values_list("pk", flat=True)) == [demand.pk]
