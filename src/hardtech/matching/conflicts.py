"""Who must not be recommended as an expert for a record: the one place conflict rules plug in.

Today: the experts of the requester's own organisation family — for a demand, its enterprise's group; for an
achievement, the groups of its organisations. A group is the whole tree the organisation belongs to (from its
topmost parent down: a subsidiary's experts are as close to the parent company as its own). A later
conflict-of-interest registry (review.conflicts) adds the experts it bars for the record; panels and /api/match/
both ask here.
"""

from __future__ import annotations

from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation


def group_ids(org: Organisation) -> set[int]:
    """Every organisation of org's tree: its topmost parent and all that parent's descendants."""
    top, seen = org, {org.pk}
    while top.parent_id is not None and top.parent_id not in seen:  # a cycle (never saved by clean()) ends
        seen.add(top.parent_id)
        top = top.parent
    return top.family_ids()


def requester_organisations(record: Achievement | Demand | Expert) -> list[Organisation]:
    if isinstance(record, Demand):
        return [record.enterprise] if record.enterprise_id else []
    if isinstance(record, Achievement):
        return list(record.organisations.all())
    return []


def excluded_experts(record: Achievement | Demand | Expert) -> set[int]:
    """Ids of the experts never to recommend for this record."""
    # Imported when asked: the review app builds on matching (affinities for its assignments).
    from hardtech.review.conflicts import barred_experts

    groups: set[int] = set()
    for org in requester_organisations(record):
        groups |= group_ids(org)
    own_side = (
        set(Expert.objects.filter(organisation__in=groups).values_list("pk", flat=True)) if groups else set()
    )
    return own_side | set(barred_experts(record))
