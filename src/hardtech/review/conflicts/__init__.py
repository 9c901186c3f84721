"""利益冲突 (conflicts of interest): one registry for every review. A pair (expert, item) is barred by rules
derived from the platform's own records (organisations, teams, co-work in recent years) and from what people
recorded (relations, declarations), minus operators' waivers. Every conflict carries its explanation in Chinese
and the reference it follows.

    conflicts_for(expert, item) -> list[Conflict]
    barred_pairs(experts, items) -> {(expert_id, ("catalogue.achievement", 12)): [Conflict, …]}
    barred_experts(item) -> {expert_id: [Conflict, …]}     (searched over all experts)

Items are any model with an adapter (parties.register): achievements and demands today.
"""

from hardtech.review.conflicts.parties import ItemAdapter, Parties, item_key, item_parties, register
from hardtech.review.conflicts.registry import Conflict, barred_experts, barred_pairs, conflicts_for
from hardtech.review.conflicts.rules import RULES, RULES_BY_CODE, Rule

__all__ = [
    "RULES",
    "RULES_BY_CODE",
    "Conflict",
    "ItemAdapter",
    "Parties",
    "Rule",
    "barred_experts",
    "barred_pairs",
    "conflicts_for",
    "item_key",
    "item_parties",
    "register",
]
