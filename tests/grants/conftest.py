"""Fixtures of the grants tests: the test enterprise with a profile the sample policy pays 140.00 万元 for 2026
(support.grant_fixtures), a call of 2026 open now, and its users."""

import pytest

from support.grant_fixtures import open_call, qualifying_profile


@pytest.fixture
def operator(users):
    return users["operator"]


@pytest.fixture
def applicant_user(users):
    """The enterprise's user (belongs to the test enterprise)."""
    return users["enterprise"]


@pytest.fixture
def applicant(enterprise):
    qualifying_profile(enterprise)
    return enterprise


@pytest.fixture
def call(operator, applicant):
    return open_call(operator)
