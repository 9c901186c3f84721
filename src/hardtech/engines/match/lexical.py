"""A two-field (title, body) BM25F inverted index in numpy, with an in-memory delta for incremental updates.

The base segment is flat arrays (postings sorted by term, then row), written once by `build` and memory-mapped
on open. Documents added later go to a small delta segment; removed rows are masked. Statistics (document
count, average lengths, document frequencies) always describe the live documents, so scores after any
sequence of upserts/removes equal those of a fresh build over the same documents.

BM25F: a term's frequency is title_weight * tf(title) + tf(body), normalised by the same weighted length.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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
        # per-row BM25 length norms and the live row count, both recomputed only after the live set changes
        self._norm: np.ndarray | None = None
        self._live: int | None = None

    # ---- building -------------------------------------------------------------------------------------

    @classmethod
    def build(cls, docs: Iterable[FieldTokens], path: Path, params: BM25Params | None = None) -> LexicalIndex:
        """Index documents as rows 0, 1, 2, ... in iteration order into a base segment at path, and open it."""
        builder = LexicalBuilder(path / "spill")
        for title, body in docs:
            builder.add(title, body)
        builder.write(path, params)
        return cls.load_base(path, params)

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
        self._norm = self._live = None

    def remove(self, row: int, tokens: FieldTokens) -> None:
        """Mask `row`; its tokens (as indexed) are needed to keep document frequencies exact."""
        if not self._alive[row]:
            return
        self._alive[row] = False
        for term in set(tokens[0]) | set(tokens[1]):
            self._df_adjust[term] -= 1
        self._norm = self._live = None

    # ---- statistics -----------------------------------------------------------------------------------

    @property
    def live_count(self) -> int:
        if self._live is None:
            self._live = int(self._alive.sum())
        return self._live

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
    """Accumulates postings document by document, then sorts them into a base segment on disk.

    Each chunk of documents' postings (term id and field frequencies, in row order) is appended to spill
    files, so only the vocabulary and a few numbers per document stay in memory while documents stream in.
    `write` then orders the postings by term with a counting sort, one range of terms per pass over the spill
    files, writing each range's slice of the final arrays straight to the .npy files: memory stays bounded by
    `BUCKET` postings whatever the corpus size. The spill files are read, not memory-mapped, so their pages
    never count towards the process's resident set.
    """

    CHUNK = 4096  # documents per spilled chunk: few numpy arrays, little garbage
    BLOCK = 4096  # documents read back at a time while sorting (~1M postings: small temporaries)
    BUCKET = 1 << 25  # postings sorted per pass (8 bytes each, plus the block being read)
    _SPILLED = (("tids", np.int32), ("tf_title", np.uint16), ("tf_body", np.uint16))

    def __init__(self, spill: Path) -> None:
        """spill: a directory for the temporary posting files (created, and removed by `write`)."""
        self._spill = spill
        spill.mkdir(parents=True, exist_ok=True)
        for name, _ in self._SPILLED:  # truncates what an interrupted build left behind
            (spill / name).write_bytes(b"")
        self._terms: dict[str, int] = {}
        self._df = np.zeros(0, np.int64)
        self._pending: list[tuple[list[int], list[int], list[int]]] = []
        self._sizes = array("I")  # postings per document
        self._len_title = array("I")
        self._len_body = array("I")

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
        for slot, (name, dtype) in enumerate(self._SPILLED):
            column = np.fromiter((v for p in self._pending for v in p[slot]), dtype, total)
            with open(self._spill / name, "ab") as f:
                column.tofile(f)
            if slot == 0:
                df = np.bincount(column, minlength=len(self._terms))
                df[: len(self._df)] += self._df
                self._df = df
        self._pending = []

    def write(self, path: Path, params: BM25Params | None = None) -> None:
        """Write the base segment (what `LexicalIndex.load_base` reads) and delete the spill files."""
        self._flush()
        path.mkdir(parents=True, exist_ok=True)
        with open(path / "terms.json", "w", encoding="utf-8") as f:
            json.dump(list(self._terms), f, ensure_ascii=False)
        self._terms = {}  # the largest thing left in memory, and sorting no longer needs it
        offsets = np.zeros(len(self._df) + 1, np.int64)
        np.cumsum(self._df, out=offsets[1:])
        np.save(path / "offsets.npy", offsets)
        for name in ("len_title", "len_body"):
            lengths = np.frombuffer(getattr(self, f"_{name}"), np.uint32)
            np.save(path / f"{name}.npy", lengths.astype(np.float32))
        p = params or BM25Params()
        (path / "params.json").write_text(json.dumps({"k1": p.k1, "b": p.b, "title_weight": p.title_weight}))
        self._write_postings(path, offsets)
        shutil.rmtree(self._spill)

    def _write_postings(self, path: Path, offsets: np.ndarray) -> None:
        total = int(offsets[-1])
        with contextlib.ExitStack() as stack:
            files = [
                stack.enter_context(_npy_writer(path / f"{name}.npy", dtype, total))
                for name, dtype in (("rows", np.int32), ("tf_title", np.uint16), ("tf_body", np.uint16))
            ]
            for lo, hi in _term_ranges(offsets, self.BUCKET):
                for f, column in zip(files, self._sorted_range(offsets, lo, hi), strict=True):
                    column.tofile(f)

    def _sorted_range(
        self, offsets: np.ndarray, lo: int, hi: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, tf_title, tf_body) of the postings of terms lo..hi-1, ordered by term, then row."""
        base = offsets[lo]
        size = int(offsets[hi] - base)
        out = (np.empty(size, np.int32), np.empty(size, np.uint16), np.empty(size, np.uint16))
        cursor = offsets[lo:hi] - base  # where each term's next posting goes
        for rows, tids, tf_title, tf_body in self._blocks():
            keep = np.flatnonzero((tids >= lo) & (tids < hi))
            # stable: blocks come in row order and a stable sort keeps rows ascending within each term
            keep = keep[np.argsort(tids[keep], kind="stable")]
            terms = tids[keep] - lo
            first = np.flatnonzero(np.diff(terms, prepend=-1))  # each term's first posting in this block
            counts = np.diff(first, append=len(terms))
            positions = cursor[terms] + np.arange(len(terms)) - np.repeat(first, counts)
            cursor[terms[first]] += counts
            for column, values in zip(out, (rows, tf_title, tf_body), strict=True):
                column[positions] = values[keep]
        return out

    def _blocks(self) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """(row, tid, tf_title, tf_body) of every spilled posting, `BLOCK` documents at a time, in row order."""
        sizes = np.frombuffer(self._sizes, np.uint32)
        with contextlib.ExitStack() as stack:
            files = [stack.enter_context(open(self._spill / name, "rb")) for name, _ in self._SPILLED]
            for start in range(0, len(sizes), self.BLOCK):
                block = sizes[start : start + self.BLOCK]
                count = int(block.sum())
                rows = np.repeat(np.arange(start, start + len(block), dtype=np.int32), block)
                tids, tf_title, tf_body = (
                    np.fromfile(f, dtype, count) for f, (_, dtype) in zip(files, self._SPILLED, strict=True)
                )
                yield rows, tids, tf_title, tf_body


def _term_ranges(offsets: np.ndarray, bucket: int) -> Iterator[tuple[int, int]]:
    """Consecutive term ranges of about `bucket` postings each (a single larger term gets a range of its own)."""
    terms = len(offsets) - 1
    lo = 0
    while lo < terms:
        hi = int(np.searchsorted(offsets, offsets[lo] + bucket, side="right")) - 1
        hi = min(max(hi, lo + 1), terms)
        yield lo, hi
        lo = hi


@contextlib.contextmanager
def _npy_writer(path: Path, dtype: type, length: int) -> Iterator[BinaryIO]:
    """A new .npy file of a 1-d array, header written, for the caller to append the data to in order."""
    descr = np.lib.format.dtype_to_descr(np.dtype(dtype))
    with open(path, "wb") as f:
        np.lib.format.write_array_header_1_0(f, {"descr": descr, "fortran_order": False, "shape": (length,)})
        start = f.tell()
        yield f
        written = f.tell() - start
    if written != length * np.dtype(dtype).itemsize:  # a short file would load as a corrupt index
        raise RuntimeError(f"{path}: wrote {written} bytes of data, expected {length} values")
