"""Where the three match indexes live on disk and how every process shares them.

Layout of settings.MATCH_INDEX_DIR (<db> is a short hash of the database's name):
    <kind>-<db>.json    pointer: the current generation directory, a change token, the database it indexes
    <kind>.lock         flock taken by every writer (signal updates in web workers, the rebuild command)
    <kind>-<db>.catch-up.lock   flock of whoever reconciles the index with the database (hardtech.matching.sync)
    <kind>/<gen>-<db>/  MatchIndex directories; a rebuild writes a new generation and swaps the pointer
    cache/              dense vectors by content hash, shared by all kinds, generations and databases

Each process opens an index lazily and keeps it. Every write replaces the pointer's token, so a process that
finds a token it did not see reopens the index (the pointer is one small file read per use). Writers lock,
catch up with the pointer, write, then publish a new token: two web workers never write from stale state.

Pointers and generations are per database, so a test database never reads, updates or replaces the index of
the developer's real database in the same data directory, and an index is only used with the data it
describes.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from hardtech.engines.match import MatchIndex
from hardtech.matching.embedding import CachingEmbedder

log = logging.getLogger(__name__)


def root() -> Path:
    return Path(settings.MATCH_INDEX_DIR)


_embedders: dict[Path, CachingEmbedder] = {}


def open_index(kind: str, generation: str) -> MatchIndex:
    cache = root() / "cache"
    embedder = _embedders.setdefault(cache, CachingEmbedder(cache))  # one query cache for all three kinds
    return MatchIndex.open(root() / kind / generation, embedder=embedder)


def database_name() -> str:
    return str(connection.settings_dict["NAME"])


def database_key() -> str:
    return hashlib.sha1(database_name().encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Pointer:
    generation: str
    token: str
    database: str
    built_at: str  # ISO time the rebuild read the database; updates since then are caught up at the swap
    lexical_only: bool

    @classmethod
    def read(cls, kind: str) -> Pointer | None:
        try:
            data = json.loads((root() / f"{kind}-{database_key()}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return cls(**data)

    def write(self, kind: str) -> None:
        path = root() / f"{kind}-{database_key()}.json"
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.__dict__, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)  # atomic: readers see the old pointer or the new one, never half

    def renewed(self) -> Pointer:
        return Pointer(self.generation, uuid.uuid4().hex, self.database, self.built_at, self.lexical_only)


def _key(kind: str) -> str:
    return f"{kind}-{database_key()}"


class Store:
    """The indexes this process has open, by kind and database, each with the pointer token it reflects."""

    def __init__(self) -> None:
        self._open: dict[str, tuple[str, MatchIndex]] = {}
        # threaded servers: one reopen/write at a time within the process; re-entrant for catch-up during a swap
        self._guard = threading.RLock()

    def current(self, kind: str) -> MatchIndex | None:
        """The up-to-date index of a kind, or None when there is none for this database."""
        pointer = Pointer.read(kind)
        if pointer is None or pointer.database != database_name():
            return None
        held = self._open.get(_key(kind))
        if held is not None and held[0] == pointer.token:
            return held[1]
        with self._guard:
            held = self._open.get(_key(kind))
            if held is None or held[0] != pointer.token:
                try:
                    index = open_index(kind, pointer.generation)
                except Exception:
                    # An index written by another engine version (or damaged) must not break search:
                    # callers fall back to substring search until `hardtech match-index` rebuilds it.
                    log.exception("cannot open the %s match index; run `hardtech match-index`", kind)
                    return None
                held = (pointer.token, index)
                self._open[_key(kind)] = held
        return held[1]

    @property
    def guard(self) -> threading.RLock:
        """Held around every use of an open index: the engine's in-memory structures are not thread-safe,
        and a threaded server (waitress) may search while another request's save updates the index."""
        return self._guard

    def pointer(self, kind: str) -> Pointer | None:
        pointer = Pointer.read(kind)
        return pointer if pointer is not None and pointer.database == database_name() else None

    @contextmanager
    def locked(self, kind: str) -> Iterator[None]:
        root().mkdir(parents=True, exist_ok=True)
        with self._guard, open(root() / f"{kind}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @contextmanager
    def exclusive(self, kind: str, *, wait: bool = True) -> Iterator[bool]:
        """Held while an index is reconciled with the database, by one thread of one process at a time (a
        dense build takes minutes and a core); yields False at once if taken and not `wait`."""
        root().mkdir(parents=True, exist_ok=True)
        with open(root() / f"{_key(kind)}.catch-up.lock", "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def write(self, kind: str, change: Callable[[MatchIndex], object]) -> bool:
        """Apply change to the current index under the lock and publish it; False when there is no index."""
        if self.pointer(kind) is None:  # no index for this database: nothing to keep current, no lock file
            return False
        with self.locked(kind):
            pointer = self.pointer(kind)
            if pointer is None:
                return False
            held = self._open.get(_key(kind))
            if held is None or held[0] != pointer.token:
                held = (pointer.token, open_index(kind, pointer.generation))
            change(held[1])
            pointer = pointer.renewed()
            pointer.write(kind)
            self._open[_key(kind)] = (pointer.token, held[1])
            self._sweep(kind, pointer.generation)
        return True

    def new_generation(self, kind: str) -> tuple[str, Path]:
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + f"-{os.getpid()}-{database_key()}"
        return name, root() / kind / name

    def swap(
        self,
        kind: str,
        generation: str,
        built_at: datetime,
        lexical_only: bool,
        catch_up: Callable[[MatchIndex], object],
    ) -> None:
        """Make a freshly built generation current, after applying what changed while it was built."""
        with self.locked(kind):
            index = open_index(kind, generation)
            catch_up(index)
            pointer = Pointer(
                generation, uuid.uuid4().hex, database_name(), built_at.isoformat(), lexical_only
            )
            pointer.write(kind)
            self._open[_key(kind)] = (pointer.token, index)
            # older generations may still be open in other processes; Linux keeps unlinked files readable
            # until they reopen, which they do at their next use because the token changed
            # (names sort by time: a newer generation another rebuild is still writing is left alone)
            for old in (root() / kind).glob(f"*-{database_key()}"):
                if old.name < generation:
                    shutil.rmtree(old, ignore_errors=True)

    def _sweep(self, kind: str, current: str) -> None:
        """Remove what a rebuild killed midway left of this database's index: generations other than the current
        one whose building process is gone (a rebuild still running is left alone)."""
        for other in (root() / kind).glob(f"*-{database_key()}"):
            if other.name != current and not _alive(_builder(other.name)):
                shutil.rmtree(other, ignore_errors=True)

    def forget(self) -> None:
        """Drop every open index (tests switch MATCH_INDEX_DIR between cases)."""
        self._open.clear()


def _builder(generation: str) -> int:
    """The process id a generation's name records (new_generation: <time>-<pid>-<database>)."""
    parts = generation.split("-")
    return int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else 0


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


store = Store()
