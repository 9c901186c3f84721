"""hardtech import KIND FILE [--mode all-or-nothing|skip-bad] [--dry-run] [--user USERNAME]: the summary says
how many records the file adds, changes and leaves unchanged (with --dry-run: would)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hardtech.audit.context import acting_as
from hardtech.catalogue.kinds import KINDS
from hardtech.matching import sync
from hardtech.matching.progress import IndexBars
from hardtech.spreadsheets.framework import MODES, to_command
from hardtech.spreadsheets.importer import import_file


class Command(BaseCommand):
    help = "导入机构、科技成果、技术需求或专家（.xlsx / .csv / .jsonl，中文表头）：先校验每一行，再写入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("file")
        parser.add_argument(
            "--mode",
            choices=MODES,
            default="all-or-nothing",
            help="all-or-nothing：有错误行则不导入任何数据（默认）；skip-bad：导入正确的行，报告错误行",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="只校验并统计将新增、修改、未变的记录数，不写入"
        )
        parser.add_argument("--user", help="记入审计日志和创建人的用户名")
        parser.add_argument("--format", choices=["xlsx", "csv", "jsonl"], help="文件格式（默认按扩展名）")

    def handle(self, *args, **options) -> None:
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"用户“{options['user']}”不存在")
        bars = IndexBars()
        # the match indexes catch up before the command ends, dense part included
        with acting_as(actor, "cli"), sync.foreground(bars):
            report = import_file(
                options["kind"],
                options["file"],
                options["mode"],
                options["dry_run"],
                actor,
                options["format"],
            )
        bars.close()
        self.stdout.write(f"用时 {report.seconds:.2f} 秒")
        to_command(report, self)
