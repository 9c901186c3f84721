"""What a thread can be about: the record kinds, the page of each record, and the parties who answer for it."""

from hardtech.accounts.models import Role, User
from hardtech.catalogue import kinds
from hardtech.catalogue.kinds import page_of  # noqa: F401 — a thread's record page
from hardtech.catalogue.models import Achievement, Demand
from hardtech.catalogue.permissions import owners

Record = Achievement | Demand
# Threads are about listings, named by their kind's slug as the API and the URLs spell them.
KINDS: dict[str, type[Record]] = {kind.slug: kind.model for kind in (kinds.ACHIEVEMENTS, kinds.DEMANDS)}
LABELS = {kind.slug: kind.label for kind in (kinds.ACHIEVEMENTS, kinds.DEMANDS)}


def kind_of(record: Record) -> str:
    return kinds.kind_of(record).slug


def parties(record: Record) -> list[User]:
    """Who a new thread about the record reaches: its owners, or the technology managers when the owner has
    no account on the platform yet (they pass the message on)."""
    return owners(record) or list(User.objects.filter(role=Role.MANAGER, is_active=True).order_by("pk"))
