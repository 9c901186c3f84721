"""Metrics follow the benchmark's evaluate.py: exclusions dropped first, graded nDCG@10, MRR@10, Recall@100."""

import math

import pytest

from hardtech.engines.match.metrics import score_query, score_task


def test_score_query_matches_hand_computation():
    rel = {"a": 2, "b": 1, "c": 1}
    ndcg, mrr, recall = score_query(["self", "x", "a", "b"], rel, exclude=["self"])
    dcg = 2 / math.log2(3) + 1 / math.log2(4)
    idcg = 2 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg == pytest.approx(dcg / idcg)
    assert mrr == pytest.approx(1 / 2)
    assert recall == pytest.approx(2 / 3)


def test_missing_ranking_scores_zero():
    scores = score_task({}, [{"_id": "q"}], {"q": {"a": 1}})
    assert (scores.queries, scores.ndcg10, scores.mrr10, scores.recall100) == (1, 0.0, 0.0, 0.0)
