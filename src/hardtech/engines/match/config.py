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
    # pseudo-relevance feedback (RM3-style) from the first pass's top documents. Off by default: on the dev
    # split it helped title-to-related queries a little (+0.007 nDCG) but cost keyword and title-lookup ones
    # more; worth a try for long record-built queries.
    prf_docs: int = 5
    prf_terms: int = 30
    prf_weight: float = 0.0
    # a query that repeats a catalogue title (bigram Jaccard >= known_item_overlap, so either script) is
    # expanded with that record's most distinctive terms, with this weight: the record's text says far more
    # than its title. On the dev split: related-csl +0.028, related-chinaxiv +0.040, others unchanged;
    # weights 0.7-1.0 and 60-150 terms all landed within 0.003 of this
    known_item_weight: float = 0.85
    known_item_terms: int = 100
    known_item_overlap: float = 0.8
    # feedback never adds a term found in more than this share of the documents
    feedback_max_df: float = 0.1
    # dense (e5) share of the fused score for titles and sentences; 0 disables the dense index altogether.
    # 0.4 was best on both halves of the dev split once keyword lists were ranked apart (0.25 before)
    dense_weight: float = 0.4
    # the dense share for keyword-list queries ("石墨烯 散热 涂层", see `is_keyword_list`): their exact terms
    # rank best lexically, and skipping the query embedding makes them fast too
    keyword_dense_weight: float = 0.0
    # characters of text embedded after the title; 0 = the title alone (or the text's first 64 characters
    # when there is none). One core embeds ~30 titles/s but only ~4 whole abstracts/s.
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
