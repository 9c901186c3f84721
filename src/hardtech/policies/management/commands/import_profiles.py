"""`hardtech import-profiles FILE.xlsx [--mode …] [--dry-run]`: import 一企一档 profiles; every bad row reported,
the summary counting the records added, changed and unchanged."""

from django.core.management.base import BaseCommand, CommandError

from hardtech.policies.importer import import_profiles
from hardtech.spreadsheets.framework import ALL_OR_NOTHING, MODES, to_command


class Command(BaseCommand):
    help = "从 Excel 导入企业档案：先校验全部行并列出每个错误（工作表、行、列、原因），统计新增、修改、未变的记录数"

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx workbook, one sheet per record type")
        parser.add_argument(
            "--mode",
            choices=MODES,
            default=ALL_OR_NOTHING,
            help="all-or-nothing：有错误行则不导入任何数据（默认）；skip-bad：导入正确的行，报告错误行",
        )
        parser.add_argument("--dry-run", action="store_true", help="只校验并统计，不写入")

    def handle(self, *args, **options):
        try:
            report = import_profiles(options["file"], options["mode"], options["dry_run"])
        except OSError as e:
            raise CommandError(f"无法读取文件 {options['file']}：{e.strerror}") from None
        to_command(report, self)
