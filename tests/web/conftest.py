"""Fixtures of the web tests: a logged-in client per role, and attachments kept in a temporary MEDIA_ROOT."""

from collections.abc import Callable

import pytest
from django.test import Client

ANONYMOUS = "anonymous"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def client_for(users) -> Callable[[str], Client]:
    """A client logged in as the fixture user of `role` (or anonymous)."""

    def make(role: str) -> Client:
        client = Client()
        if role != ANONYMOUS:
            client.force_login(users[role])
        return client

    return make
