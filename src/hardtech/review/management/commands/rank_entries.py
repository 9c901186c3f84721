"""`hardtech rank-entries --instance FILE --out FILE`: a thin wrapper over hardtech.engines.judging.cli."""

from django.core.management.base import BaseCommand

from hardtech.engines.judging import cli


class Command(BaseCommand):
    help = "评审排名: rank a competition's entries from judges' scores (try `hardtech rank-entries --help`)."

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*", help="--instance FILE --out FILE")

    def run_from_argv(self, argv):
        # The engine's own argparse handles everything after `rank-entries`, --flags included.
        raise SystemExit(cli.main(argv[2:]))

    def handle(self, *args, **options):
        code = cli.main(list(args))
        if code:
            raise SystemExit(code)
