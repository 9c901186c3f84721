"""The restore drill shared by the SQLite and PostgreSQL tests: back up, destroy, restore, compare."""

from io import StringIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command

from hardtech.catalogue.models import Achievement, Attachment
from hardtech.core import backup
from hardtech.matching import services
from hardtech.matching.records import ACHIEVEMENTS

PDF = b"%PDF-1.4\n% backup drill\n" + bytes(range(256)) * 4


def with_upload(achievement: Achievement) -> Attachment:
    return Attachment.objects.create(
        achievement=achievement, file=ContentFile(PDF, name="drill.pdf"), name="技术说明.pdf", size=len(PDF)
    )


def drill(achievement: Achievement, media: Path, target: Path) -> str:
    """Back up a database holding `achievement` with an upload, destroy rows and files, restore, and check
    every table's count and every file's hash; returns the restore command's output."""
    stored = Path(with_upload(achievement).file.path)
    counts = backup.current_counts()
    call_command("backup", str(target), no_progress=True, stdout=StringIO())

    Achievement.objects.all().delete()  # cascades to the attachment row
    stored.unlink()
    (media / "later.pdf").write_bytes(PDF)  # uploaded after the backup: not in it
    assert backup.current_counts() != counts

    out = StringIO()
    call_command("restore", str(target), yes=True, no_progress=True, stdout=out)

    assert backup.current_counts() == counts
    assert stored.read_bytes() == PDF and not (media / "later.pdf").exists()
    manifest = backup.read_manifest(target)
    assert manifest["database"]["tables"] == counts
    assert backup.compare(manifest).ok
    assert Achievement.objects.get(pk=achievement.pk).attachments.get().file.read() == PDF
    assert services.status()[ACHIEVEMENTS]["documents"] == 1  # the index rebuilt from the restored rows
    return out.getvalue()
