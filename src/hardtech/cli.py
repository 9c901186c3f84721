"""The `hardtech` console command: Django's management commands, with dashes allowed in their names.

hardtech start | demo | import KIND FILE | export KIND FILE | createuser | match-batch | bench match | ...
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hardtech.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hardtech", *argv[1:]])


if __name__ == "__main__":
    main()
