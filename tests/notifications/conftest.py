"""Fixtures of the notification tests: fast passwords and a notification helper."""

import pytest

from hardtech.accounts.models import Role, User
from hardtech.notifications.models import Notification
from hardtech.notifications.services import notify


@pytest.fixture
def enterprise_user(users) -> User:
    return users[Role.ENTERPRISE]


@pytest.fixture
def returned(users, enterprise_user, demand) -> Notification:
    """The operator returns the enterprise's demand with a note (as the listing workflow will)."""
    [notification] = notify(
        [enterprise_user],
        "listing.returned",
        demand,
        f"技术需求“{demand.title}”被退回",
        "审核意见：请补充技术指标",
        f"/demands/{demand.pk}/",
        users[Role.OPERATOR],
    )
    return notification
