"""The fault tests' data directories: one migrated database made per run, copied for each test."""

from pathlib import Path

import pytest
from django.conf import settings

from support.fault_helpers import data_dir_from, prepared_template


@pytest.fixture(autouse=True)
def sqlite_only():
    # The processes run on a SQLite data directory of their own (WAL, IMMEDIATE, busy timeout): what they
    # test is the embedded default. A PostgreSQL run would need a database per test to kill processes on.
    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("kill and concurrency tests run on the embedded SQLite default only")


@pytest.fixture(scope="session")
def migrated(tmp_path_factory) -> Path:
    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("kill and concurrency tests run on the embedded SQLite default only")
    return prepared_template(tmp_path_factory.mktemp("fault-template"))


@pytest.fixture
def data_dir(migrated, tmp_path) -> Path:
    """A data directory of this test's own with a migrated, empty database."""
    return data_dir_from(migrated, tmp_path / "data")
