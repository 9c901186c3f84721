"""hardtech import-public [DIR]: the public research texts in shared/data as published achievements."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hardtech.audit.context import acting_as
from hardtech.matching import sync
from hardtech.matching.progress import IndexBars
from hardtech.paths import shared_dir
from hardtech.spreadsheets.public import DATASETS, UNIVERSITIES_FILE, import_public


class Command(BaseCommand):
    help = "导入公开数据（CSL 论文、ChinaXiv 预印本、KPPatent-ZH 专利）为已发布的科技成果；重复运行只更新。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", nargs="?", help="数据目录（默认：shared/data）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options) -> None:
        directory = Path(options["directory"]) if options["directory"] else self._default_dir()
        missing = [
            f for f in (*(d.file for d in DATASETS), UNIVERSITIES_FILE) if not (directory / f).is_file()
        ]
        if missing:
            raise CommandError(f"{directory} 中缺少：{'、'.join(missing)}")
        bars = IndexBars() if not options["no_progress"] else None
        started = time.perf_counter()
        # the match indexes catch up before the command ends, dense part included (resumable if interrupted)
        with acting_as(None, "cli"), sync.foreground(bars):
            report = import_public(directory, progress=not options["no_progress"])
        if bars:
            bars.close()
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"匹配索引已更新：{time.perf_counter() - started - report.seconds:.1f} 秒")

    @staticmethod
    def _default_dir() -> Path:
        shared = shared_dir()
        if shared is None:
            raise CommandError("找不到 shared/data，请指定数据目录")
        return shared / "data"
