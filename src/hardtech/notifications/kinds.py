"""Event kinds (事件类型): each domain declares the events it notifies, in code, with a Chinese label and the
delivery a user gets until choosing another one at /inbox/preferences/.

    LISTING_RETURNED = register_kind("listing.returned", "条目被退回", Delivery.EMAIL)

next to what sends it: the listing review's in catalogue/workflow.py, match.found in matching/notifications.py,
policy.result in policies/notifications.py, message.received in messaging. A kind's code is what notifications store, so it never changes once used.
"""

from dataclasses import dataclass

from django.db import models


class Delivery(models.TextChoices):
    INBOX = "inbox", "仅站内信"
    EMAIL = "email", "站内信 + 邮件"
    DIGEST = "digest", "站内信 + 每日摘要邮件"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    default: Delivery = Delivery.INBOX
    description: str = ""


_KINDS: dict[str, Kind] = {}


def register_kind(code: str, label: str, default: str = Delivery.INBOX, description: str = "") -> Kind:
    """Declare an event kind; declaring the same kind again (a module imported twice) is harmless, declaring
    a different one under a used code is a programming error."""
    kind = Kind(code, label, Delivery(default), description)
    existing = _KINDS.setdefault(code, kind)
    if existing != kind:
        raise ValueError(f"event kind {code!r} is already declared as {existing}")
    return kind


def get_kind(code: str) -> Kind:
    try:
        return _KINDS[code]
    except KeyError:
        raise LookupError(f"undeclared event kind {code!r}: declare it with register_kind()") from None


def all_kinds() -> list[Kind]:
    """Every declared kind, in the order the domains declared them."""
    return list(_KINDS.values())


def label_of(code: str) -> str:
    kind = _KINDS.get(code)
    return kind.label if kind else code
