"""A backup is written only into a new or empty directory: it never overwrites an earlier one."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from support.backup_drill import with_upload

pytestmark = pytest.mark.django_db(transaction=True)  # the backup reads through its own connection


def test_a_directory_holding_files_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    target = tmp_path / "backup"
    target.mkdir()
    (target / "manifest.json").write_text("earlier")
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", str(target), no_progress=True, stdout=StringIO())
    assert (target / "manifest.json").read_text() == "earlier"


def test_the_backup_is_readable_by_its_owner_only(settings, tmp_path, achievement):
    settings.MEDIA_ROOT = tmp_path / "media"
    with_upload(achievement)
    target = tmp_path / "backup" / "2026-12-01"
    call_command("backup", str(target), no_progress=True, stdout=StringIO())
    assert (target / "media" / "attachments").is_dir()
    assert (tmp_path / "backup").stat().st_mode & 0o077 == 0
    assert target.stat().st_mode & 0o077 == 0
    assert all(path.stat().st_mode & 0o077 == 0 for path in target.rglob("*"))
