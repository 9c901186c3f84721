"""Who stands behind a reviewed item: its organisations and its team's names. One adapter per item model
(成果、需求 today; a later domain registers its fund applications or challenges the same way)."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import prefetch_related_objects

from hardtech.catalogue import permissions as catalogue_permissions
from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.models import Achievement, Demand


def person_key(name: str) -> str:
    """A name as the rules compare it: no spaces (张 三 is 张三), case-folded for Latin names."""
    return "".join(name.split()).casefold()


@dataclass(frozen=True)
class Parties:
    organisation_ids: frozenset[
        int
    ]  # 申报单位: the item's own organisations (their groups are added by rules)
    team: dict[str, str]  # person_key → the name as the item writes it (完成人、联系人、团队成员)


@dataclass(frozen=True)
class ItemAdapter:
    model: type[models.Model]
    code: str  # the item's kind in URLs and the API (achievements, demands)
    label: str  # 成果, 需求 …
    parties: Callable[[models.Model], Parties]
    can_view: Callable[
        [Any, models.Model], bool
    ]  # (user, item): who may open the item (and so declare on it)
    prefetch: Sequence[str] = ()  # what parties() reads, prefetched once for a batch of items
    # May the record enter a review round now (a published listing, an application sent to review)?
    reviewable: Callable[[models.Model], bool] = lambda record: False
    # (title, text) the matching engine ranks experts by, for items that are not catalogue records.
    document: Callable[[models.Model], tuple[str, str]] | None = None


ADAPTERS: dict[type[models.Model], ItemAdapter] = {}


def register(adapter: ItemAdapter) -> None:
    ADAPTERS[adapter.model] = adapter


def adapter_for(item: models.Model | type[models.Model]) -> ItemAdapter | None:
    return ADAPTERS.get(item if isinstance(item, type) else type(item))


def adapter_by_code(code: str) -> ItemAdapter | None:
    return next((a for a in ADAPTERS.values() if a.code == code), None)


def item_key(item: models.Model) -> tuple[str, int]:
    """An item as barred_pairs keys it: ("catalogue.achievement", 12)."""
    return (item._meta.label_lower, item.pk)


def team_of(*names: str) -> dict[str, str]:
    return {person_key(n): n.strip() for n in names if n and person_key(n)}


def item_parties(item: models.Model) -> Parties:
    """The item's organisations and team; an item of a model without an adapter has none."""
    adapter = adapter_for(item)
    return adapter.parties(item) if adapter else Parties(frozenset(), {})


def prefetch(items: Iterable[models.Model]) -> None:
    by_model: dict[type, list[models.Model]] = {}
    for item in items:
        by_model.setdefault(type(item), []).append(item)
    for model, group in by_model.items():
        adapter = ADAPTERS.get(model)
        if adapter and adapter.prefetch:
            prefetch_related_objects(group, *adapter.prefetch)


register(
    ItemAdapter(
        Achievement,
        "achievements",
        "成果",
        lambda a: Parties(
            frozenset(o.pk for o in a.organisations.all()), team_of(*a.completers, a.contact_name)
        ),
        catalogue_permissions.can_view,
        prefetch=("organisations",),
        reviewable=lambda a: a.status == ListingStatus.PUBLISHED,
    )
)
register(
    ItemAdapter(
        Demand,
        "demands",
        "需求",
        lambda d: Parties(frozenset([d.enterprise_id] if d.enterprise_id else []), team_of(d.contact_name)),
        catalogue_permissions.can_view,
        reviewable=lambda d: d.status == ListingStatus.PUBLISHED,
    )
)
