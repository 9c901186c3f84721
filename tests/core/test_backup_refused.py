"""A backup that does not match its manifest is refused before anything is changed."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hardtech.catalogue.models import Demand
from hardtech.core import backup
from support.backup_drill import PDF, with_upload

pytestmark = pytest.mark.django_db(transaction=True)  # the backup reads through its own connection


def _flip_a_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _media_file(target):
    return next(name for name in backup.read_manifest(target)["files"] if name.startswith("media/"))


def _database_file(target):
    return backup.read_manifest(target)["database"]["file"]


def _rewrite_manifest(target, change):
    manifest = backup.read_manifest(target)
    change(manifest)
    (target / "manifest.json").write_text(json.dumps(manifest))


CORRUPTIONS = {
    "changed upload": (lambda t: _flip_a_byte(t / _media_file(t)), "SHA-256 与清单不符"),
    "changed database": (lambda t: _flip_a_byte(t / _database_file(t)), "SHA-256 与清单不符"),
    "missing upload": (lambda t: (t / _media_file(t)).unlink(), "缺少 media/"),
    "no manifest (unfinished)": (lambda t: (t / "manifest.json").unlink(), "没有 manifest.json"),
    "unreadable manifest": (lambda t: (t / "manifest.json").write_text("{"), "已损坏"),
    "a file outside the directory": (
        lambda t: _rewrite_manifest(
            t, lambda m: m["files"].update({"media/../../x": m["files"][_media_file(t)]})
        ),
        "不合法",
    ),
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize("corruption", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupted_backup_is_refused_and_nothing_is_changed(
    achievement, demand, media, tmp_path, corruption
):
    corrupt, message = corruption
    with_upload(achievement)
    target = tmp_path / "backup"
    call_command("backup", str(target), no_progress=True, stdout=StringIO())
    corrupt(target)
    demand.delete()  # changes made after the backup, which a restore would undo
    (media / "later.pdf").write_bytes(PDF)
    counts = backup.current_counts()

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(target), yes=True, no_progress=True, stdout=StringIO())

    assert backup.current_counts() == counts
    assert not Demand.objects.exists()
    assert (media / "later.pdf").read_bytes() == PDF
