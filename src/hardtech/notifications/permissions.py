"""Who may do what with notifications: each user reads, marks and configures their own, nobody else's."""

from hardtech.catalogue.permissions import AnyUser
from hardtech.notifications.models import Notification


def can_use_inbox(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_active


def can_read(user: AnyUser, notification: Notification) -> bool:
    return can_use_inbox(user) and notification.recipient_id == user.pk
