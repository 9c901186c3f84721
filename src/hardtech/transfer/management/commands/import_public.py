"""hardtech import-public [DIR]: the public research texts in shared/data as published achievements."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hardtech.audit.context import acting_as
from hardtech.matching.service import rebuild
from hardtech.paths import shared_dir
from hardtech.transfer.public import DATASETS, UNIVERSITIES_FILE, import_public


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
        with acting_as(None, "cli"):
            report = import_public(directory, progress=not options["no_progress"])
        for line in report.lines():
            self.stdout.write(line)
        started = time.perf_counter()
        counts = rebuild(lexical_only=True)
        self.stdout.write(
            f"匹配索引（词项部分）已更新：{counts}，{time.perf_counter() - started:.1f} 秒；"
            "运行 hardtech match-index 加入语义向量（较慢，可中断后续跑）"
        )

    @staticmethod
    def _default_dir() -> Path:
        shared = shared_dir()
        if shared is None:
            raise CommandError("找不到 shared/data，请指定数据目录")
        return shared / "data"
