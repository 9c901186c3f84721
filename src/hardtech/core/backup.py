"""备份与恢复 (`hardtech backup DIR`, `hardtech restore DIR`): the database, the uploaded files and a manifest.

A backup directory holds:
- the database: SQLite copied through its online backup API (`database.sqlite3`), PostgreSQL dumped with
  `pg_dump -Fc` (`database.pgdump`). Both read one consistent snapshot while the platform keeps running: the
  SQLite copy holds a read transaction for its whole length (WAL lets writers go on), and pg_dump runs on a
  snapshot exported by a REPEATABLE READ transaction, in which the manifest's row counts are taken too;
- `media/`: a copy of MEDIA_ROOT (uploaded attachments, documents, templates), taken after the database, so
  every file the database names is in it (a file uploaded meanwhile is an unused extra at worst);
- `manifest.json`, written last (a backup cut short has none and is refused): when, the platform version,
  the database engine, the row count of every table and the size and SHA-256 of every file.

The match indexes are not copied: they are built from the database (published listings and experts), so a
restore rebuilds them (lexical at once; the dense vectors follow at `hardtech start` or `hardtech
match-index`, reusing the embedding cache kept beside the index).

A restore verifies the whole backup against its manifest before it changes anything, replaces the database
(SQLite through the backup API, PostgreSQL with `pg_restore --clean --if-exists` in one transaction), makes
MEDIA_ROOT equal to the backup's files, then counts every table and hashes every file again to compare them
with the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.utils import timezone

import hardtech
from hardtech.matching import services
from hardtech.paths import private_file

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
INDEX_NOTE = "未备份：匹配索引由数据库中的成果、需求和专家建成，恢复后重建"
CHUNK = 1024 * 1024
SQLITE_PAGES_PER_STEP = 4096  # 16 MB at the default page size: a progress step
PG_LOCK_TIMEOUT = "60s"  # a restore waits this long for tables a running platform holds, then gives up whole
# pg_dump and pg_restore name each table as they reach its data (--verbose, C locale): a progress step.
PG_TABLE_STEP = re.compile(r"(dumping contents of|processing data for) table ")
LISTED_PROBLEMS = 10

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total), e.g. StageBars; stages are named in Chinese for the console."""


def quiet(stage: str, done: int, total: int) -> None:
    pass


class BackupError(Exception):
    """A backup that cannot be made or a directory that cannot be restored; the message says why (中文)."""


# ---- the database --------------------------------------------------------------------------------------------


def engine() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库（只支持 SQLite 和 PostgreSQL）")
    return connection.vendor


def _quote(name: str) -> str:
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split("."))


def _tables(cursor) -> list[str]:
    """Every table the database holds (PostgreSQL: schema.table, as pg_dump copies every schema)."""
    if connection.vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute(
            "SELECT schemaname || '.' || tablename FROM pg_tables"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        )
    return sorted(row[0] for row in cursor.fetchall())


def _count_rows(cursor, progress: Progress) -> dict[str, int]:
    tables = _tables(cursor)
    counts = {}
    for done, table in enumerate(tables, 1):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
        progress("行数", done, len(tables))
    return counts


def current_counts(progress: Progress = quiet) -> dict[str, int]:
    with connection.cursor() as cursor:
        return _count_rows(cursor, progress)


def _sqlite_connect() -> sqlite3.Connection:
    # The database's own name, which for the tests' in-memory database is a shared-cache URI.
    return sqlite3.connect(connection.settings_dict["NAME"], uri=True, timeout=20, isolation_level=None)


def _sqlite_pages(progress: Progress) -> Callable[[int, int, int], None]:
    return lambda status, remaining, total: progress("数据库", total - remaining, total)


def _sqlite_dump(target: Path, progress: Progress) -> dict[str, int]:
    source = _sqlite_connect()
    try:
        # One read transaction for the counts and the copy: its snapshot stays put while others write, and
        # the backup API, reading through it, never restarts.
        source.execute("BEGIN")
        counts = _count_rows(source.cursor(), progress)
        copy = sqlite3.connect(private_file(target))
        try:
            source.backup(copy, pages=SQLITE_PAGES_PER_STEP, progress=_sqlite_pages(progress))
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            copy.close()
        source.execute("COMMIT")
    finally:
        source.close()
    return counts


def _sqlite_load(source_path: Path, progress: Progress) -> None:
    source = sqlite3.connect(f"file:{quote(str(source_path))}?mode=ro", uri=True)
    live = _sqlite_connect()
    try:
        # The copy is written in one transaction of the live database: all of it, or none.
        source.backup(live, pages=SQLITE_PAGES_PER_STEP, progress=_sqlite_pages(progress))
    finally:
        live.close()
        source.close()


def _pg_env(**extra: str) -> dict[str, str]:
    """The connection settings (DATABASE_URL) as libpq's environment: no password on a command line."""
    db = connection.settings_dict
    env = {**os.environ, "LC_ALL": "C", **extra}
    for key, var in (("NAME", "PGDATABASE"), ("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db[key]:
            env[var] = str(db[key])
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    if sslmode := db["OPTIONS"].get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _pg_run(command: list[str], env: dict[str, str], tables: int, progress: Progress) -> None:
    """Run pg_dump or pg_restore, counting the tables it reports as progress; its last words on failure."""
    tail: deque[str] = deque(maxlen=5)
    done = 0
    try:
        process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True, errors="replace")
    except FileNotFoundError as exc:
        raise BackupError(f"找不到 {command[0]}：请安装 PostgreSQL 客户端工具（postgresql-client）") from exc
    assert process.stderr is not None
    for line in process.stderr:
        if PG_TABLE_STEP.search(line):
            done += 1
            progress("数据库", min(done, tables), tables)
        else:
            tail.append(line.strip())
    if process.wait() != 0:
        raise BackupError(f"{command[0]} 失败：" + " / ".join(tail))
    progress("数据库", tables, tables)


def _pg_dump(target: Path, progress: Progress) -> dict[str, int]:
    reader = connection.copy()
    try:
        with reader.cursor() as cursor:
            # The counts and pg_dump read one snapshot: the manifest describes exactly what was dumped.
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_rows(cursor, progress)
            private_file(target)
            command = ["pg_dump", "--format=custom", "--verbose", "--no-password", f"--snapshot={snapshot}"]
            _pg_run([*command, f"--file={target}"], _pg_env(), len(counts), progress)
            cursor.execute("COMMIT")
    finally:
        reader.close()
    return counts


def _pg_load(source_path: Path, progress: Progress, tables: int) -> None:
    connection.close()  # this process's own session must not hold what the restore drops
    command = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--single-transaction",  # a failure leaves the database as it was
        "--exit-on-error",
        "--no-owner",  # objects belong to the platform's database user, whoever owned them before
        "--verbose",
        "--no-password",
        f"--dbname={connection.settings_dict['NAME']}",
        str(source_path),
    ]
    env = _pg_env(PGOPTIONS=f"-c lock_timeout={PG_LOCK_TIMEOUT}")
    try:
        _pg_run(command, env, tables, progress)
    except BackupError as exc:
        raise BackupError(f"{exc}（数据库未改动；若因表被占用而超时，请先停止平台再恢复）") from exc


# ---- files -----------------------------------------------------------------------------------------------------


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _files_under(root: Path) -> list[str]:
    """Regular files under root, as sorted POSIX paths relative to it (symbolic links are not followed)."""
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _private_dirs(path: Path) -> None:
    """Create the folder and any missing parent readable by its owner only (mkdir's parents=True would
    give the parents the default mode)."""
    for folder in reversed([path, *path.parents]):
        if not folder.exists():
            folder.mkdir(mode=0o700, exist_ok=True)


def _copy(source: Path, target: Path) -> dict:
    """Copy a file readable by its owner only, hashing it on the way; its size and SHA-256."""
    _private_dirs(target.parent)
    digest, size = hashlib.sha256(), 0
    with (
        source.open("rb") as reader,
        os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as writer,
    ):
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    return {"bytes": size, "sha256": digest.hexdigest()}


def _media_files(manifest: dict) -> dict[str, dict]:
    """The manifest's uploaded files, keyed by their path under MEDIA_ROOT."""
    prefix = MEDIA + "/"
    return {
        name.removeprefix(prefix): entry
        for name, entry in manifest["files"].items()
        if name.startswith(prefix)
    }


# ---- backing up ----------------------------------------------------------------------------------------------


def backup(directory: Path, progress: Progress = quiet) -> dict:
    """Back up the database and MEDIA_ROOT into a new (or empty) directory; returns the manifest written."""
    kind = engine()
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(f"{directory} 已存在且不是空目录：备份不覆盖任何文件，请换一个新目录")
    _private_dirs(directory)
    created_at = timezone.now()
    database = DATABASE_FILES[kind]
    dump = _sqlite_dump if kind == "sqlite" else _pg_dump
    tables = dump(directory / database, progress)
    files = {
        database: {"bytes": (directory / database).stat().st_size, "sha256": sha256(directory / database)}
    }
    media = _files_under(_media_root())
    for done, name in enumerate(media, 1):
        files[f"{MEDIA}/{name}"] = _copy(_media_root() / name, directory / MEDIA / name)
        progress("上传文件", done, len(media))
    manifest = {
        "format": FORMAT,
        "created_at": created_at.isoformat(),
        "platform_version": hardtech.__version__,
        "database": {"engine": kind, "file": database, "tables": tables},
        "match_index": INDEX_NOTE,
        "files": files,
    }
    partial = directory / (MANIFEST + ".partial")
    private_file(partial).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    partial.replace(directory / MANIFEST)  # last, and whole: only a finished backup has a manifest
    return manifest


# ---- checking a backup -----------------------------------------------------------------------------------------


def read_manifest(directory: Path) -> dict:
    """The manifest of a backup directory, checked for form (not yet against the files: see `verify`)."""
    path = Path(directory) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{directory} 中没有 {MANIFEST}：不是备份目录，或备份没有完成")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        database, files = manifest["database"], manifest["files"]
        tables = database["tables"]
        well_formed = (
            manifest["format"] == FORMAT
            and database["engine"] in DATABASE_FILES
            and database["file"] in files
            and all(isinstance(n, int) for n in tables.values())
            and all(isinstance(e["sha256"], str) and isinstance(e["bytes"], int) for e in files.values())
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"{MANIFEST} 已损坏，无法读取：{exc}") from exc
    if not well_formed:
        raise BackupError(f"{MANIFEST} 的格式不对（不是本平台第 {FORMAT} 版的备份清单）")
    for name in files:
        # A name that climbs out of the directory would make a restore write outside MEDIA_ROOT.
        parts = PurePosixPath(name).parts
        if PurePosixPath(name).is_absolute() or ".." in parts or "\\" in name:
            raise BackupError(f"{MANIFEST} 中的文件名“{name}”不合法")
    return manifest


def verify(directory: Path, manifest: dict, progress: Progress = quiet) -> None:
    """Every file the manifest lists is in the directory with its size and SHA-256, and the database is of
    the engine the platform runs on; raises BackupError naming what is wrong."""
    kind = engine()
    if manifest["database"]["engine"] != kind:
        raise BackupError(
            f"备份来自 {ENGINE_NAMES[manifest['database']['engine']]} 数据库，当前平台使用 "
            f"{ENGINE_NAMES[kind]}：不能直接恢复"
        )
    problems = []
    files = manifest["files"]
    for done, (name, entry) in enumerate(sorted(files.items()), 1):
        path = Path(directory, name)
        if not path.is_file():
            problems.append(f"缺少 {name}")
        elif path.stat().st_size != entry["bytes"] or sha256(path) != entry["sha256"]:
            problems.append(f"{name} 的 SHA-256 与清单不符")
        progress("校验备份", done, len(files))
    if problems:
        shown = "；".join(problems[:LISTED_PROBLEMS])
        more = f"（共 {len(problems)} 处）" if len(problems) > LISTED_PROBLEMS else ""
        raise BackupError(f"备份校验失败，未做任何改动：{shown}{more}")


# ---- restoring -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One table's row count or one file's SHA-256: in the backup, and now (None: not there)."""

    name: str
    expected: int | str | None
    actual: int | str | None

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


@dataclass
class Comparison:
    tables: list[Check] = field(default_factory=list)
    files: list[Check] = field(default_factory=list)

    @property
    def differences(self) -> list[Check]:
        return [c for c in (*self.tables, *self.files) if not c.ok]

    @property
    def ok(self) -> bool:
        return not self.differences


def compare(manifest: dict, progress: Progress = quiet) -> Comparison:
    """Every table's row count and every uploaded file's SHA-256 now, against the manifest (tables and
    files that are here but not in the backup included)."""
    counts = current_counts(progress)
    expected_counts = manifest["database"]["tables"]
    tables = [Check(t, expected_counts.get(t), counts.get(t)) for t in sorted({*expected_counts, *counts})]
    wanted = {name: entry["sha256"] for name, entry in _media_files(manifest).items()}
    names = sorted({*wanted, *_files_under(_media_root())})
    files = []
    for done, name in enumerate(names, 1):
        path = _media_root() / name
        files.append(Check(name, wanted.get(name), sha256(path) if path.is_file() else None))
        progress("核对", done, len(names))
    return Comparison(tables, files)


def _restore_media(directory: Path, manifest: dict, progress: Progress) -> None:
    """Make MEDIA_ROOT hold exactly the backup's files. File by file (an unchanged file is left alone, each
    one replaced atomically), so MEDIA_ROOT may be a mount point and needs no room for a second copy."""
    root = _media_root()
    wanted = _media_files(manifest)
    for done, (name, entry) in enumerate(sorted(wanted.items()), 1):
        target = root / name
        if not (target.is_file() and sha256(target) == entry["sha256"]):
            partial = target.with_name(f".{target.name}.restoring")
            _copy(Path(directory, MEDIA, name), partial)
            partial.replace(target)
        progress("上传文件", done, len(wanted))
    for name in _files_under(root):
        if name not in wanted:  # uploaded after the backup was taken
            (root / name).unlink()
    for folder, _dirs, _files in os.walk(root, topdown=False):  # children first: emptied folders go too
        if Path(folder) != root and not any(Path(folder).iterdir()):
            Path(folder).rmdir()


def restore(
    directory: Path,
    manifest: dict,
    progress: Progress = quiet,
    index_progress: services.Progress | None = None,
) -> Comparison:
    """Replace the database and the uploaded files with a verified backup's (call `verify` first), rebuild
    the match indexes from the restored database (lexical; the dense vectors follow at `hardtech start`),
    and compare what is there now with the manifest."""
    database = Path(directory, manifest["database"]["file"])
    if engine() == "sqlite":
        _sqlite_load(database, progress)
    else:
        _pg_load(database, progress, len(manifest["database"]["tables"]))
    _restore_media(Path(directory), manifest, progress)
    comparison = compare(manifest, progress)
    services.rebuild(lexical_only=True, progress=index_progress)
    return comparison
