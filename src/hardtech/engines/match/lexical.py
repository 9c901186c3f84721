"""A two-field (title, body) BM25F inverted index in numpy, with an in-memory delta for incremental updates.

The base segment is flat arrays (postings sorted by term, then row), written once by `build` and memory-mapped
on open. Documents added later go to a small delta segment; removed rows are masked. Statistics (document
count, average lengths, document frequencies) always describe the live documents, so scores after any
sequence of upserts/removes equal those of a fresh build over the same documents.

BM25F: a term's frequency is title_weight * tf(title) + tf(body), normalised by the same weighted length.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class BM25Params:
    k1: float = 1.5
    b: float = 0.75
    title_weight: float = 2.0


FieldTokens = tuple[Sequence[str], Sequence[str]]
"""(title tokens, body tokens) of one document."""


class LexicalIndex:
    """BM25F over rows 0..n-1; rows are assigned by the caller (the match index) and never reused."""

    def __init__(self, params: BM25Params | None = None) -> None:
        self.params = params or BM25Params()
        self._terms: dict[str, int] = {}
        self._offsets = np.zeros(1, np.int64)
        self._rows = np.zeros(0, np.int32)
        self._tf_title = np.zeros(0, np.uint16)
        self._tf_body = np.zeros(0, np.uint16)
        self._len_title = np.zeros(0, np.float32)
        self._len_body = np.zeros(0, np.float32)
        self._alive = np.zeros(0, bool)
        self._base_rows = 0
        # delta segment: term -> rows and field frequencies of documents added since the base was written
        self._delta: dict[str, tuple[list[int], list[float], list[float]]] = {}
        self._df_adjust: Counter[str] = Counter()  # delta documents minus removed documents, per term
        self._norm: np.ndarray | None = None

    # ---- building -------------------------------------------------------------------------------------

    @classmethod
    def build(cls, docs: Iterable[FieldTokens], params: BM25Params | None = None) -> LexicalIndex:
        """Index documents as rows 0, 1, 2, ... in iteration order."""
        builder = LexicalBuilder()
        for title, body in docs:
            builder.add(title, body)
        return builder.finish(params)

    def add(self, row: int, tokens: FieldTokens) -> None:
        """Add a document at `row` (must be the next row number)."""
        if row != len(self._alive):
            raise ValueError(f"rows are appended in order: expected {len(self._alive)}, got {row}")
        title, body = tokens
        tt, tb = Counter(title), Counter(body)
        for term in tt.keys() | tb.keys():
            rows, ft, fb = self._delta.setdefault(term, ([], [], []))
            rows.append(row)
            ft.append(tt.get(term, 0))
            fb.append(tb.get(term, 0))
            self._df_adjust[term] += 1
        self._len_title = np.append(self._len_title, np.float32(len(title)))
        self._len_body = np.append(self._len_body, np.float32(len(body)))
        self._alive = np.append(self._alive, True)
        self._norm = None

    def remove(self, row: int, tokens: FieldTokens) -> None:
        """Mask `row`; its tokens (as indexed) are needed to keep document frequencies exact."""
        if not self._alive[row]:
            return
        self._alive[row] = False
        for term in set(tokens[0]) | set(tokens[1]):
            self._df_adjust[term] -= 1
        self._norm = None

    # ---- statistics -----------------------------------------------------------------------------------

    @property
    def live_count(self) -> int:
        return int(self._alive.sum())

    @property
    def delta_rows(self) -> int:
        return len(self._alive) - self._base_rows

    def df(self, term: str) -> int:
        tid = self._terms.get(term)
        base = 0 if tid is None else int(self._offsets[tid + 1] - self._offsets[tid])
        return base + self._df_adjust.get(term, 0)

    def idf(self, term: str) -> float:
        """Lucene's BM25 idf, always positive: log(1 + (N - df + 0.5) / (df + 0.5))."""
        n, df = self.live_count, self.df(term)
        return float(np.log1p((n - df + 0.5) / (df + 0.5))) if df > 0 else 0.0

    def _row_norm(self) -> np.ndarray:
        """k1 * (1 - b + b * len / avglen) per row, recomputed only after the live set changes."""
        if self._norm is None:
            p = self.params
            length = p.title_weight * self._len_title + self._len_body
            live = length[self._alive]
            avg = float(live.mean()) if len(live) else 1.0
            self._norm = (p.k1 * (1 - p.b + p.b * length / max(avg, 1e-9))).astype(np.float32)
        return self._norm

    # ---- scoring --------------------------------------------------------------------------------------

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(rows, weighted tf) of a term over base and delta, removed rows included (callers mask)."""
        tw = self.params.title_weight
        parts_rows, parts_tf = [], []
        tid = self._terms.get(term)
        if tid is not None:
            a, b = self._offsets[tid], self._offsets[tid + 1]
            parts_rows.append(self._rows[a:b])
            parts_tf.append(np.float32(tw) * self._tf_title[a:b] + self._tf_body[a:b].astype(np.float32))
        delta = self._delta.get(term)
        if delta:
            parts_rows.append(np.asarray(delta[0], np.int32))
            parts_tf.append(
                np.float32(tw) * np.asarray(delta[1], np.float32) + np.asarray(delta[2], np.float32)
            )
        if not parts_rows:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        if len(parts_rows) == 1:
            return parts_rows[0], parts_tf[0]
        return np.concatenate(parts_rows), np.concatenate(parts_tf)

    def scores(self, query: Mapping[str, float]) -> np.ndarray:
        """BM25F score of every row for weighted query terms; removed rows score 0."""
        out = np.zeros(len(self._alive), np.float32)
        norm = self._row_norm()
        k1 = self.params.k1
        for term, weight in query.items():
            idf = self.idf(term)
            if idf <= 0 or weight == 0:
                continue
            rows, tf = self.postings(term)
            out[rows] += np.float32(weight * idf) * tf * (k1 + 1) / (tf + norm[rows])
        out[~self._alive] = 0
        return out

    def term_scores(self, query: Mapping[str, float], row: int) -> dict[str, float]:
        """Each query term's contribution to one row's score (for explanations); they sum to scores()[row]."""
        norm = float(self._row_norm()[row])
        k1 = self.params.k1
        out: dict[str, float] = {}
        for term, weight in query.items():
            rows, tf = self.postings(term)
            hit = np.flatnonzero(rows == row)
            if len(hit) and weight:
                f = float(tf[hit[0]])
                out[term] = float(np.float32(weight * self.idf(term)) * f * (k1 + 1) / (f + norm))
        return out

    # ---- persistence ----------------------------------------------------------------------------------

    def save_base(self, path: Path) -> None:
        """Write the base segment (call after build; the delta is the caller's to replay)."""
        path.mkdir(parents=True, exist_ok=True)
        (path / "terms.json").write_text(json.dumps(list(self._terms), ensure_ascii=False), encoding="utf-8")
        for name in ("offsets", "rows", "tf_title", "tf_body", "len_title", "len_body"):
            np.save(
                path / f"{name}.npy",
                getattr(self, f"_{name}")[: self._base_rows] if "len" in name else getattr(self, f"_{name}"),
            )
        p = self.params
        (path / "params.json").write_text(json.dumps({"k1": p.k1, "b": p.b, "title_weight": p.title_weight}))

    @classmethod
    def load_base(cls, path: Path, params: BM25Params | None = None) -> LexicalIndex:
        saved = json.loads((path / "params.json").read_text())
        index = cls(params or BM25Params(**saved))
        terms = json.loads((path / "terms.json").read_text(encoding="utf-8"))
        index._terms = {t: i for i, t in enumerate(terms)}
        for name in ("offsets", "rows", "tf_title", "tf_body"):
            setattr(index, f"_{name}", np.load(path / f"{name}.npy", mmap_mode="r"))
        index._len_title = np.load(path / "len_title.npy")
        index._len_body = np.load(path / "len_body.npy")
        index._base_rows = len(index._len_title)
        index._alive = np.ones(index._base_rows, bool)
        return index


class LexicalBuilder:
    """Accumulates postings document by document in compact numpy chunks (no per-token Python objects
    survive a document), then sorts them once into a base segment. Row numbers are not stored per posting
    while building (each document's posting count is), which keeps a million-document build in memory."""

    CHUNK = 4096  # documents per chunk: few numpy arrays, little garbage

    def __init__(self) -> None:
        self._terms: dict[str, int] = {}
        self._chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._pending: list[tuple[list[int], list[int], list[int]]] = []
        self._sizes: list[int] = []
        self._len_title: list[int] = []
        self._len_body: list[int] = []

    def add(self, title: Sequence[str], body: Sequence[str]) -> None:
        tt, tb = Counter(title), Counter(body)
        keys = list(tt.keys() | tb.keys())
        tids = [self._terms.setdefault(k, len(self._terms)) for k in keys]
        self._pending.append((tids, [tt.get(k, 0) for k in keys], [tb.get(k, 0) for k in keys]))
        self._sizes.append(len(keys))
        self._len_title.append(len(title))
        self._len_body.append(len(body))
        if len(self._pending) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        total = sum(len(p[0]) for p in self._pending)
        columns = (
            np.fromiter((t for p in self._pending for t in p[0]), np.int32, total),
            np.fromiter((f for p in self._pending for f in p[1]), np.uint16, total),
            np.fromiter((f for p in self._pending for f in p[2]), np.uint16, total),
        )
        self._chunks.append(columns)
        self._pending = []

    def finish(self, params: BM25Params | None = None) -> LexicalIndex:
        self._flush()
        index = LexicalIndex(params)
        n = len(self._sizes)

        def column(slot: int, dtype: type) -> np.ndarray:
            return np.concatenate([c[slot] for c in self._chunks]) if self._chunks else np.zeros(0, dtype)

        tids = column(0, np.int32)
        order = np.argsort(tids, kind="stable")  # stable: rows stay ascending within a term
        counts = np.bincount(tids, minlength=len(self._terms))
        del tids
        index._rows = np.repeat(np.arange(n, dtype=np.int32), self._sizes)[order]
        index._tf_title = column(1, np.uint16)[order]
        index._tf_body = column(2, np.uint16)[order]
        self._chunks = []
        index._terms = self._terms
        index._offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        index._len_title = np.asarray(self._len_title, np.float32)
        index._len_body = np.asarray(self._len_body, np.float32)
        index._alive = np.ones(n, bool)
        index._base_rows = n
        return index
