"""The 智能匹配 panel of a detail page: which directions a record has, and its cards for the viewer."""

from __future__ import annotations

from dataclasses import dataclass

from hardtech.catalogue.models import Achievement, Demand, Expert
from hardtech.catalogue.permissions import AnyUser
from hardtech.matching import services
from hardtech.matching.models import FeedbackReason, MatchFeedback
from hardtech.matching.present import Card, card
from hardtech.matching.records import ACHIEVEMENTS, DEMANDS, EXPERTS, kind_of, to_document

PANEL_SIZE = 5
REASONS = FeedbackReason.choices
# What each kind of page matches against, and how the section is headed.
DIRECTIONS: dict[str, list[tuple[str, str]]] = {
    DEMANDS: [(ACHIEVEMENTS, "可解决此需求的科技成果"), (EXPERTS, "可对接的专家")],
    ACHIEVEMENTS: [(DEMANDS, "需要此成果的企业需求")],
    EXPERTS: [(DEMANDS, "专家可解决的企业需求")],
}


@dataclass
class Section:
    target_kind: str
    heading: str
    cards: list[Card]


def sections(source: Achievement | Demand | Expert, user: AnyUser, top: int = PANEL_SIZE) -> list[Section]:
    kind = kind_of(source)
    document = to_document(source)
    verdicts = {}
    if user.is_authenticated:
        rows = MatchFeedback.objects.filter(user=user, source_kind=kind, source_id=source.pk)
        # newest first: the latest verdict on a target wins
        for target_kind, target_id, relevant in rows.values_list("target_kind", "target_id", "relevant")[
            :200
        ]:
            verdicts.setdefault((target_kind, target_id), "relevant" if relevant else "irrelevant")
    out = []
    for target_kind, heading in DIRECTIONS[kind]:
        cards = [
            card(hit, document) for hit in services.matches(source, target_kind, top=top, query=document)
        ]
        for c in cards:
            c.feedback = verdicts.get((c.kind, c.id), "")
        out.append(Section(target_kind, heading, cards))
    return out
