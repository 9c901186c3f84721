"""hardtech import-contracts FILE [--dry-run] [--skip-bad] [--user NAME]: import a zone's existing technology
contract registration records (技术合同登记台账); the summary says how many records the file adds, changes and
leaves unchanged (with --dry-run: would)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hardtech.audit.context import acting_as
from hardtech.deals.importer import import_contracts
from hardtech.spreadsheets.framework import ALL_OR_NOTHING, SKIP_BAD, to_command


class Command(BaseCommand):
    help = "导入技术合同登记记录（.xlsx，中文表头，按技术合同登记号匹配）：先校验每一行，再写入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="只校验并统计将新增、修改、未变的记录数，不写入"
        )
        parser.add_argument(
            "--skip-bad",
            action="store_true",
            help="导入正确的行并报告错误行（默认：有错误行则不导入任何数据）",
        )
        parser.add_argument("--user", help="记入审计日志的用户名")

    def handle(self, *args, **options) -> None:
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"用户“{options['user']}”不存在")
        mode = SKIP_BAD if options["skip_bad"] else ALL_OR_NOTHING
        with acting_as(actor, "cli"):
            report = import_contracts(options["file"], mode, options["dry_run"], actor)
        self.stdout.write(f"用时 {report.seconds:.2f} 秒")
        to_command(report, self)
