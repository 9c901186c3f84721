"""What a thread can be about: a registry of record kinds, each with its page, who may see the record and who
takes part in its threads.

Catalogue listings (achievements, demands) are registered here by default: anyone who may see a listing and
does not answer for it opens a thread with its parties (its owners, or the technology managers when it has none
on the platform); brokers may join. Another domain registers its own kind from its AppConfig.ready() with
`register(...)` — messaging never imports it. A kind registered with `members=` is a *members' thread*: one
thread per record, read and written by exactly the users `members(user, record)` admits (a deal's team, its
parties and the operator), its participants kept in step with `parties(record)`; nobody joins from outside.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from hardtech.accounts.models import Role, User
from hardtech.catalogue import kinds
from hardtech.catalogue import permissions as catalogue_permissions
from hardtech.catalogue.kinds import page_of as listing_page
from hardtech.catalogue.models import Achievement, Demand
from hardtech.catalogue.permissions import owners

Record = models.Model  # an achievement, a demand, or a record of a kind another domain registered


@dataclass(frozen=True)
class Kind:
    slug: str  # in URLs and the API: /messages/new/<slug>/<pk>/
    model: type[models.Model]
    label: str  # 科技成果, 技术转移项目 …
    parties: Callable[
        [Any], list[User]
    ]  # who a new thread reaches (and, for members' threads, who takes part)
    can_view: Callable[[Any, Any], bool]  # (user, record): may the user see the record at all
    page: Callable[[Any], str]  # the record's page
    members: Callable[[Any, Any], bool] | None = None  # (user, record): may take part in its members' thread
    title: Callable[[Any], str] = lambda record: str(getattr(record, "title", record))

    @property
    def members_only(self) -> bool:
        return self.members is not None


_BY_SLUG: dict[str, Kind] = {}
_BY_MODEL: dict[type[models.Model], Kind] = {}
# Model and label by slug, as the views and the API look them up (kept in step with the registry).
KINDS: dict[str, type[models.Model]] = {}
LABELS: dict[str, str] = {}


def register(
    model: type[models.Model],
    slug: str,
    label: str,
    *,
    parties: Callable[[Any], list[User]],
    can_view: Callable[[Any, Any], bool],
    page: Callable[[Any], str],
    members: Callable[[Any, Any], bool] | None = None,
    title: Callable[[Any], str] | None = None,
) -> Kind:
    """Let threads be about records of `model`. Registering the same slug again replaces it (idempotent)."""
    kind = Kind(slug, model, label, parties, can_view, page, members, *([title] if title else []))
    if (old := _BY_SLUG.get(slug)) is not None and old.model is not model:
        _BY_MODEL.pop(old.model, None)
    _BY_SLUG[slug], _BY_MODEL[model] = kind, kind
    KINDS[slug], LABELS[slug] = model, label
    return kind


def kind_named(slug: str) -> Kind | None:
    return _BY_SLUG.get(slug)


def kind_for(record: Record | type[models.Model]) -> Kind:
    model = record if isinstance(record, type) else type(record)
    try:
        return _BY_MODEL[model]
    except KeyError:
        raise LookupError(f"threads cannot be about {model.__name__}") from None


def kind_of(record: Record) -> str:
    return kind_for(record).slug


def page_of(record: Record) -> str:
    """The page of a thread's record."""
    return kind_for(record).page(record)


def title_of(record: Record) -> str:
    return kind_for(record).title(record)


def parties(record: Record) -> list[User]:
    return kind_for(record).parties(record)


def listing_parties(record: Achievement | Demand) -> list[User]:
    """Who a new thread about a listing reaches: its owners, or the technology managers when the owner has
    no account on the platform yet (they pass the message on)."""
    return owners(record) or list(User.objects.filter(role=Role.MANAGER, is_active=True).order_by("pk"))


for _kind in (kinds.ACHIEVEMENTS, kinds.DEMANDS):
    register(
        _kind.model,
        _kind.slug,
        _kind.label,
        parties=listing_parties,
        can_view=catalogue_permissions.can_view,
        page=listing_page,
    )
