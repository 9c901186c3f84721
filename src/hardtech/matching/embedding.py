"""The dense model as the platform's indexes use it: query vectors cached in memory and on disk.

The engine embeds a record's whole text as its query, which takes the e5 model about half a second on one
core; a detail page asks for the same record's matches every time it is viewed. Query vectors are therefore
kept by content hash next to the passage vectors (a separate file: queries and passages are prefixed
differently by e5, so the same text has two vectors), and the model itself is loaded on first real use only,
never by a lexical-only index.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from hardtech.engines.match.dense import E5Embedder, VectorCache, default_embedder

MEMORY_ENTRIES = 4096


class CachingEmbedder:
    model_id = E5Embedder.model_id

    def __init__(self, cache_dir: Path) -> None:
        self._cache_dir = cache_dir
        self._disk: VectorCache | None = None
        self._memory: OrderedDict[bytes, np.ndarray] = OrderedDict()

    @property
    def dim(self) -> int:
        return default_embedder().dim

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return default_embedder().passages(texts)

    def query(self, text: str) -> np.ndarray:
        if self._disk is None:
            self._disk = VectorCache(self._cache_dir, f"{self.model_id}#query", self.dim)
        key = self._disk.key(text)
        vector = self._memory.get(key)
        if vector is None:
            vector = self._disk.get(key)
        if vector is None:
            vector = default_embedder().query(text)
            self._disk.put_many([key], vector[None, :])
        self._memory[key] = vector
        self._memory.move_to_end(key)
        if len(self._memory) > MEMORY_ENTRIES:
            self._memory.popitem(last=False)
        return vector
