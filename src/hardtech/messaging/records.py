"""What a thread can be about: the record kinds, the page of each record, and the parties who answer for it."""

from django.urls import reverse

from hardtech.accounts.models import Role, User
from hardtech.catalogue import permissions
from hardtech.catalogue.models import Achievement, Demand, Organisation

Record = Achievement | Demand
# Record kind codes as the API and the URLs spell them.
KINDS: dict[str, type[Record]] = {"achievement": Achievement, "demand": Demand}
LABELS = {"achievement": "科技成果", "demand": "技术需求"}


def kind_of(record: Record) -> str:
    return next(kind for kind, model in KINDS.items() if isinstance(record, model))


def page_of(record: Record) -> str:
    return reverse(f"{kind_of(record)}_detail", args=[record.pk])


def _with_ancestors(organisations: list[Organisation]) -> set[int]:
    """A lab's achievement is also its university's: the organisations and everything above them."""
    ids: set[int] = set()
    for organisation in organisations:
        while organisation is not None and organisation.pk not in ids:
            ids.add(organisation.pk)
            organisation = organisation.parent
    return ids


def owners(record: Record) -> list[User]:
    """The active accounts that answer for the record: an achievement's institution users, a demand's
    enterprise users (the same people catalogue.permissions.owns recognises)."""
    if isinstance(record, Achievement):
        candidates = User.objects.filter(
            role=Role.INSTITUTION, organisation__in=_with_ancestors(list(record.organisations.all()))
        )
    else:
        candidates = User.objects.filter(role=Role.ENTERPRISE, organisation=record.enterprise_id)
    return [u for u in candidates.filter(is_active=True).order_by("pk") if permissions.owns(u, record)]


def parties(record: Record) -> list[User]:
    """Who a new thread about the record reaches: its owners, or the technology managers when the owner has
    no account on the platform yet (they pass the message on)."""
    return owners(record) or list(User.objects.filter(role=Role.MANAGER, is_active=True).order_by("pk"))
