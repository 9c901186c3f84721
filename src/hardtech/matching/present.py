"""Matches as people read them: the panel's cards and the API's explanation, in Chinese.

Both texts of a match are shown with the shared terms marked: the source record's text (what the engine
searched with) and the matched record's title and text, each cut to a snippet around the first shared term.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hardtech.catalogue.models import Achievement, Demand, Expert
from hardtech.engines.match import Document, query_text
from hardtech.engines.match.explain import PART_NAMES, Confidence
from hardtech.engines.match.filters import agreements
from hardtech.matching.records import ACHIEVEMENTS, DEMANDS, EXPERTS
from hardtech.matching.services import Hit
from hardtech.matching.store import store

Span = tuple[int, int]
BADGES = {"field": "领域", "maturity": "成熟度", "mode": "合作方式", "price": "预算", "region": "地区"}
SNIPPET_CHARS = 120
QUERY_SNIPPET_CHARS = (
    80  # the source's own text repeats on every card: a shorter reminder of where it matched
)
DETAIL_URL = {ACHIEVEMENTS: "achievement_detail", DEMANDS: "demand_detail", EXPERTS: "expert_detail"}


def marked(text: str, spans: list[Span], width: int | None = None) -> SafeString:
    """HTML of text (or of a window of `width` characters around its first span) with spans in <mark>."""
    start, end = 0, len(text)
    if width is not None and len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - width // 4, len(text) - width))
        end = start + width
    out, last = [], start
    for a, b in spans:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        out += [escape(text[last:a]), "<mark>", escape(text[a:b]), "</mark>"]
        last = b
    out.append(escape(text[last:end]))
    return mark_safe(("…" if start else "") + "".join(out) + ("…" if end < len(text) else ""))


@dataclass
class Badge:
    label: str  # 领域, 成熟度, ...
    note: str  # the engine's sentence part: 技术领域一致（电子信息）
    agrees: bool  # False for a disagreement (报价超出预算)


@dataclass
class Card:
    kind: str
    id: int
    title: str
    url: str
    rank: int
    score: float
    sentence: str
    terms: list[str]
    badges: list[Badge]
    parts: list[tuple[str, float]]  # (Chinese name, value), largest first
    raw_parts: dict[str, float]  # the engine's keys: lexical, dense, field, mode, maturity, price, region
    title_html: SafeString
    text_html: SafeString
    query_html: SafeString
    confidence: Confidence  # 高 / 中 / 低 and why: what the card shows (the score only orders one list)
    owner: tuple[str, str] | None = None  # (name, url) of the enterprise / organisation behind the record
    feedback: str = ""  # the viewer's earlier verdict: "relevant", "irrelevant" or ""
    extra: dict = field(default_factory=dict)

    def as_api(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "url": self.url,
            "rank": self.rank,
            "score": self.score,
            "parts": self.raw_parts,
            "explanation": {
                "sentence": self.sentence,
                "terms": self.terms,
                "agreements": [b.note for b in self.badges],
            },
            "confidence": {
                "level": self.confidence.label,
                "rank": self.confidence.level,
                "reasons": list(self.confidence.reasons),
            },
            "owner": {"name": self.owner[0], "url": self.owner[1]} if self.owner else None,
        }


def _owner(obj: Achievement | Demand | Expert) -> tuple[str, str] | None:
    if isinstance(obj, Demand):
        org = obj.enterprise
    elif isinstance(obj, Achievement):
        org = next(iter(obj.organisations.all()), None)
    else:
        org = obj.organisation
    return (org.name, reverse("organisation_detail", args=[org.pk])) if org else None


def card(hit: Hit, source: Document | None) -> Card:
    """source: the record searched with (None for a free-text search, whose query is not shown)."""
    match, explanation, doc = hit.match, hit.explanation, hit.document
    badges = []
    index = store.current(hit.kind)
    if source is not None and index is not None:
        parts, notes = agreements(source, doc, index.boosts)  # same order: one note per part
        badges = [Badge(BADGES[k], note, v > 0) for (k, v), note in zip(parts.items(), notes, strict=True)]
    parts = sorted(((PART_NAMES.get(k, k), v) for k, v in match.parts.items()), key=lambda p: -abs(p[1]))
    return Card(
        kind=hit.kind,
        id=hit.obj.pk,
        title=str(hit.obj.title if not isinstance(hit.obj, Expert) else hit.obj.name),
        url=reverse(DETAIL_URL[hit.kind], args=[hit.obj.pk]),
        rank=hit.rank,
        score=match.score,
        sentence=explanation.sentence,
        terms=explanation.matched_terms,
        badges=badges,
        parts=parts,
        raw_parts=dict(match.parts),
        confidence=explanation.confidence,
        title_html=marked(doc.title, explanation.title_spans),
        text_html=marked(doc.text, explanation.text_spans, SNIPPET_CHARS),
        query_html=(
            marked(query_text(source), explanation.query_spans, QUERY_SNIPPET_CHARS)
            if source
            else mark_safe("")
        ),
        owner=_owner(hit.obj),
    )
