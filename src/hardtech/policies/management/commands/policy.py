"""`hardtech policy evaluate|ready|explain|test|list|show …`: a thin wrapper over hardtech.engines.policy.cli."""

from django.core.management.base import BaseCommand

from hardtech.engines.policy import cli


class Command(BaseCommand):
    help = (
        "政策计算器: evaluate | ready | explain | test | list | show (try `hardtech policy evaluate --help`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*", help="a subcommand and its options")

    def run_from_argv(self, argv):
        # The engine's own argparse handles everything after `policy`, --flags included.
        raise SystemExit(cli.main(argv[2:]))

    def handle(self, *args, **options):
        code = cli.main(list(args))
        if code:
            raise SystemExit(code)
