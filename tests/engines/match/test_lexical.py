"""LexicalBuilder: the spilled, range-by-range counting sort writes exactly the postings of a naive build."""

import random
from collections import Counter

import numpy as np
import pytest

from hardtech.engines.match.lexical import LexicalBuilder, LexicalIndex


def corpus(n: int, seed: int = 0) -> list[tuple[list[str], list[str]]]:
    """Documents with a skewed vocabulary (some terms in most documents, many in one), some empty."""
    rng = random.Random(seed)
    vocab = [f"t{i}" for i in range(2000)]
    return [
        (
            [rng.choice(vocab[:30]) for _ in range(rng.randint(0, 4))],
            [vocab[min(int(rng.paretovariate(0.8)) - 1, 1999)] for _ in range(rng.randint(0, 40))],
        )
        for _ in range(n)
    ]


def naive(docs: list[tuple[list[str], list[str]]]) -> dict[str, list[tuple[int, int, int]]]:
    """term -> [(row, tf in title, tf in body)] in row order."""
    postings: dict[str, list[tuple[int, int, int]]] = {}
    for row, (title, body) in enumerate(docs):
        tt, tb = Counter(title), Counter(body)
        for term in sorted(tt.keys() | tb.keys()):
            postings.setdefault(term, []).append((row, tt[term], tb[term]))
    return postings


@pytest.mark.parametrize(("chunk", "block", "bucket"), [(4096, 16384, 1 << 25), (3, 7, 400), (1, 64, 2000)])
def test_base_segment_equals_a_naive_build(tmp_path, monkeypatch, chunk, block, bucket):
    # small sizes force many spilled chunks, many read blocks and one sorting pass per few terms
    monkeypatch.setattr(LexicalBuilder, "CHUNK", chunk)
    monkeypatch.setattr(LexicalBuilder, "BLOCK", block)
    monkeypatch.setattr(LexicalBuilder, "BUCKET", bucket)
    docs = corpus(800)
    index = LexicalIndex.build(docs, tmp_path / "lex")
    expected = naive(docs)
    assert set(index._terms) == set(expected)
    for term, postings in expected.items():
        tid = index._terms[term]
        a, b = index._offsets[tid], index._offsets[tid + 1]
        columns = (index._rows[a:b], index._tf_title[a:b], index._tf_body[a:b])
        got = list(zip(*(c.tolist() for c in columns), strict=True))
        assert got == postings, term
    assert index._offsets[-1] == len(index._rows) == sum(map(len, expected.values()))
    assert index._len_title.tolist() == [len(t) for t, _ in docs]
    assert index._len_body.tolist() == [len(b) for _, b in docs]
    assert not (tmp_path / "lex" / "spill").exists()


def test_scores_do_not_depend_on_the_sort_passes(tmp_path, monkeypatch):
    docs = corpus(300, seed=1)
    one = LexicalIndex.build(docs, tmp_path / "one")
    monkeypatch.setattr(LexicalBuilder, "BUCKET", 10)
    many = LexicalIndex.build(docs, tmp_path / "many")
    query = {"t0": 1.0, "t5": 0.5, "t300": 2.0, "missing": 1.0}
    assert np.array_equal(one.scores(query), many.scores(query))


def test_empty_corpus(tmp_path):
    index = LexicalIndex.build([], tmp_path / "lex")
    assert len(index._rows) == 0 and index._offsets.tolist() == [0]
    assert index.scores({"t0": 1.0}).tolist() == []


def test_a_new_builder_discards_an_interrupted_build(tmp_path, monkeypatch):
    monkeypatch.setattr(LexicalBuilder, "CHUNK", 1)  # every document spilled at once
    spill = tmp_path / "spill"
    LexicalBuilder(spill).add(["stale"], ["stale"])  # never written: its postings stay in the spill files
    builder = LexicalBuilder(spill)
    builder.add(["a"], ["b", "b"])
    builder.write(tmp_path / "lex")
    index = LexicalIndex.load_base(tmp_path / "lex")
    assert set(index._terms) == {"a", "b"} and len(index._rows) == 2
    assert [index.postings(t)[1].tolist() for t in ("a", "b")] == [[2.0], [2.0]]  # title weight 2, body tf 2
