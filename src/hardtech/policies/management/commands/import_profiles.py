"""`hardtech import-profiles FILE.xlsx`: import 一企一档 profiles; all rows or none, every bad row reported."""

from django.core.management.base import BaseCommand, CommandError

from hardtech.policies.importer import import_profiles
from hardtech.spreadsheets.formats import FileError


class Command(BaseCommand):
    help = "从 Excel 导入企业档案：先校验全部行，有任何错误则不导入并列出每个错误（工作表、行、列、原因）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx workbook, one sheet per record type")

    def handle(self, *args, **options):
        try:
            report = import_profiles(options["file"])
        except FileError as e:
            raise CommandError(str(e)) from None
        except OSError as e:
            raise CommandError(f"无法读取文件 {options['file']}：{e.strerror}") from None
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
