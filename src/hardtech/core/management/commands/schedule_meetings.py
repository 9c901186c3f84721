"""`hardtech schedule-meetings --instance FILE --out FILE`: a thin wrapper over hardtech.engines.schedule.cli."""

from django.core.management.base import BaseCommand

from hardtech.engines.schedule import cli


class Command(BaseCommand):
    help = "对接会洽谈排程：--instance 实例.json --out 答案.json（格式见 ../shared/meetings/FORMAT.md）"

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*", help="options (try `hardtech schedule-meetings --help`)")

    def run_from_argv(self, argv):
        # The engine's own argparse handles everything after `schedule-meetings`, --flags included.
        raise SystemExit(cli.main(argv[2:]))

    def handle(self, *args, **options):
        code = cli.main(list(args))
        if code:
            raise SystemExit(code)
