"""`hardtech bench ENGINE [options]`: run one engine's benchmark (it prints its own table)."""

import importlib

from django.core.management.base import BaseCommand, CommandError

BENCHMARKS = {
    "match": "hardtech.engines.match.bench",
    "assign": "hardtech.engines.assign.bench",
    "policy": "hardtech.engines.policy.bench",
    "pages": "hardtech.core.bench_pages",
    "judging": "hardtech.engines.judging.bench",
    "meetings": "hardtech.engines.schedule.bench",
    "deals": "hardtech.deals.bench",
}


class Command(BaseCommand):
    help = "Run a benchmark: match | policy | pages. Options after the name go to the benchmark (try --help)."

    def add_arguments(self, parser):
        parser.add_argument("engine", choices=sorted(BENCHMARKS))
        parser.add_argument("options", nargs="*", help="options for the benchmark itself")

    def run_from_argv(self, argv):
        # Pass everything after the engine name through untouched, including --flags.
        if len(argv) > 2 and argv[2] in BENCHMARKS:
            raise SystemExit(importlib.import_module(BENCHMARKS[argv[2]]).main(argv[3:]))
        super().run_from_argv(argv)

    def handle(self, *args, **options):
        raise CommandError("name an engine: " + ", ".join(sorted(BENCHMARKS)))
