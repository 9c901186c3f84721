"""Keeping each match index equal to the database where the signals cannot: compare, repair, catch up.

Signals keep an index current record by record after each commit. What they miss is caught here:
- bulk writes (imports use bulk_create and fire no signals) call `after_bulk_write` once committed: the
  affected indexes are brought in line at once (lexically, when embedding would make the caller wait long),
  and the dense part follows in the background;
- a process killed between an import's commit and that call leaves the index behind: `hardtech start`
  reconciles every index in the background (`catch_up`), and a search that finds the index's count differing
  from the database's, or its dense part missing, repairs a few records itself and leaves more to the
  background (`notice`);
- `hardtech match-index --check` compares and repairs on demand (`compare`, `repair`).

Every function here is plain and synchronous except `catch_up`, which hands the work to one background
thread per process (a task queue can call `reconcile` instead). Inside `foreground()` (CLI commands, whose
process would end a background thread) and with settings.MATCH_CATCH_UP_IN_BACKGROUND = False (tests)
it runs at once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections

from hardtech.engines.match import Document, MatchIndex
from hardtech.matching import services
from hardtech.matching.records import ACHIEVEMENTS, DEMANDS, EXPERTS, KINDS, indexable_documents
from hardtech.matching.store import store

log = logging.getLogger(__name__)

# Records re-read and updated in place at most; more take a new generation, built aside and swapped in.
# A dense index embeds each upserted text under the index lock (searches wait), so it takes fewer.
IN_PLACE_LEXICAL = 500
IN_PLACE_DENSE = 32
# A search that finds the index behind repairs up to this many records itself; more go to the background.
NOTICED_IN_PLACE = 20
# The indexes a bulk write of each catalogue kind affects (experts show their achievements' titles, and
# achievements and experts their organisations' kind and province).
FOLLOWERS = {
    "organisations": (ACHIEVEMENTS, EXPERTS),
    ACHIEVEMENTS: (ACHIEVEMENTS, EXPERTS),
    DEMANDS: (DEMANDS,),
    EXPERTS: (EXPERTS,),
}


def dense_wanted() -> bool:
    return not services.lexical_only_default()


def fingerprint(doc: Document) -> str:
    """What a document says, as a hash: a record whose document changed has another fingerprint."""
    record = json.dumps(doc.to_record(), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(record.encode()).hexdigest()


@dataclass
class Difference:
    """How one index differs from the database (ids are primary keys)."""

    kind: str
    expected: int  # records the database says belong in the index
    indexed: int | None  # documents the index holds; None when there is no index
    missing: list[int] = field(default_factory=list)  # belong in the index, are not in it
    stale: list[int] = field(default_factory=list)  # in it with an outdated document
    extra: list[int] = field(default_factory=list)  # in it, should not be (deleted, unpublished)
    dense_missing: bool = False  # lexical-only while settings want the dense part

    @property
    def differing(self) -> list[int]:
        return sorted({*self.missing, *self.stale, *self.extra})

    @property
    def in_line(self) -> bool:
        return not self.differing and not self.dense_missing


def _dense_index(index: MatchIndex | None) -> bool:
    return index is not None and index.config.dense_weight > 0


def compare(kind: str, *, content: bool = True) -> Difference:
    """Compare one index with the database: ids, and with `content` every document's fingerprint (about two
    seconds per 13,500 achievements; without it, one query of ids)."""
    index = store.current(kind)
    if content:
        expected = {int(doc.id): fingerprint(doc) for doc in indexable_documents(kind)}
    else:
        expected = dict.fromkeys(services.indexable_queryset(kind).values_list("pk", flat=True), "")
    diff = Difference(kind, len(expected), None if index is None else len(index))
    if index is None:
        diff.missing = sorted(expected)
        return diff
    diff.dense_missing = not _dense_index(index) and dense_wanted()
    if content:
        held = {int(doc.id): fingerprint(doc) for doc in index.documents()}
        diff.missing = [pk for pk in expected if pk not in held]
        diff.stale = [pk for pk, fp in expected.items() if held.get(pk, fp) != fp]
        diff.extra = [pk for pk in held if pk not in expected]
    else:
        diff.missing = [pk for pk in expected if str(pk) not in index]
        if len(index) > len(expected) - len(diff.missing):
            diff.extra = [int(doc.id) for doc in index.documents() if int(doc.id) not in expected]
    return diff


def repair(diff: Difference, *, dense_now: bool = True, progress: services.Progress | None = None) -> bool:
    """Bring one index in line with the database, as `diff` found it.

    A few differing records are re-read and updated in place. More take a new generation: the dense one
    directly while the current index still covers the database (it serves meanwhile), else a lexical one
    first, usable within seconds. A missing index is built when the database has records for it.
    dense_now=False leaves a dense part still to build to the caller (True is returned then): a request
    should not wait minutes for embeddings.
    """
    kind = diff.kind
    if diff.indexed is None and not diff.expected:
        return False
    differing = diff.differing
    if differing:
        index = store.current(kind)
        in_place = IN_PLACE_DENSE if _dense_index(index) else IN_PLACE_LEXICAL
        if index is not None and len(differing) <= in_place:
            services.refresh_ids(kind, differing)
        else:
            covers = index is not None and len(index) >= services.MIN_COVERAGE * diff.expected
            if covers and dense_now and dense_wanted():
                services.build_generation(kind, dense=True, progress=progress)
                return False
            services.build_generation(kind, dense=False, progress=progress)
    if not dense_wanted() or _dense_index(store.current(kind)):
        return False
    if not dense_now:
        return True
    services.build_generation(kind, dense=True, progress=progress)
    return False


def reconcile(kind: str, *, progress: services.Progress | None = None) -> Difference:
    """Compare one index with the database and repair it, dense part included; returns what differed.
    The plain function a scheduled job calls."""
    diff = compare(kind)
    repair(diff, progress=progress)
    return diff


# ---- catching up by itself ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Foreground:
    progress: services.Progress | None


_foreground: ContextVar[_Foreground | None] = ContextVar("match_catch_up_foreground", default=None)


@contextmanager
def foreground(progress: services.Progress | None = None) -> Iterator[None]:
    """Catch-ups started inside run to their end before returning, with this progress hook (a CLI command:
    its process would end a background thread)."""
    token = _foreground.set(_Foreground(progress))
    try:
        yield
    finally:
        _foreground.reset(token)


def in_background() -> bool:
    return _foreground.get() is None and getattr(settings, "MATCH_CATCH_UP_IN_BACKGROUND", True)


_queue_lock = threading.Lock()
_queue: dict[str, str | None] = {}  # kind → why it is reconciled (logged when it differed), in order
_running: set[str] = set()
_worker: threading.Thread | None = None


def catching_up(kind: str) -> bool:
    """Whether this process's background thread is reconciling the index, or is about to."""
    with _queue_lock:
        return kind in _queue or kind in _running


def catch_up(kinds: Iterable[str] = KINDS, *, why: str | None = None) -> threading.Thread | None:
    """Reconcile these indexes with the database: in this process's background thread (started if needed;
    returned), or at once (see `in_background`). `why`, when given, names the occasion in the warning
    logged for an index found behind."""
    global _worker
    if not in_background():
        state = _foreground.get()
        for kind in kinds:
            _reconcile_logged(kind, why, state.progress if state else None, wait=True)
        return None
    with _queue_lock:
        for kind in kinds:
            _queue.setdefault(kind, why)
        if _worker is None:
            _worker = threading.Thread(target=_work, name="match-catch-up", daemon=True)
            _worker.start()
        return _worker


def _work() -> None:
    global _worker
    try:
        while True:
            with _queue_lock:
                if not _queue:
                    _worker = None
                    return
                kind = next(iter(_queue))
                why = _queue.pop(kind)
                _running.add(kind)
            try:
                _reconcile_logged(kind, why, None, wait=False)
            finally:
                with _queue_lock:
                    _running.discard(kind)
    finally:
        connections.close_all()  # this thread's own connections


def _reconcile_logged(kind: str, why: str | None, progress: services.Progress | None, *, wait: bool) -> None:
    try:
        with store.exclusive(kind, wait=wait) as mine:
            if not mine:  # another process is at it
                return
            diff = reconcile(kind, progress=progress)
    except Exception:
        log.exception("match index catch-up of %s failed; run `hardtech match-index --check`", kind)
        return
    if why and diff.differing:
        log.warning(
            "match index %s was behind the database (%s): %d missing, %d stale, %d extra; repaired",
            kind,
            why,
            len(diff.missing),
            len(diff.stale),
            len(diff.extra),
        )


def after_bulk_write(kind: str) -> None:
    """Call once a bulk write of `kind` records ("organisations" too) has committed. The indexes it affects
    are brought in line before this returns, so a search right after an import finds what it wrote; their
    dense part follows in the background. Never raises: the import itself has succeeded."""
    followers = FOLLOWERS.get(kind, ())
    if not in_background():
        catch_up(followers)
        return
    later = []
    for follower in followers:
        try:
            if repair(compare(follower), dense_now=False):
                later.append(follower)
        except Exception:
            log.exception(
                "match index %s not updated after an import; run `hardtech match-index --check`", follower
            )
    if later:
        catch_up(later)


_noticed: dict[str, tuple[str, int, int]] = {}


def notice(kind: str, index: MatchIndex, expected: int) -> None:
    """A search found the index differing from the database's count (`expected` records to index) or
    lacking its dense part. Differences the signals could not have left (they follow every commit): a bulk
    write whose catch-up was cut short, another process's commit a moment ago. A few records are repaired
    here and now; more, and the dense part, in the background. Each state is handled once."""
    state = (str(index.path), len(index), expected)
    if _noticed.get(kind) == state:
        return
    _noticed[kind] = state
    if len(index) != expected:
        try:
            diff = compare(kind, content=False)
            if len(diff.differing) <= NOTICED_IN_PLACE:
                services.refresh_ids(kind, diff.differing)
                if not diff.dense_missing:
                    return
        except Exception:
            log.exception("match index %s: repairing what a search noticed failed", kind)
            return
    catch_up([kind], why="noticed by a search")
