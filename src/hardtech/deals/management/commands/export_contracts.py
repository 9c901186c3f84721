"""hardtech export-contracts --out FILE: the registered technology contracts in the import's columns (.xlsx), so
the file re-imports unchanged."""

from django.core.management.base import BaseCommand, CommandParser

from hardtech.deals.importer import export_contracts


class Command(BaseCommand):
    help = "导出已登记的技术合同（.xlsx，列与导入一致）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="输出文件（.xlsx）")

    def handle(self, *args, **options) -> None:
        count = export_contracts(options["out"], fmt="xlsx")
        self.stdout.write(f"已导出 {count} 条技术合同登记记录到 {options['out']}")
