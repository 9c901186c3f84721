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

LEVELS = {3: "高", 2: "中", 1: "低"}
# A shared term of at least this many characters names a technique (碳化硅功率模块, 波束赋形); shorter ones are
# as often words any two records share (方向, 完成, 芯片). Adjacent shared terms read as one phrase, so the
# evidence is counted in characters of such terms, not in terms: a near-copy shares two long phrases.
SPECIFIC_TERM_CHARS = 4
SPECIFIC_CHARS_FOR_HIGH = 16
# A free-text query: the share of its characters that the record contains.
COVERAGE_FOR_HIGH, COVERAGE_FOR_MEDIUM = 0.8, 0.4


@dataclass(frozen=True)
class Confidence:
    """How far a match can be trusted, from its own evidence only (never from the other hits), so that the
    same pair reads the same wherever it is shown. See hardtech/matching/README.md for the rule."""

    level: int  # 3 高, 2 中, 1 低
    reasons: tuple[str, ...]  # why, in Chinese: the evidence for, then what lowered it

    @property
    def label(self) -> str:
        return LEVELS[self.level]

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)


def confidence(
    matched: list[str],
    parts: Mapping[str, float],
    record: Document | None,
    query_text: str,
    query_spans: list[Span],
) -> Confidence:
    """高 / 中 / 低 from the evidence of one match.

    A record searched with (a demand, achievement or expert): 高 takes specific shared terms (four characters
    or more) of at least 16 characters in all and the same technical field; 中 as many without the field, or
    one specific term with it; else 低. A disagreement (an offer above the budget, the only negative part)
    lowers the level by one. A free-text query: 高 when the record contains 80% of the query's characters,
    中 from 40%.
    """
    reasons = []
    if record is None:
        shown = sum(1 for c in query_text if not c.isspace())
        covered = sum(b - a for a, b in query_spans) / shown if shown else 0.0
        level = 3 if covered >= COVERAGE_FOR_HIGH else 2 if covered >= COVERAGE_FOR_MEDIUM else 1
        reasons.append(f"检索词的 {round(covered * 100)}% 出现在该条目中")
        if not matched and parts.get("dense", 0) > 0:
            reasons.append("其余为语义相近")
        return Confidence(level, tuple(reasons))
    # a field or mode named in the text (航空航天, 技术咨询) is the structured agreement again, not a technique
    labels = {*record.fields, *record.modes}
    specific = [t for t in matched if len(t) >= SPECIFIC_TERM_CHARS and t not in labels]
    chars = sum(len(t) for t in specific)
    if specific:
        more = "等" if len(specific) > 3 else ""
        reasons.append(f"共同的专业术语：{'、'.join(specific[:3])}{more}（共 {chars} 字）")
    elif matched:
        reasons.append(f"只有较短的共同词：{'、'.join(matched[:3])}")
    else:
        reasons.append("没有共同的技术要点" + ("，仅语义相近" if parts.get("dense", 0) > 0 else ""))
    same_field = parts.get("field", 0) > 0
    reasons.append("技术领域一致" if same_field else "技术领域不同或未填写")
    many = chars >= SPECIFIC_CHARS_FOR_HIGH
    level = 3 if many and same_field else 2 if many or (specific and same_field) else 1
    if any(v < 0 for v in parts.values()) and level > 1:
        level -= 1
        reasons.append("报价超出预算，降一档")
    return Confidence(level, tuple(reasons))


@dataclass(frozen=True)
class Explanation:
    matched_terms: list[str]  # shared phrases as they read in the document, most substantial first
    query_spans: list[Span]  # where they occur in the query text
    title_spans: list[Span]  # ... in the document's title
    text_spans: list[Span]  # ... in the document's text
    parts: dict[str, float]  # score parts; they sum to the match score
    agreements: list[str]  # structured agreements (and disagreements), in Chinese
    confidence: Confidence  # 高 / 中 / 低 with its reasons, comparable across queries (the score is not)
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
    query_spans = spans(query_text, shared)
    sure = confidence(matched, parts, record, query_text, query_spans)
    return Explanation(
        matched_terms=matched,
        query_spans=query_spans,
        title_spans=title_spans,
        text_spans=text_spans,
        parts=dict(parts),
        agreements=notes,
        confidence=sure,
        sentence=sentence(doc, record, matched, notes, sure, parts, known_title),
    )


def sentence(
    doc: Document,
    record: Document | None,
    matched: list[str],
    notes: list[str],
    sure: Confidence,
    parts: Mapping[str, float],
    known_title: str | None = None,
) -> str:
    """E.g. 该成果与需求在“碳化硅功率器件、封装”等技术要点上相符，技术领域一致（新材料），匹配可信度高。

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
    return "，".join(clauses) + f"，匹配可信度{sure.label}。"
