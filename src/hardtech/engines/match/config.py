"""Tunable parameters of the matching pipeline, with the values measured best on the benchmark's dev split."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from hardtech.engines.match.lexical import BM25Params


@dataclass(frozen=True)
class MatchConfig:
    bm25: BM25Params = field(default_factory=BM25Params)
    # word-BM25 is added to bigram-BM25 with this weight: words are sharper, bigrams catch re-segmentations
    word_weight: float = 0.5
    # query bigrams that straddle two jieba words ("习的", "于深") are mostly noise: down-weighted
    cross_bigram_weight: float = 0.5
    # pseudo-relevance feedback: expand with the best terms of the first pass's top documents
    prf_docs: int = 5
    prf_terms: int = 30
    prf_weight: float = 0.3
    # dense (e5) share of the fused score; 0 disables the dense index altogether
    dense_weight: float = 0.3
    # a passage is the title and the start of the text: the model reads ~100 tokens/s per core
    passage_chars: int = 0
    # fusion looks at this many top documents of each ranking
    candidates: int = 200

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> MatchConfig:
        data = dict(data)
        bm25 = BM25Params(**data.pop("bm25", {}))
        return cls(bm25=bm25, **data)
