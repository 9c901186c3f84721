"""`hardtech match-index [--kind achievements|demands|experts] [--lexical-only]`: rebuild the match indexes."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from hardtech.matching import service
from hardtech.matching.records import KINDS

STAGES = {"analyse": "分词", "embed": "向量"}
KIND_NAMES = {"achievements": "成果", "demands": "需求", "experts": "专家"}


class Command(BaseCommand):
    help = (
        "Rebuild the match indexes from the database: lexical first (usable at once), then dense vectors. "
        "Vectors are cached by content hash, so an interrupted run resumes and unchanged text is not re-embedded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=KINDS, help="rebuild one index only")
        parser.add_argument("--lexical-only", action="store_true", help="skip the dense vectors (fast)")

    def handle(self, *args, **options):
        bars: dict[tuple[str, str], tqdm] = {}

        def progress(kind: str, stage: str, done: int, total: int) -> None:
            key = (kind, stage)
            if total == 0:  # an empty library: nothing to show progress of
                return
            if key not in bars:
                bars[key] = tqdm(
                    total=total,
                    desc=f"{KIND_NAMES[kind]}·{STAGES.get(stage, stage)}",
                    unit="条",
                    file=sys.stderr,
                )
            bars[key].n = done
            bars[key].refresh()
            if done >= total:
                bars.pop(key).close()

        counts = service.rebuild(options["kind"], lexical_only=options["lexical_only"], progress=progress)
        for bar in bars.values():
            bar.close()
        mode = "仅关键词" if options["lexical_only"] else "关键词 + 语义向量"
        summary = "，".join(f"{KIND_NAMES[k]} {n} 条" for k, n in counts.items())
        self.stdout.write(f"匹配索引已重建（{mode}）：{summary}")
