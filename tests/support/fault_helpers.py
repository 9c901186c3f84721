"""Kill and concurrency tests: real `hardtech` processes on a data directory of their own (a file SQLite
database in WAL mode with the project's options), killed with SIGKILL, then inspected from outside.

The parent side (the tests) starts processes, waits for a moment worth killing, and reads the database with
plain sqlite3. The child side is this module run as a program (`python -m support.fault_helpers OP ...`,
Django set up from the environment) for the work no `hardtech` command does: a loop of service writes,
concurrent writers, a bulk write the index does not hear of, the index's difference from the database
and a search.
"""

import fcntl
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import closing
from functools import partial
from pathlib import Path

import openpyxl

TESTS = Path(__file__).resolve().parents[1]
DB_NAME = "hardtech.sqlite3"
LONGEST_WAIT = 60  # seconds a process may take to reach the state a test waits for before the test fails
PASSWORD = "pass-1234"


# ---- the parent side ---------------------------------------------------------------------------------------


def child_env(data_dir: Path) -> dict[str, str]:
    """The environment of a process on `data_dir`: its own SQLite database, never DATABASE_URL."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "HARDTECH_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "support.fault_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS), env.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
    }
    return env


def hardtech_args(*args: str) -> list[str]:
    """`hardtech ARGS` (the console script's entry point, run by this interpreter)."""
    return [sys.executable, "-m", "hardtech.cli", *args]


def child_args(op: str, *args: object) -> list[str]:
    return [sys.executable, "-m", "support.fault_helpers", op, *map(str, args)]


def run(data_dir: Path, argv: list[str]) -> subprocess.CompletedProcess:
    """Run to its end; fails the test when the process fails."""
    done = subprocess.run(
        argv, env=child_env(data_dir), capture_output=True, text=True, timeout=LONGEST_WAIT, cwd=data_dir
    )
    if done.returncode:
        raise AssertionError(f"{argv[1:]} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def start(data_dir: Path, argv: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        argv,
        env=child_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=data_dir,
    )


def wait_for(what: str, condition: Callable[[], bool], process: subprocess.Popen | None = None) -> None:
    """Poll `condition` until it holds; fail if `process` ends first or it takes unreasonably long."""
    deadline = time.monotonic() + LONGEST_WAIT
    while not condition():
        if process is not None and process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(
                f"the process ended (status {process.returncode}) before {what}:\n{out}\n{err}"
            )
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.005)


def sigkill(process: subprocess.Popen) -> int:
    """SIGKILL and reap; returns the exit status (-9 when it was still running)."""
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=LONGEST_WAIT)
    return process.returncode


def prepared_template(directory: Path) -> Path:
    """A data directory with a migrated database holding the writers' operator and organisation, made once
    and copied per test (migrating takes seconds)."""
    directory.mkdir(parents=True, exist_ok=True)
    run(directory, hardtech_args("migrate", "-v0"))
    run(directory, child_args("prepare"))
    return directory


def data_dir_from(template: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in (DB_NAME, "secret_key"):
        shutil.copy2(template / name, target / name)
    return target


def database(data_dir: Path) -> Path:
    return data_dir / DB_NAME


def query(data_dir: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows read by a plain sqlite3 connection, as a restarted process would see the database."""
    with closing(sqlite3.connect(database(data_dir), timeout=20)) as connection:
        return connection.execute(sql, params).fetchall()


def scalar(data_dir: Path, sql: str, params: tuple = ()) -> object:
    return query(data_dir, sql, params)[0][0]


def integrity(data_dir: Path) -> list[str]:
    """What SQLite finds wrong with the file (PRAGMA integrity_check) and its foreign keys; empty when sound."""
    problems = [row[0] for row in query(data_dir, "PRAGMA integrity_check") if row[0] != "ok"]
    problems += [f"foreign key: {row}" for row in query(data_dir, "PRAGMA foreign_key_check")]
    return problems


def writer_active(data_dir: Path) -> bool:
    """Whether some connection holds the database's write lock (is inside a write transaction): a
    BEGIN IMMEDIATE that may not wait is refused then."""
    connection = sqlite3.connect(database(data_dir), timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        return True
    finally:
        connection.close()


def index_write_locked(data_dir: Path, kind: str) -> bool:
    """Whether a process holds the match index's writer lock (matching.store: `<kind>.lock`), as it does
    while it updates the index in place."""
    path = data_dir / "match-index" / f"{kind}.lock"
    if not path.exists():
        return False
    with open(path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False


def achievements_workbook(
    path: Path, count: int, marker: str, title: str = "高功率激光器芯片封装工艺"
) -> Path:
    """An .xlsx of `count` published achievements, each titled with `marker`, its number and `title`, with
    编号 (so that a second file with the same marker and another title changes them)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "成果名称", "成果简介", "技术领域", "关键词", "状态"])
    for n in range(count):
        sheet.append(
            [
                f"{marker}-{n:05d}",
                f"{marker} 第{n}号 {title}",
                f"第{n}号成果：一种热阻低、可靠性高的半导体激光器封装方法，适用于工业加工与医疗设备。",
                "电子信息",
                "激光器、封装",
                "已发布",
            ]
        )
    book.save(path)
    return path


def child_json(stdout: str) -> dict:
    """The JSON a child op printed last."""
    return json.loads(stdout.strip().splitlines()[-1])


# ---- the child side ----------------------------------------------------------------------------------------


def _operator_and_organisation():
    from hardtech.accounts.models import Role, User
    from hardtech.catalogue.models import Organisation

    organisation, _ = Organisation.objects.get_or_create(
        name="故障测试大学", defaults={"kind": "university", "province": "陕西省"}
    )
    operator = User.objects.filter(username="fault-operator").first() or User.objects.create_user(
        "fault-operator", password=PASSWORD, role=Role.OPERATOR
    )
    return operator, organisation


def _create_achievement(operator, organisation, title: str) -> int:
    from hardtech.catalogue import services
    from hardtech.catalogue.models import Achievement

    saved = services.create(
        operator,
        Achievement(),
        {
            "title": title,
            "summary": f"{title}：故障测试写入的成果简介。",
            "field": "electronic_information",
        },
        {"organisations": [organisation.pk]},
    )
    return saved.obj.pk


def create_achievements(count: str, marker: str) -> None:
    """Create achievements one service call after another, printing the number committed after each."""
    operator, organisation = _operator_and_organisation()
    for n in range(int(count)):
        _create_achievement(operator, organisation, f"{marker}-{n:05d}")
        print(f"committed {n + 1}", flush=True)


def _web_writer(operator, organisation):
    """Creates achievements as the operator's browser does: a signed-in session posting the portal's form
    (the request's middleware writes too: the session, its last activity, the audit context)."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(operator)

    def write(title: str) -> None:
        data = {"title": title, "field": "new_energy", "summary": f"{title}：并发测试。"}
        response = client.post(reverse("achievement_create"), {**data, "organisations": [organisation.pk]})
        if response.status_code != 302:
            raise RuntimeError(f"POST achievement_create answered {response.status_code}")

    return write


def concurrent_writes(threads: str, each: str, marker: str, go: str) -> None:
    """`threads` threads, each creating `each` achievements on its own connection (as a threaded web server's
    requests do): even threads through catalogue.services, odd ones through the web form. Once set up, the
    process writes `ready-<pid>` beside `go` and all threads start when `go` appears (so that several
    processes write at once); prints the count written and every error."""
    from django.db import connection

    operator, organisation = _operator_and_organisation()
    written: list[str] = []
    errors: list[str] = []
    # once every thread is set up (signed in), the process says so and waits for the others
    ready = threading.Barrier(int(threads), action=Path(go).with_name(f"ready-{os.getpid()}").touch)
    connection.close()

    def work(t: int) -> None:
        try:
            write = (
                _web_writer(operator, organisation)
                if t % 2
                else partial(_create_achievement, operator, organisation)
            )
            ready.wait()
            wait_for("the go file", Path(go).exists)
        except Exception as exc:
            ready.abort()  # the other threads stop waiting too
            errors.append(f"thread {t} did not start: {type(exc).__name__}: {exc}")
            connection.close()
            return
        try:
            for n in range(int(each)):
                title = f"{marker}-{os.getpid()}-{t}-{n}"
                try:
                    write(title)
                    written.append(title)
                except Exception as exc:
                    errors.append(f"{title}: {type(exc).__name__}: {exc}")
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(t,)) for t in range(int(threads))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(json.dumps({"written": len(written), "errors": errors}, ensure_ascii=False), flush=True)


def bulk_achievement(title: str) -> None:
    """One published achievement written as an import writes (bulk_create: no signals, so the match index
    does not hear of it), as if an import had been killed between its commit and the index's catch-up."""
    from hardtech.catalogue.models import Achievement

    achievement = Achievement(
        title=title, summary=f"{title}：批量写入。", field="electronic_information", status="published"
    )
    achievement.refresh_search_text()
    (written,) = Achievement.objects.bulk_create([achievement])
    print(json.dumps({"pk": written.pk}), flush=True)


def index_state(kind: str, q: str) -> None:
    """How the index differs from the database (sync.compare, as `match-index --check --dry-run` reports it),
    then the ids the match engine finds for `q` (null when it cannot answer: no usable index)."""
    from hardtech.matching import services, sync

    diff = sync.compare(kind)
    differs = {"missing": diff.missing, "stale": diff.stale, "extra": diff.extra, "indexed": diff.indexed}
    print(json.dumps({**differs, "ids": services.search_ids(kind, q)}), flush=True)


def prepare() -> None:
    """The operator and organisation the writers use, made once before several processes start."""
    _operator_and_organisation()


OPS = {
    "prepare": prepare,
    "create-achievements": create_achievements,
    "concurrent-writes": concurrent_writes,
    "bulk-achievement": bulk_achievement,
    "index-state": index_state,
}


def main() -> None:
    import django

    django.setup()
    op, *args = sys.argv[1:]
    OPS[op](*args)


if __name__ == "__main__":
    main()
