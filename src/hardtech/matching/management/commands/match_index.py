"""`hardtech match-index [--kind K] [--lexical-only] [--check [--dry-run]]`: rebuild, or check, the match indexes.

--check compares each index with the database (every record's document, and the dense part), prints what
differs, and repairs only that; --check --dry-run only reports, and exits with status 1 when anything
differs (for monitoring).
"""

from django.core.management.base import BaseCommand, CommandError

from hardtech.core.console import aligned
from hardtech.matching import services, sync
from hardtech.matching.progress import KIND_NAMES, IndexBars
from hardtech.matching.records import KINDS
from hardtech.matching.store import store

LISTED_IDS = 10
COLUMNS = (
    "索引 index",
    "应有 expected",
    "已有 indexed",
    "缺少 missing",
    "过期 stale",
    "多余 extra",
    "语义向量 dense",
)


def _dense(diff: sync.Difference) -> str:
    if diff.indexed is None:
        return "—"
    if diff.dense_missing:
        return "缺失 missing"
    return "完整 ok" if sync.dense_wanted() else "未启用 off"


def _ids(ids: list[int]) -> str:
    shown = ", ".join(map(str, ids[:LISTED_IDS]))
    return shown + (f" …（共 {len(ids)} 条）" if len(ids) > LISTED_IDS else "")


class Command(BaseCommand):
    help = (
        "Rebuild the match indexes from the database: lexical first (usable at once), then dense vectors. "
        "Vectors are cached by content hash, so an interrupted run resumes and unchanged text is not re-embedded. "
        "--check: compare each index with the database and repair what differs (--dry-run: report only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=KINDS, help="one index only")
        parser.add_argument("--lexical-only", action="store_true", help="skip the dense vectors (fast)")
        parser.add_argument(
            "--check",
            action="store_true",
            help="compare with the database, report missing / stale / extra records and repair only those",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="with --check: report only; exit status 1 if anything differs",
        )

    def handle(self, *args, **options):
        if options["dry_run"] and not options["check"]:
            raise CommandError("--dry-run 只能与 --check 一起使用")
        kinds = [options["kind"]] if options["kind"] else list(KINDS)
        bars = IndexBars()
        try:
            if options["check"]:
                self._check(kinds, options["dry_run"], not options["lexical_only"], bars)
            else:
                self._rebuild(options["kind"], options["lexical_only"], bars)
        finally:
            bars.close()

    def _rebuild(self, kind: str | None, lexical_only: bool, bars: IndexBars) -> None:
        counts = services.rebuild(kind, lexical_only=lexical_only, progress=bars)
        mode = "仅关键词" if lexical_only else "关键词 + 语义向量"
        summary = "，".join(f"{KIND_NAMES[k]} {n} 条" for k, n in counts.items())
        self.stdout.write(f"匹配索引已重建（{mode}）：{summary}")

    def _check(self, kinds: list[str], dry_run: bool, dense: bool, bars: IndexBars) -> None:
        diffs = {}
        for kind in kinds:
            with store.exclusive(kind):
                diffs[kind] = diff = sync.compare(kind)
                if not dry_run and not diff.in_line:
                    sync.repair(diff, dense_now=dense, progress=bars)
        rows = [list(COLUMNS)] + [
            [
                f"{KIND_NAMES[kind]} {kind}",
                str(diff.expected),
                "无索引 none" if diff.indexed is None else str(diff.indexed),
                str(len(diff.missing)),
                str(len(diff.stale)),
                str(len(diff.extra)),
                _dense(diff),
            ]
            for kind, diff in diffs.items()
        ]
        for line in aligned(rows):
            self.stdout.write(line)
        for kind, diff in diffs.items():
            for label, ids in (
                ("缺少 missing", diff.missing),
                ("过期 stale", diff.stale),
                ("多余 extra", diff.extra),
            ):
                if ids:
                    self.stdout.write(f"{KIND_NAMES[kind]} {kind} {label}: {_ids(ids)}")
        behind = [KIND_NAMES[k] for k, d in diffs.items() if not d.in_line]
        if not behind:
            self.stdout.write("索引与数据库一致 / indexes match the database")
        elif dry_run:
            raise CommandError(f"{'、'.join(behind)}索引与数据库不一致（未修复：去掉 --dry-run 即修复）")
        else:
            self.stdout.write(f"已修复 / repaired: {'、'.join(behind)}")
