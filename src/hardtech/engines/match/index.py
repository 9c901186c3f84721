"""`MatchIndex`: lexical (bigram + word BM25F) and dense (e5 + faiss) retrieval fused into one ranking.

On disk, an index is a directory:
    meta.json        config, base row count, dense model id
    docs.sqlite      every row ever assigned: document id, alive flag, the record (the source of truth)
    lex-bigram/ lex-word/   base segments of the lexical indexes (rows < base_rows)
    vectors.npy dense.faiss base dense vectors and their faiss index
    cache/           content-hash vector cache (unless a shared cache directory is given)

`upsert`/`remove` write to sqlite at once and update the in-memory indexes incrementally (a new row per
upsert, the old one masked); `open` replays rows past the base. `compact` folds them into a new base.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from hardtech.engines.match.analysis import doc_terms, is_keyword_list, passage, query_terms
from hardtech.engines.match.config import MatchConfig
from hardtech.engines.match.dense import Embedder, VectorCache, default_embedder, embed_passages
from hardtech.engines.match.documents import Document, query_text
from hardtech.engines.match.explain import Explanation, explain
from hardtech.engines.match.filters import Boosts, Filters, agreements
from hardtech.engines.match.lexical import LexicalBuilder, LexicalIndex
from hardtech.engines.text.stopwords import STOPWORDS
from hardtech.engines.text.tokenize import analyze, bigrams

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total); stages: "analyse", "embed"."""

FORMAT = 1
KNOWN_ITEM_LOOKUP = 3  # top lexical rows checked for a title the query repeats
KNOWN_ITEM_MIN_BIGRAMS = 4
FEEDBACK_MIN_DF = 100  # a small catalogue's feedback may use any term
IVF_THRESHOLD = 100_000  # from this many vectors an IVF index beats brute force; below, exact is fast enough


@dataclass
class Match:
    """One ranked document; `explain` is computed on first access (it re-reads both texts)."""

    id: str
    score: float
    parts: dict[str, float]
    _index: MatchIndex = field(repr=False)
    _query: QueryPlan = field(repr=False)
    _row: int = field(repr=False)
    _explanation: Explanation | None = field(default=None, repr=False)

    @property
    def document(self) -> Document:
        return self._index.document_at(self._row)

    @property
    def explain(self) -> Explanation:
        if self._explanation is None:
            self._explanation = explain(
                self._query.text,
                self._query.terms(),
                self.document,
                self.parts,
                self._query.record,
                self._index.boosts,
                self._query.known_title,
            )
        return self._explanation


@dataclass
class QueryPlan:
    text: str
    bigram: Counter[str]
    word: Counter[str]
    record: Document | None
    # words added by feedback, and the title of the record the query turned out to name (see `_known_item`)
    expansion: set[str] = field(default_factory=set)
    known_title: str | None = None

    def terms(self) -> set[str]:
        """Terms worth highlighting: the query's words of two or more characters, its bigrams that do not
        lean on a function word ("的封" in "新的封装" is no reason for a match), and likewise its expansion."""
        return {t for t in (*self.word, *self.bigram, *self.expansion) if _highlightable(t)}


class MatchIndex:
    def __init__(self, path: Path, config: MatchConfig, embedder: Embedder | None, cache: VectorCache | None):
        self.path = path
        self.config = config
        self.boosts = Boosts()
        self._embedder = embedder
        self._cache = cache
        self._db = sqlite3.connect(path / "docs.sqlite", check_same_thread=False)
        # one lock for readers and writers: an update replaces arrays a concurrent search is reading
        self._lock = threading.RLock()
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._alive = np.zeros(0, bool)
        self._structured: dict[int, Document] = {}  # rows with any structured field, for filters and boosts
        self._bigram = LexicalIndex(config.bm25)
        self._word = LexicalIndex(config.bm25)
        self._faiss: Any = None
        self._base_vectors = np.zeros((0, 0), np.float32)
        self._delta_vectors: list[np.ndarray] = []
        self.base_rows = 0

    # ---- construction ---------------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        docs: Iterable[Document | Mapping[str, Any]],
        path: str | Path,
        *,
        config: MatchConfig | None = None,
        embedder: Embedder | None = None,
        cache_dir: str | Path | None = None,
        progress: Progress | None = None,
    ) -> MatchIndex:
        """Index docs (any iterable, a generator too) into a fresh directory at path, replacing any index there.

        Dense vectors come from the content-hash cache where present (cache_dir, default path/cache), so a
        rebuild only embeds new or changed text; embedding flushes every batch and so resumes after a crash.
        """
        config = config or MatchConfig()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        dense = config.dense_weight > 0
        if dense and embedder is None:
            embedder = default_embedder()
        cache = VectorCache(cache_dir or path / "cache", embedder.model_id, embedder.dim) if dense else None
        total = len(docs) if isinstance(docs, Sized) else 0  # 0: unknown (a generator)

        # One pass over the documents, keeping none of them: each is stored, tokenised into the builders'
        # spill files, and reduced to its passage text. Memory so grows only with the vocabularies and the
        # passages, not with the postings.
        (path / "docs.sqlite").unlink(missing_ok=True)
        db = sqlite3.connect(path / "docs.sqlite")
        db.execute(
            "CREATE TABLE rows (row INTEGER PRIMARY KEY, id TEXT NOT NULL, alive INTEGER NOT NULL, "
            "structured INTEGER NOT NULL, record TEXT NOT NULL)"
        )
        bigram, word = LexicalBuilder(path / "lex-bigram.spill"), LexicalBuilder(path / "lex-word.spill")
        seen: set[str] = set()
        passages: list[str] = []
        batch: list[tuple[int, str, bool, str]] = []
        for row, record in enumerate(docs):
            doc = Document.from_record(record)
            if doc.id in seen:
                db.close()
                raise ValueError(f"document ids must be unique: {doc.id!r} repeats")
            seen.add(doc.id)
            batch.append((row, doc.id, _structured(doc), json.dumps(doc.to_record(), ensure_ascii=False)))
            if len(batch) >= 10_000:
                db.executemany("INSERT INTO rows VALUES (?, ?, 1, ?, ?)", batch)
                batch = []
            terms = doc_terms(doc)
            bigram.add(*terms.bigram)
            word.add(*terms.word)
            if dense:
                passages.append(passage(doc, config.passage_chars))
            if progress and row % 1000 == 0:
                progress("analyse", row + 1, total)
        db.executemany("INSERT INTO rows VALUES (?, ?, 1, ?, ?)", batch)
        db.execute("CREATE INDEX rows_id ON rows (id)")
        db.commit()
        db.close()
        count = len(seen)
        del seen, batch
        if progress:
            progress("analyse", count, count)
        bigram.write(path / "lex-bigram", config.bm25)
        del bigram
        word.write(path / "lex-word", config.bm25)
        del word
        if dense:
            report = (lambda done, total: progress("embed", done, total)) if progress else None
            vectors, _ = embed_passages(passages, embedder, cache, progress=report)
            # the cache holds a copy of every vector: dropped before faiss makes a third
            del passages, cache
            np.save(path / "vectors.npy", vectors)
            _write_faiss(vectors, path / "dense.faiss")
            del vectors
        meta = {
            "format": FORMAT,
            "config": config.to_dict(),
            "base_rows": count,
            "model": embedder.model_id if dense else None,
            "cache": str(Path(cache_dir).resolve()) if cache_dir else None,
        }
        (path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        return cls.open(path, embedder=embedder)

    @classmethod
    def open(cls, path: str | Path, *, embedder: Embedder | None = None) -> MatchIndex:
        """Load an index directory, replaying updates made since its base was written."""
        path = Path(path)
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{path}: index format {meta.get('format')}, expected {FORMAT}: rebuild it")
        config = MatchConfig.from_dict(meta["config"])
        dense = config.dense_weight > 0
        if dense and embedder is None:
            embedder = default_embedder()
        cache = None
        if dense:
            if embedder.model_id != meta["model"]:
                raise ValueError(f"{path}: built with {meta['model']}, not {embedder.model_id}")
            cache = VectorCache(meta.get("cache") or path / "cache", embedder.model_id, embedder.dim)
        index = cls(path, config, embedder if dense else None, cache)
        index.base_rows = meta["base_rows"]
        index._bigram = LexicalIndex.load_base(path / "lex-bigram", config.bm25)
        index._word = LexicalIndex.load_base(path / "lex-word", config.bm25)
        if dense:
            import faiss

            index._base_vectors = np.load(path / "vectors.npy", mmap_mode="r")
            index._faiss = faiss.read_index(str(path / "dense.faiss"))
        alive: list[bool] = []
        rows = index._db.execute("SELECT row, id, alive, structured FROM rows ORDER BY row")
        for row, doc_id, is_alive, structured in rows.fetchall():
            index._ids.append(doc_id)
            alive.append(bool(is_alive))
            if is_alive:
                index._row_of[doc_id] = row
            if row >= index.base_rows or not is_alive or structured:
                doc = index.document_at(row)
                if structured and is_alive:
                    index._structured[row] = doc
                if row >= index.base_rows:
                    index._add_row(row, doc)
                if not is_alive:
                    index._remove_row(row, doc)
        index._alive = np.asarray(alive, bool)
        return index

    # ---- thread-safe entry points ----------------------------------------------------------------------

    def upsert(self, record: Document | Mapping[str, Any]) -> None:
        """Add a document, or replace the one with the same id; visible to the next search."""
        with self._lock:
            self._upsert_unlocked(record)

    def remove(self, doc_id: str) -> bool:
        """Remove a document by id; False if there was none."""
        with self._lock:
            return self._remove_unlocked(doc_id)

    def search(
        self,
        query: str | Document | Mapping[str, Any],
        *,
        filters: Filters | None = None,
        top: int = 10,
        exclude: Sequence[str] = (),
    ) -> list[Match]:
        """The top documents for a query text, or for a record (its text via `query_text`, and its
        structured fields as preferences: agreeing documents get the `Boosts`)."""
        with self._lock:
            return self._search_unlocked(query, filters=filters, top=top, exclude=exclude)

    def document_at(self, row: int) -> Document:
        with self._lock:
            (record,) = self._db.execute("SELECT record FROM rows WHERE row = ?", (row,)).fetchone()
        return Document.from_record(json.loads(record))

    # ---- updates ---------------------------------------------------------------------------------------

    def _upsert_unlocked(self, record: Document | Mapping[str, Any]) -> None:
        doc = Document.from_record(record)
        old = self._row_of.get(doc.id)
        row = len(self._ids)
        with self._db:
            if old is not None:
                self._db.execute("UPDATE rows SET alive = 0 WHERE row = ?", (old,))
            self._db.execute(
                "INSERT INTO rows VALUES (?, ?, 1, ?, ?)",
                (row, doc.id, _structured(doc), json.dumps(doc.to_record(), ensure_ascii=False)),
            )
        if old is not None:
            self._remove_row(old, self.document_at(old))
            self._alive[old] = False
            self._structured.pop(old, None)
        self._ids.append(doc.id)
        self._alive = np.append(self._alive, True)
        self._row_of[doc.id] = row
        if _structured(doc):
            self._structured[row] = doc
        self._add_row(row, doc)

    def _remove_unlocked(self, doc_id: str) -> bool:
        row = self._row_of.pop(doc_id, None)
        if row is None:
            return False
        doc = self.document_at(row)
        with self._db:
            self._db.execute("UPDATE rows SET alive = 0 WHERE row = ?", (row,))
        self._remove_row(row, doc)
        self._alive[row] = False
        self._structured.pop(row, None)
        return True

    def compact(self, progress: Progress | None = None) -> MatchIndex:
        """Rebuild the base from the live documents (vectors come from the cache); returns the new index."""
        meta = json.loads((self.path / "meta.json").read_text(encoding="utf-8"))
        docs = list(self.documents())
        self._db.close()
        return MatchIndex.build(
            docs,
            self.path,
            config=self.config,
            embedder=self._embedder,
            cache_dir=meta.get("cache"),
            progress=progress,
        )

    def _add_row(self, row: int, doc: Document) -> None:
        terms = doc_terms(doc)
        self._bigram.add(row, terms.bigram)
        self._word.add(row, terms.word)
        if self._embedder is not None:
            vectors, _ = embed_passages(
                [passage(doc, self.config.passage_chars)], self._embedder, self._cache
            )
            self._delta_vectors.append(vectors[0])
            self._faiss.add(vectors)

    def _remove_row(self, row: int, doc: Document) -> None:
        terms = doc_terms(doc)
        self._bigram.remove(row, terms.bigram)
        self._word.remove(row, terms.word)

    # ---- reading ---------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row_of

    def get(self, doc_id: str) -> Document | None:
        row = self._row_of.get(doc_id)
        return None if row is None else self.document_at(row)

    def documents(self) -> Iterable[Document]:
        """The live documents, in row order."""
        with self._lock:
            records = self._db.execute("SELECT record FROM rows WHERE alive = 1 ORDER BY row").fetchall()
        for (record,) in records:
            yield Document.from_record(json.loads(record))

    def _vector(self, rows: np.ndarray) -> np.ndarray:
        base = rows < self.base_rows
        out = np.empty((len(rows), self._base_vectors.shape[1]), np.float32)
        out[base] = self._base_vectors[rows[base]]
        for i in np.flatnonzero(~base):
            out[i] = self._delta_vectors[rows[i] - self.base_rows]
        return out

    # ---- search ----------------------------------------------------------------------------------------

    def _search_unlocked(
        self,
        query: str | Document | Mapping[str, Any],
        *,
        filters: Filters | None = None,
        top: int = 10,
        exclude: Sequence[str] = (),
    ) -> list[Match]:
        record = None if isinstance(query, str) else Document.from_record(query)
        text = query if isinstance(query, str) else query_text(record)
        plan = QueryPlan(text, *query_terms(text, self.config.cross_bigram_weight), record)
        mask = self._mask(filters, exclude)
        cfg = self.config
        k = min(cfg.candidates, int(mask.sum()))
        if k == 0:
            return []
        first = self._bigram.scores(plan.bigram), self._word.scores(plan.word)
        lexical = first[0] + np.float32(cfg.word_weight) * first[1]
        known = self._known_item(plan, lexical) if record is None and cfg.known_item_weight else None
        if known is not None:
            one = np.ones(1, np.float32)
            lexical = self._feedback(plan, first, known, one, cfg.known_item_weight, cfg.known_item_terms)
        lexical[~mask] = 0
        weight = cfg.keyword_dense_weight if is_keyword_list(text) else cfg.dense_weight
        qvec = self._embedder.query(text) if self._embedder is not None and weight > 0 else None
        candidates, dense = self._candidates(lexical, qvec, mask, k)
        if known is None and cfg.prf_docs and cfg.prf_weight and len(candidates):
            # feedback documents: the best of the first pass, by fused score so dense evidence counts too
            fused = sum(self._fuse(lexical[candidates], dense, weight).values())
            best = np.argsort(-fused, kind="stable")[: cfg.prf_docs]
            best = best[fused[best] > 0]
            if len(best):
                weights = fused[best] / fused[best].sum()
                lexical = self._feedback(
                    plan, first, candidates[best], weights, cfg.prf_weight, cfg.prf_terms
                )
                lexical[~mask] = 0
                candidates, dense = self._candidates(lexical, qvec, mask, k)
        if len(candidates) == 0:
            return []
        parts = self._fuse(lexical[candidates], dense, weight)
        total = sum(parts.values())
        boost_parts: dict[int, dict[str, float]] = {}
        if record is not None and self._structured:
            for i, row in enumerate(candidates):
                doc = self._structured.get(int(row))
                if doc is not None:
                    boost_parts[i], _ = agreements(record, doc, self.boosts)
                    total[i] += sum(boost_parts[i].values())
        order = [i for i in np.argsort(-total, kind="stable")[:top] if total[i] > 0]
        return [
            Match(
                self._ids[int(candidates[i])],
                float(total[i]),
                {**{name: float(v[i]) for name, v in parts.items()}, **boost_parts.get(int(i), {})},
                self,
                plan,
                int(candidates[i]),
            )
            for i in order
        ]

    def _candidates(
        self, lexical: np.ndarray, qvec: np.ndarray | None, mask: np.ndarray, k: int
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Rows worth fusing (top k of each ranking) and their exact dense scores."""
        candidates = _top(lexical, k)
        candidates = candidates[lexical[candidates] > 0]
        if qvec is None:
            return candidates, None
        dead = len(self._ids) - len(self._row_of)
        _, found = self._faiss.search(qvec[None, :], min(k + dead, len(self._ids)))
        found = found[0][found[0] >= 0]
        candidates = np.union1d(candidates, found[mask[found]][:k])
        return candidates, self._vector(candidates) @ qvec

    def _known_item(self, plan: QueryPlan, lexical: np.ndarray) -> np.ndarray | None:
        """The row whose title the query is (up to script and punctuation), if any: such a query names a
        catalogue record, and the record's text says far more about what to match than its title."""
        query = set(plan.bigram)
        if len(query) < KNOWN_ITEM_MIN_BIGRAMS:  # "石墨烯" names a topic, even if a record is titled so
            return None
        for row in _top(lexical, KNOWN_ITEM_LOOKUP):  # removed rows score 0 already
            if lexical[row] <= 0:
                break
            title = self.document_at(int(row)).title
            grams = set(bigrams(analyze(title)))
            if len(query & grams) >= self.config.known_item_overlap * len(query | grams):
                plan.known_title = title
                return row[None]
        return None

    def _feedback(
        self,
        plan: QueryPlan,
        first: tuple[np.ndarray, np.ndarray],
        top: np.ndarray,
        weights: np.ndarray,
        lam: float,
        n_terms: int,
    ) -> np.ndarray:
        """RM3-style expansion: the query's terms plus the feedback documents' most distinctive terms.

        `first` holds the query's own (bigram, word) scores: BM25 is linear in the term weights, so only the
        expansion terms are scored again. Terms in more than `feedback_max_df` of the rows (and in more than
        FEEDBACK_MIN_DF) are left out: they say little, and at a million documents their long postings are
        where the query's time would go.
        """
        max_df = max(self.config.feedback_max_df * self._bigram.live_count, FEEDBACK_MIN_DF)
        docs = [doc_terms(self.document_at(int(row))) for row in top]
        slots = (
            (self._bigram, 1.0, plan.bigram, [d.bigram for d in docs]),
            (self._word, self.config.word_weight, plan.word, [d.word for d in docs]),
        )
        second = np.zeros_like(first[0])
        for (index, weight, original, fields), own in zip(slots, first, strict=True):
            extra: Counter[str] = Counter()
            for (title, body), w in zip(fields, weights, strict=True):
                counts = Counter(title * 2 + body)  # title terms describe the document best
                length = sum(counts.values()) or 1
                for term, f in counts.items():
                    if term not in STOPWORDS and index.df(term) <= max_df:
                        extra[term] += float(w) * f / length * index.idf(term)
            best = extra.most_common(n_terms)
            if index is self._word:  # highlighted as words: a hundred bigrams would join into fragments
                plan.expansion.update(term for term, _ in best)
            z = sum(v for _, v in best) or 1.0
            expanded = index.scores({term: lam * v / z for term, v in best})
            second += np.float32(weight) * ((1 - lam) / (sum(original.values()) or 1.0) * own + expanded)
        return second

    def _fuse(self, lexical: np.ndarray, dense: np.ndarray | None, weight: float) -> dict[str, np.ndarray]:
        """Score parts over the candidates, each normalised to [0, 1] over them, then weighted."""
        w = weight if dense is not None else 0.0
        parts = {"lexical": (1 - w) * _unit(lexical, floor=0.0)}
        if dense is not None:
            parts["dense"] = w * _unit(dense)
        return parts

    def _mask(self, filters: Filters | None, exclude: Sequence[str]) -> np.ndarray:
        mask = self._alive.copy()
        if filters is not None and not filters.empty:
            # rows without structured fields are judged as blank documents
            if not filters.allows(Document(id="", title="")):
                mask[:] = False
            for row, doc in self._structured.items():
                mask[row] = self._alive[row] and filters.allows(doc)
        for doc_id in exclude:
            row = self._row_of.get(doc_id)
            if row is not None:
                mask[row] = False
        return mask


def _highlightable(term: str) -> bool:
    return len(term) > 1 and term not in STOPWORDS and term[0] not in STOPWORDS and term[-1] not in STOPWORDS


def _structured(doc: Document) -> bool:
    return bool(
        doc.kind
        or doc.fields
        or doc.modes
        or doc.maturity
        or doc.price is not None
        or doc.region
        or doc.org_kind
    )


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, np.int64)
    rows = np.argpartition(-scores, k - 1)[:k]
    return rows[np.argsort(-scores[rows], kind="stable")]


def _unit(values: np.ndarray, floor: float | None = None) -> np.ndarray:
    """Min-max scaling to [0, 1] (floor fixes the minimum, e.g. 0 for scores that start at 0)."""
    low = float(values.min()) if floor is None else floor
    span = float(values.max()) - low
    return ((values - low) / span).astype(np.float32) if span > 0 else np.zeros(len(values), np.float32)


def _write_faiss(vectors: np.ndarray, path: Path) -> None:
    import faiss

    dim = vectors.shape[1]
    if len(vectors) >= IVF_THRESHOLD:
        nlist = int(4 * np.sqrt(len(vectors)))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(0)
        index.train(vectors[rng.choice(len(vectors), min(len(vectors), 40 * nlist), replace=False)])
        index.nprobe = 16
    else:
        index = faiss.IndexFlatIP(dim)
    index.add(vectors)
    faiss.write_index(index, str(path))
