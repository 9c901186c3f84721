"""Batch ranking: every query of a JSONL file against a catalogue JSONL, written as a TREC run."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from hardtech.engines.match.index import MatchIndex, Progress


def read_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def rank_to_trec(
    catalogue: str | Path,
    queries: str | Path,
    out: str | Path,
    *,
    top: int = 100,
    cache_dir: str | Path | None = None,
    tag: str = "hardtech",
    progress: Progress | None = None,
    on_query: Callable[[], None] | None = None,
) -> int:
    """Rank catalogue documents ({"_id", "title", "text", ...}) for each query ({"_id", "text", optional
    "exclude": [ids]}) and write `qid Q0 docid rank score tag` lines; returns the number of queries.

    The index lives in a temporary directory; dense vectors are cached in cache_dir across runs.
    """
    docs = read_jsonl(catalogue)
    with tempfile.TemporaryDirectory(prefix="match-batch-") as tmp, open(out, "w", encoding="utf-8") as f:
        index = MatchIndex.build(docs, Path(tmp) / "index", cache_dir=cache_dir, progress=progress)
        qs = read_jsonl(queries)
        for q in qs:
            for rank, m in enumerate(
                index.search(str(q["text"]), top=top, exclude=q.get("exclude") or ()), 1
            ):
                f.write(f"{q['_id']} Q0 {m.id} {rank} {m.score:.6f} {tag}\n")
            if on_query:
                on_query()
    return len(qs)
