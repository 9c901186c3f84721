"""`hardtech restore DIR [--yes]`: replace the database and the uploaded files with a backup's (core/backup.py)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from hardtech.core import backup
from hardtech.core.console import aligned
from hardtech.engines.match.progress import StageBars
from hardtech.matching.progress import IndexBars

COLUMNS = ("表 table", "备份 backup", "现在 now", "结果 result")


def _result(check: backup.Check) -> str:
    if check.ok:
        return "一致"
    if check.expected is None:
        return "备份中没有"
    return "缺失" if check.actual is None else "不一致"


def _hash(value: int | str | None) -> str:
    return "—" if value is None else str(value)[:12]


class Command(BaseCommand):
    help = (
        "Restore a backup made by `hardtech backup`: verify every file of DIR against its manifest (nothing "
        "is changed when one differs), replace the database and the uploaded files, rebuild the match indexes "
        "and compare every table's row count and every file's SHA-256 with the manifest. Stop the platform "
        "first. --yes confirms without asking; -v 2 lists every file."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="hardtech backup 写出的备份目录")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接替换当前数据")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, directory: Path, yes: bool, no_progress: bool, **options):
        bars, index_bars = StageBars(unit="项"), IndexBars()
        progress = backup.quiet if no_progress else bars
        try:
            manifest = backup.read_manifest(directory)
            backup.verify(directory, manifest, progress)
            bars.close()
            self._describe(directory, manifest)
            if not yes:
                self._confirm()
            comparison = backup.restore(directory, manifest, progress, None if no_progress else index_bars)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bars.close()
            index_bars.close()
        self._report(comparison, options["verbosity"])
        self.stdout.write(
            "匹配索引已按恢复后的数据库重建（关键词）；语义向量在 hardtech start 或 hardtech match-index 时补齐"
        )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("备份早于当前版本的数据库结构：请运行 hardtech migrate")
        if not comparison.ok:
            raise CommandError(f"恢复后核对不一致：{len(comparison.differences)} 处与备份清单不同（见上表）")
        self.stdout.write("恢复完成：每张表的行数和每个文件的 SHA-256 都与备份清单一致")

    def _describe(self, directory: Path, manifest: dict) -> None:
        database = manifest["database"]
        self.stdout.write(
            f"备份 {directory} 校验通过：{manifest['created_at']}，平台版本 {manifest['platform_version']}，"
            f"{backup.ENGINE_NAMES[database['engine']]}，{len(database['tables'])} 张表 "
            f"{sum(database['tables'].values())} 行，上传文件 {len(manifest['files']) - 1} 个"
        )

    def _confirm(self) -> None:
        if not sys.stdin.isatty():
            raise CommandError("恢复会替换当前的数据库和全部上传文件：请加 --yes 确认（未做任何改动）")
        answer = input("恢复会替换当前的数据库和全部上传文件，无法撤销。输入 yes 继续：")
        if answer.strip().lower() != "yes":
            raise CommandError("已取消，未做任何改动")

    def _report(self, comparison: backup.Comparison, verbosity: int) -> None:
        rows = [list(COLUMNS)] + [
            [c.name, _hash(c.expected), _hash(c.actual), _result(c)] for c in comparison.tables
        ]
        files = comparison.files if verbosity > 1 else [c for c in comparison.files if not c.ok]
        rows += [[f"文件 {c.name}", _hash(c.expected), _hash(c.actual), _result(c)] for c in files]
        expected = sum(c.expected is not None for c in comparison.files)
        actual = sum(c.actual is not None for c in comparison.files)
        differing = sum(not c.ok for c in comparison.files)
        rows.append(
            ["上传文件（个数）", str(expected), str(actual), f"{differing} 个不同" if differing else "一致"]
        )
        for line in aligned(rows):
            self.stdout.write(line)
