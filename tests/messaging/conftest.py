"""Fixtures of the messaging tests: an enterprise asks a university about its achievement."""

import pytest
from django.test import Client

from hardtech.accounts.models import Role, User
from hardtech.messaging import services
from hardtech.messaging.models import Thread


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def asker(users) -> User:
    return users[Role.ENTERPRISE]


@pytest.fixture
def owner(users) -> User:
    return users[Role.INSTITUTION]


@pytest.fixture
def thread(asker, achievement) -> Thread:
    return services.start_thread(asker, achievement, "能否提供样品测试？", "样品测试")


@pytest.fixture
def signed_in():
    """A test client signed in as the given user."""

    def client_of(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return client_of
