"""`hardtech export-feedback FILE.jsonl|FILE.xlsx|DIR/`: the users' verdicts on matches.

A .jsonl or .xlsx file gets one row per verdict; a directory (or --bench) gets the benchmark task layout
(catalogue.jsonl, match-feedback/queries.jsonl, match-feedback/qrels.tsv; see hardtech.matching.feedback).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hardtech.matching import feedback


class Command(BaseCommand):
    help = "导出匹配反馈：FILE.jsonl / FILE.xlsx 逐条导出；目录（或 --bench）导出为基准评测集。"

    def add_arguments(self, parser):
        parser.add_argument("target", help="FILE.jsonl, FILE.xlsx or a directory")
        parser.add_argument("--bench", action="store_true", help="write the benchmark task layout to target")

    def handle(self, *args, target: str, bench: bool, **options):
        path = Path(target)
        if bench or path.is_dir() or target.endswith("/"):
            n = feedback.export_bench(path)
            self.stdout.write(f"已导出 {n} 个查询的反馈评测集 → {path}（catalogue.jsonl、{feedback.TASK}/）")
            return
        writers = {".jsonl": feedback.export_jsonl, ".xlsx": feedback.export_xlsx}
        if path.suffix not in writers:
            raise CommandError("文件名应以 .jsonl 或 .xlsx 结尾，或给出目录 / --bench")
        n = writers[path.suffix](path)
        self.stdout.write(f"已导出 {n} 条匹配反馈 → {path}")
