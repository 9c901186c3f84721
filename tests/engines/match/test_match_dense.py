"""The content-hash vector cache: resumable, torn-record safe."""

import numpy as np

from hardtech.engines.match.dense import VectorCache, embed_passages
from support.match_helpers import CountingEmbedder


def test_cache_serves_repeats_and_survives_reopen(tmp_path):
    embedder = CountingEmbedder()
    cache = VectorCache(tmp_path, embedder.model_id, embedder.dim)
    texts = ["碳化硅功率器件", "锂离子电池", "碳化硅功率器件"]
    vectors, embedded = embed_passages(texts, embedder, cache, batch_size=1)
    assert embedded == 2 and np.allclose(vectors[0], vectors[2])
    reopened = VectorCache(tmp_path, embedder.model_id, embedder.dim)
    again, embedded = embed_passages(texts, embedder, reopened)
    assert embedded == 0 and np.allclose(again, vectors)


def test_torn_trailing_record_is_dropped(tmp_path):
    embedder = CountingEmbedder()
    cache = VectorCache(tmp_path, embedder.model_id, embedder.dim)
    embed_passages(["一", "二"], embedder, cache)
    with open(cache.path, "ab") as f:
        f.write(b"\x00" * 100)  # a crash mid-write
    reopened = VectorCache(tmp_path, embedder.model_id, embedder.dim)
    assert len(reopened) == 2
    _, embedded = embed_passages(["三"], embedder, reopened)
    assert embedded == 1 and len(VectorCache(tmp_path, embedder.model_id, embedder.dim)) == 3


def test_worker_processes_give_the_same_vectors_in_order(tmp_path):
    from hardtech.engines.match.dense import default_embedder

    embedder = default_embedder()
    texts = ["碳化硅功率器件", "锂离子电池", "视觉里程计", "小麦抗旱品种", "混凝土施工"]
    alone, _ = embed_passages(texts, embedder, batch_size=2, workers=1)
    cache = VectorCache(tmp_path, embedder.model_id, embedder.dim)
    spread, embedded = embed_passages(texts, embedder, cache, batch_size=2, workers=2)
    assert embedded == len(texts) and np.allclose(spread, alone, atol=1e-5)
    reopened = VectorCache(tmp_path, embedder.model_id, embedder.dim)
    assert all(
        np.allclose(reopened.get(reopened.key(t)), v, atol=1e-5) for t, v in zip(texts, alone, strict=True)
    )


def test_the_model_reads_a_bounded_prefix_of_long_texts():
    """A 20,000-character record once took 43 s to embed; the model only reads its first tokens anyway."""
    from hardtech.engines.match.dense import MAX_CHARS, default_embedder

    embedder = default_embedder()
    long_text = "碳化硅功率器件的结终端结构与可靠性研究。" * 1000
    assert np.allclose(embedder.query(long_text), embedder.query(long_text[:MAX_CHARS]), atol=1e-6)
    assert np.allclose(embedder.passages([long_text]), embedder.passages([long_text[:MAX_CHARS]]), atol=1e-6)
