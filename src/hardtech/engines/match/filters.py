"""Structured filters (hard constraints) and preferences (score boosts) over documents' structured fields."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hardtech.engines.match.documents import MATURITY_NAMES, Document


@dataclass(frozen=True)
class Filters:
    """Hard constraints; an empty constraint allows everything. A document lacking the field being
    constrained passes field/mode/price constraints (unknown is not a mismatch), but not kind/region ones."""

    kinds: frozenset[str] = frozenset()
    fields: frozenset[str] = frozenset()  # shares at least one
    modes: frozenset[str] = frozenset()  # shares at least one
    min_maturity: int | None = None
    max_price: Decimal | None = None  # a demand's budget: the achievement's price must not exceed it
    regions: frozenset[str] = frozenset()
    org_kinds: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.kinds or self.fields or self.modes or self.regions or self.org_kinds) and (
            self.min_maturity is None and self.max_price is None
        )

    def allows(self, doc: Document) -> bool:
        if self.kinds and doc.kind not in self.kinds:
            return False
        if self.fields and doc.fields and not self.fields.intersection(doc.fields):
            return False
        if self.modes and doc.modes and not self.modes.intersection(doc.modes):
            return False
        if self.min_maturity is not None and doc.maturity is not None and doc.maturity < self.min_maturity:
            return False
        if self.max_price is not None and doc.price is not None and doc.price > self.max_price:
            return False
        if self.regions and doc.region not in self.regions:
            return False
        return not (self.org_kinds and doc.org_kind not in self.org_kinds)


@dataclass(frozen=True)
class Boosts:
    """Score added for each structured agreement between the query record and a document."""

    field: float = 0.10
    mode: float = 0.05
    maturity: float = 0.05
    price: float = 0.05
    region: float = 0.02


def agreements(query: Document, doc: Document, boosts: Boosts) -> tuple[dict[str, float], list[str]]:
    """(score part per agreement, Chinese phrases describing each agreement) of doc against the query record.

    A demand's maturity is the least it needs; its price is its budget. The demand may be either side (a
    demand's page looks for achievements, an achievement's page for demands); without one, the query record
    is taken for the side that asks.
    """
    asks, offers = (doc, query) if doc.kind == "demand" and query.kind != "demand" else (query, doc)
    parts: dict[str, float] = {}
    notes: list[str] = []
    shared = [f for f in query.fields if f in doc.fields]
    if shared:
        parts["field"] = boosts.field
        notes.append(f"技术领域一致（{'、'.join(shared)}）")
    modes = [m for m in query.modes if m in doc.modes]
    if modes:
        parts["mode"] = boosts.mode
        notes.append(f"合作方式相符（{'、'.join(modes)}）")
    if asks.maturity is not None and offers.maturity is not None and offers.maturity >= asks.maturity:
        parts["maturity"] = boosts.maturity
        notes.append(f"成熟度达到{MATURITY_NAMES[offers.maturity - 1]}")
    if asks.price is not None and offers.price is not None:
        if offers.price <= asks.price:
            parts["price"] = boosts.price
            notes.append(f"报价{offers.price}万元在预算{asks.price}万元以内")
        else:
            parts["price"] = -boosts.price
            notes.append(f"报价{offers.price}万元超出预算{asks.price}万元")
    if query.region and doc.region == query.region:
        parts["region"] = boosts.region
        notes.append(f"同在{doc.region}")
    return parts, notes
