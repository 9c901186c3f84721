"""智能匹配 service: keeps the three indexes in step with the catalogue and answers matches and searches.

Index life:
- `rebuild()` (the `match-index` command, the demo) reads every published listing and expert and builds each
  index in two phases: a lexical-only generation first, swapped in within seconds, then the full one with dense
  vectors. Embedding is batched and flushed to the content-hash cache, so an interrupted rebuild resumes where
  it stopped and a rebuild never embeds unchanged text twice; until it finishes, the lexical index serves.
- Saving, publishing, withdrawing or deleting a record updates its index once the transaction commits
  (signals.py calls `refresh_ids`); a record that leaves the published state is removed.
- Bulk writes that bypass signals (imports) call `sync.after_bulk_write`; `sync` also compares an index with
  the database and repairs it (`match-index --check`, at `hardtech start`, and when a search finds the
  index behind).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import timezone

from hardtech.catalogue.choices import ListingStatus, TechField, TransferMode, label_of
from hardtech.catalogue.models import Achievement, Demand, Expert
from hardtech.engines.match import Document, Explanation, Filters, Match, MatchConfig, MatchIndex
from hardtech.matching.conflicts import excluded_experts
from hardtech.matching.records import (
    ACHIEVEMENTS,
    EXPERTS,
    KINDS,
    MODELS,
    indexable_documents,
    is_indexable,
    to_document,
)
from hardtech.matching.store import root, store

Record = Achievement | Demand | Expert
Progress = Callable[[str, str, int, int], None]
"""progress(kind, stage, done, total); stages are the engine's "analyse" and "embed"."""

SEARCH_LIMIT = 300  # a search box ranks this many; filters and permissions then apply in the database
# An index holding fewer records than this share of the database is stale (a bulk import happened since):
# substring search is more complete than the engine until the next rebuild.
MIN_COVERAGE = 0.95


def lexical_only_default() -> bool:
    return bool(getattr(settings, "MATCH_LEXICAL_ONLY", False))


# ---- keeping the indexes current -------------------------------------------------------------------------


def refresh_ids(kind: str, pks: Iterable[int | str], *, experts_of: Iterable[int] = ()) -> bool:
    """Bring these records' entries in line with the database as committed: upsert those that belong in the
    index, remove the others (unpublished, deleted). For experts, also those linked to the achievements
    `experts_of` (an expert's document shows their achievements' titles).

    The records are read inside the write, under the index lock: whichever writer comes last has read the
    latest committed state, so two processes never leave an older document in place. False when there is
    no index, or nothing to refresh (nothing is read or written then).
    """
    if store.pointer(kind) is None:
        return False
    wanted = {int(pk) for pk in pks}
    if experts_of:
        links = Expert.achievements.through.objects.filter(achievement_id__in=set(experts_of))
        wanted.update(links.values_list("expert_id", flat=True))
    if not wanted:
        return False

    def change(index: MatchIndex) -> None:
        found = {int(doc.id): doc for doc in indexable_documents(kind, wanted)}
        for pk in sorted(wanted):
            if pk in found:
                index.upsert(found[pk])
            else:
                index.remove(str(pk))

    return store.write(kind, change)


def _catch_up(kind: str, since: datetime) -> Callable[[MatchIndex], None]:
    """What to apply to a generation built from a snapshot taken at `since`: records changed afterwards,
    and removal of those deleted or unpublished afterwards."""

    def apply(index: MatchIndex) -> None:
        model = MODELS[kind]
        changed = list(model.objects.filter(updated_at__gte=since))
        if kind == EXPERTS:  # an expert's document also shows their achievements' titles
            changed += Expert.objects.filter(achievements__updated_at__gte=since).distinct()
        for obj in changed:
            if is_indexable(obj):
                index.upsert(to_document(obj))
            else:
                index.remove(str(obj.pk))
        alive = {str(pk) for pk in indexable_queryset(kind).values_list("pk", flat=True)}
        for doc in list(index.documents()):
            if doc.id not in alive:
                index.remove(doc.id)

    return apply


def build_generation(kind: str, *, dense: bool, progress: Progress | None = None) -> int:
    """Build a new generation of one index from the database and make it current (catching up with what
    changed meanwhile); returns its number of documents. dense=False is the quick, lexical-only phase."""
    since = timezone.now()
    docs = indexable_documents(kind)
    config = MatchConfig() if dense else MatchConfig(dense_weight=0.0)
    generation, path = store.new_generation(kind)
    report = (lambda stage, done, total: progress(kind, stage, done, total)) if progress else None
    MatchIndex.build(docs, path, config=config, cache_dir=root() / "cache", progress=report)
    store.swap(kind, generation, since, not dense, _catch_up(kind, since))
    return len(docs)


def rebuild(
    kind: str | None = None, *, lexical_only: bool | None = None, progress: Progress | None = None
) -> dict[str, int]:
    """Rebuild one index (or all three) from the database; returns the number of documents per kind."""
    lexical_only = lexical_only_default() if lexical_only is None else lexical_only
    counts = {}
    for k in [kind] if kind else KINDS:
        counts[k] = build_generation(k, dense=False, progress=progress)
        if not lexical_only:
            counts[k] = build_generation(k, dense=True, progress=progress)
    return counts


def status() -> dict[str, dict]:
    """Per kind: documents indexed, dense or lexical-only, when built (None when there is no index)."""
    out = {}
    for kind in KINDS:
        pointer, index = store.pointer(kind), store.current(kind)
        out[kind] = (
            None
            if pointer is None or index is None
            else {
                "documents": len(index),
                "lexical_only": pointer.lexical_only,
                "built_at": pointer.built_at,
            }
        )
    return out


def has_index(kind: str) -> bool:
    return store.current(kind) is not None


# ---- querying --------------------------------------------------------------------------------------------


def indexable_queryset(kind: str) -> QuerySet:
    model = MODELS[kind]
    return model.objects.all() if kind == EXPERTS else model.objects.filter(status=ListingStatus.PUBLISHED)


@dataclass
class Hit:
    """One match: the database record (visible to everyone: published), its rank and the engine's match."""

    obj: Record
    kind: str
    rank: int
    match: Match
    document: Document  # as indexed: the text the explanation's spans refer to
    explanation: Explanation


def make_filters(
    *,
    field: str = "",
    mode: str = "",
    region: str = "",
    min_maturity: int | None = None,
    max_price: Decimal | None = None,
) -> Filters | None:
    """Engine filters from catalogue codes (the engine stores the Chinese labels)."""
    filters = Filters(
        fields=frozenset({label_of(TechField, field)}) if field else frozenset(),
        modes=frozenset({label_of(TransferMode, mode)}) if mode else frozenset(),
        regions=frozenset({region}) if region else frozenset(),
        min_maturity=min_maturity,
        max_price=max_price,
    )
    return None if filters.empty else filters


def _in_engine_order(kind: str, matches: Sequence[Match], top: int) -> list[Hit]:
    """The matched records still published in the database (the index may lag a moment), in rank order."""
    wanted = [int(m.id) for m in matches]
    qs = indexable_queryset(kind).filter(pk__in=wanted)
    if kind == ACHIEVEMENTS:
        qs = qs.prefetch_related("organisations")
    elif kind == EXPERTS:
        qs = qs.select_related("organisation")
    else:
        qs = qs.select_related("enterprise")
    found = {obj.pk: obj for obj in qs}
    hits = [m for m in matches if int(m.id) in found][:top]
    with store.guard:  # documents and explanations are read from the index
        return [Hit(found[int(m.id)], kind, rank, m, m.document, m.explain) for rank, m in enumerate(hits, 1)]


def matches(
    source: Record,
    target_kind: str,
    *,
    top: int = 10,
    filters: Filters | None = None,
    query: Document | None = None,
) -> list[Hit]:
    """The best target_kind records for a source record (its text, and its structure as preferences).

    query: the source's document when the caller has it already. Empty when the target index does not exist.
    Experts in conflict with the source (`conflicts.excluded_experts`) are left out before ranking.
    """
    index = store.current(target_kind)
    if index is None:
        return []
    query = query or to_document(source)
    exclude = [str(source.pk)] if isinstance(source, MODELS[target_kind]) else []
    if target_kind == EXPERTS:  # never the requester's own people (nor, later, anyone else in conflict)
        exclude += [str(pk) for pk in sorted(excluded_experts(source))]
    with store.guard:
        found = index.search(query, filters=filters, top=top * 2, exclude=exclude)
    return _in_engine_order(target_kind, found, top)


def usable_index(kind: str, *, catching_up_ok: bool = False) -> MatchIndex | None:
    """The index if it covers the database well enough to replace substring search.

    An index found behind the database (a count that differs, or the dense part missing) is brought in line:
    at once when a few records differ, else in the background (hardtech.matching.sync). catching_up_ok: a
    caller without substring search to fall back on takes an index that is behind while it is caught up.
    """
    index = store.current(kind)
    if index is None:
        return None
    expected = indexable_queryset(kind).count()
    if len(index) != expected or (index.config.dense_weight == 0 and not lexical_only_default()):
        from hardtech.matching import sync  # sync builds on this module

        sync.notice(kind, index, expected)
        index = store.current(kind)
        if index is not None and catching_up_ok and sync.catching_up(kind):
            return index
    return index if index is not None and len(index) >= MIN_COVERAGE * expected else None


def search_ids(
    kind: str, q: str, *, filters: Filters | None = None, limit: int = SEARCH_LIMIT
) -> list[int] | None:
    """Ids of the records best matching a free-text query, best first; None when the engine cannot answer
    (no index, or a stale one), so that the caller falls back to substring search.

    A search box promises records about the words typed: documents found by meaning alone (the dense part,
    no shared term) are kept only when they score at least half as well as the best hit.
    """
    index = usable_index(kind)
    if index is None:
        return None
    with store.guard:
        found = index.search(q, filters=filters, top=limit)
    if not found:
        return []
    floor = found[0].score / 2
    return [int(m.id) for m in found if m.parts.get("lexical", 0) > 0 or m.score >= floor]


def search_hits(kind: str, q: str, *, filters: Filters | None = None, top: int = 10) -> list[Hit] | None:
    """The engine's best records for a free-text query, as hits with explanations; None without an index.
    An index being caught up answers meanwhile (a few seconds after a crash: without the newest records)."""
    index = usable_index(kind, catching_up_ok=True)
    if index is None:
        return None
    with store.guard:
        found = index.search(q, filters=filters, top=top * 2)
    return _in_engine_order(kind, found, top)


def kind_for_model(model: type[Model]) -> str | None:
    return next((kind for kind, m in MODELS.items() if m is model), None)
