"""`hardtech assign --instance FILE --out FILE [options]`: a thin wrapper over hardtech.engines.assign.cli."""

from django.core.management.base import BaseCommand

from hardtech.engines.assign import cli


class Command(BaseCommand):
    help = "评审专家分配：--instance 实例.json --out 答案.json（不可行时退出码 3，写明无法覆盖的申报项目）"

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*", help="options (try `hardtech assign --help`)")

    def run_from_argv(self, argv):
        # The engine's own argparse handles everything after `assign`, --flags included.
        raise SystemExit(cli.main(argv[2:]))

    def handle(self, *args, **options):
        code = cli.main(list(args))
        if code:
            raise SystemExit(code)
