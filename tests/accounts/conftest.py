"""Fixtures of the account tests: fast password hashing and a fresh cache (the API's rate limit lives there)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fast_and_fresh(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
