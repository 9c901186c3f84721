"""hardtech export KIND FILE [--status published,pending]"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hardtech.catalogue.kinds import KINDS
from hardtech.spreadsheets.exporter import export_file, parse_statuses
from hardtech.spreadsheets.formats import FileError


class Command(BaseCommand):
    help = (
        "导出机构、科技成果、技术需求或专家为 .xlsx / .csv / .jsonl（与导入相同的中文表头，可直接再导入）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("file")
        parser.add_argument("--status", help="只导出这些状态（逗号分隔，如 published,pending 或 已发布）")
        parser.add_argument("--format", choices=["xlsx", "csv", "jsonl"], help="文件格式（默认按扩展名）")

    def handle(self, *args, **options) -> None:
        try:
            statuses = parse_statuses(options["status"]) if options["status"] else None
            count = export_file(options["kind"], options["file"], options["format"], statuses)
        except (ValueError, FileError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已导出 {count} 条到 {options['file']}")
