"""`hardtech backup DIR`: the database, the uploaded files and a manifest, into a new directory (core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hardtech.core import backup
from hardtech.engines.match.progress import StageBars


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite through its backup API, PostgreSQL through pg_dump; consistent while "
        "the platform runs) and the uploaded files into DIR, a new or empty directory, with a manifest of "
        "row counts and SHA-256 hashes. The match indexes are rebuilt from the database on restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="新的（或空的）备份目录")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, directory: Path, no_progress: bool, **options):
        bars = StageBars(unit="项")
        try:
            manifest = backup.backup(directory, progress=backup.quiet if no_progress else bars)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bars.close()
        database, files = manifest["database"], manifest["files"]
        uploads = len(files) - 1
        size = sum(entry["bytes"] for entry in files.values())
        self.stdout.write(
            f"备份完成：{directory}（{backup.ENGINE_NAMES[database['engine']]}，{len(database['tables'])} 张表 "
            f"{sum(database['tables'].values())} 行，上传文件 {uploads} 个，共 {size / 1024 / 1024:.1f} MB）"
        )
        self.stdout.write(f"匹配索引{manifest['match_index']}")
