"""Ranking metrics with the definitions of the benchmark's evaluate.py (nDCG@10, MRR@10, Recall@100).

A query's `exclude` documents are dropped from its ranking first; a query without a ranking scores 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TaskScores:
    queries: int
    ndcg10: float
    mrr10: float
    recall100: float


def score_query(
    ranking: Sequence[str], rel: Mapping[str, int], exclude: Sequence[str] = ()
) -> tuple[float, float, float]:
    """(nDCG@10, MRR@10, Recall@100) of one ranking against graded judgments."""
    excl = set(exclude)
    ranking = [d for d in ranking if d not in excl]
    dcg = sum(rel.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranking[:10]))
    ideal = sorted(rel.values(), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    ndcg = dcg / idcg if idcg else 0.0
    mrr = next((1.0 / (i + 1) for i, d in enumerate(ranking[:10]) if rel.get(d, 0) > 0), 0.0)
    recall = len({d for d in ranking[:100] if rel.get(d, 0) > 0}) / len(rel) if rel else 0.0
    return ndcg, mrr, recall


def score_task(
    runs: Mapping[str, Sequence[str]],
    queries: Sequence[Mapping[str, object]],
    qrels: Mapping[str, Mapping[str, int]],
) -> TaskScores:
    """Mean metrics over a task's queries; runs maps query id to its ranked document ids."""
    totals = [0.0, 0.0, 0.0]
    for q in queries:
        qid = str(q["_id"])
        exclude = q.get("exclude") or ()
        parts = score_query(runs.get(qid, ()), qrels.get(qid, {}), exclude)  # type: ignore[arg-type]
        totals = [t + p for t, p in zip(totals, parts, strict=True)]
    n = max(len(queries), 1)
    return TaskScores(len(queries), totals[0] / n, totals[1] / n, totals[2] / n)
