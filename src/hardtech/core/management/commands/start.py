"""`hardtech start`: migrate, then serve the platform with waitress (a production WSGI server).

Before serving, the match indexes are compared with the database in the background and repaired where they
fell behind (say, the process was killed right after an import committed); searches answer meanwhile.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from waitress import serve

from hardtech.matching import sync
from hardtech.wsgi import application


class Command(BaseCommand):
    help = "Apply migrations and serve the platform (default http://127.0.0.1:8000/)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host: str, port: int, threads: int, **options):
        call_command("migrate", interactive=False, verbosity=0)
        sync.catch_up(why="at start")
        self.stdout.write(
            self.style.SUCCESS(f"硬科技创新服务平台 running at http://{host}:{port}/  (Ctrl+C to stop)")
        )
        serve(application, host=host, port=port, threads=threads, ident="hardtech")
