"""`hardtech match-batch --catalogue FILE --queries FILE --top 100 --out RUN.trec`: rank with the engine."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from hardtech.engines.match.batch import rank_to_trec, read_jsonl
from hardtech.engines.match.progress import StageBars
from hardtech.paths import data_dir


class Command(BaseCommand):
    help = "Rank a catalogue JSONL for every query JSONL and write a TREC run (qid Q0 docid rank score tag)."

    def add_arguments(self, parser):
        parser.add_argument("--catalogue", required=True, help='JSONL of {"_id", "title", "text", ...}')
        parser.add_argument("--queries", required=True, help='JSONL of {"_id", "text", optional "exclude"}')
        parser.add_argument("--top", type=int, default=100)
        parser.add_argument("--out", required=True, help="TREC run file to write")

    def handle(self, *args, **options):
        progress = StageBars()
        queries = tqdm(total=len(read_jsonl(options["queries"])), desc="queries", file=sys.stderr)
        n = rank_to_trec(
            options["catalogue"],
            options["queries"],
            options["out"],
            top=options["top"],
            cache_dir=data_dir() / "cache" / "vectors",
            progress=progress,
            on_query=queries.update,
        )
        progress.close()
        queries.close()
        self.stdout.write(f"{n} queries ranked → {options['out']}")
