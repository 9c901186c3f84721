"""Why a document matched: shared terms marked in both texts, structured agreements, score parts, a sentence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hardtech.engines.match.documents import Document
from hardtech.engines.match.filters import Boosts, agreements
from hardtech.engines.text.highlight import spans

KIND_NAMES = {"achievement": "成果", "demand": "需求", "expert": "专家", "paper": "论文", "patent": "专利"}
PART_NAMES = {
    "lexical": "关键词匹配",
    "dense": "语义相似",
    "field": "领域",
    "mode": "合作方式",
    "maturity": "成熟度",
    "price": "价格",
    "region": "地区",
}

Span = tuple[int, int]


@dataclass(frozen=True)
class Explanation:
    matched_terms: list[str]  # shared phrases as they read in the document, most substantial first
    query_spans: list[Span]  # where they occur in the query text
    title_spans: list[Span]  # ... in the document's title
    text_spans: list[Span]  # ... in the document's text
    parts: dict[str, float]  # score parts; they sum to the match score
    agreements: list[str]  # structured agreements (and disagreements), in Chinese
    sentence: str  # one sentence a technology manager can pass on


def explain(
    query_text: str,
    query_terms: set[str],
    doc: Document,
    parts: Mapping[str, float],
    record: Document | None,
    boosts: Boosts,
    known_title: str | None = None,
) -> Explanation:
    title_spans = spans(doc.title, query_terms)
    text_spans = spans(doc.text, query_terms)
    # a term counts as shared only if the document really contains it, so mark the query with those alone
    phrases = [doc.title[a:b] for a, b in title_spans] + [doc.text[a:b] for a, b in text_spans]
    shared = {t for t in query_terms if any(t in p.lower() for p in phrases)}
    matched: list[str] = []
    for phrase in sorted({p for p in phrases if len(p) > 1}, key=lambda p: (-len(p), p)):
        if not any(phrase in longer for longer in matched):  # "封装" says nothing after "芯片封装"
            matched.append(phrase)
    notes = agreements(record, doc, boosts)[1] if record is not None else []
    return Explanation(
        matched_terms=matched,
        query_spans=spans(query_text, shared),
        title_spans=title_spans,
        text_spans=text_spans,
        parts=dict(parts),
        agreements=notes,
        sentence=sentence(doc, record, matched, notes, sum(parts.values()), parts, known_title),
    )


def sentence(
    doc: Document,
    record: Document | None,
    matched: list[str],
    notes: list[str],
    score: float,
    parts: Mapping[str, float],
    known_title: str | None = None,
) -> str:
    """E.g. 该成果与需求在“碳化硅功率器件、封装”等技术要点上相符，技术领域一致（新材料），综合匹配度 82%。

    A query that names a catalogue record (known_title) is said to be matched by that record's text.
    """
    subject = f"该{KIND_NAMES.get(doc.kind, '条目')}"
    target = KIND_NAMES.get(record.kind, "查询") if record is not None else "查询"
    clauses = []
    if matched:
        clauses.append(f"{subject}与{target}在“{'、'.join(matched[:3])}”等技术要点上相符")
    else:
        clauses.append(f"{subject}与{target}语义相近（无字面重合）")
    if not matched and parts.get("dense", 0) <= 0:
        clauses[0] = f"{subject}与{target}仅有结构化条件相符"
    clauses += notes
    if known_title:
        clauses.insert(0, f"查询即《{known_title}》的标题，按该条目全文匹配")
    percent = round(max(0.0, min(score, 1.0)) * 100)
    return "，".join(clauses) + f"，综合匹配度 {percent}%。"
