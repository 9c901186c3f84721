"""Schemathesis against the API's OpenAPI document, in-process: no server error and no response outside the
documented schema (status code and body), for every operation, as the operator and as an institution user.

Bounded and deterministic (see load): about half a minute for the module.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, settings
from schemathesis import BaseSchema, checks

from hardtech.accounts.models import Role
from hardtech.api import api
from hardtech.matching import services
from hardtech.wsgi import application

CHECKS = [checks.not_a_server_error, checks.response_schema_conformance, checks.status_code_conformance]


def load(*, boundaries: bool) -> BaseSchema:
    """The document /api/openapi.json serves, read without a request (collection may not touch the
    database). Fuzzing: a few derandomised valid and invalid examples per operation; `boundaries` adds the
    coverage phase (every constraint's edge and just past it), which costs as much again."""
    config = schemathesis.Config.from_dict(
        {
            "seed": 9,
            "generation": {"max-examples": 10, "deterministic": True, "mode": "all"},
            "phases": {"stateful": {"enabled": False}, "coverage": {"enabled": boundaries}},
        }
    )
    reverse("api:openapi-json")  # loads the URLconf, which adds the policy and match routers
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=config)
    loaded.app = application
    return loaded


# The operator reaches every operation's full behaviour, so the boundaries are tried as the operator; the
# institution user sees the same operations through the ownership rules.
as_operator = load(boundaries=True)
as_institution = load(boundaries=False)


@pytest.fixture(autouse=True)
def zone(achievement, demand, expert):
    services.rebuild()  # the match endpoints answer 503 without an index


@pytest.fixture(autouse=True)
def in_test_transaction():
    """Django's WSGI handler closes the connection after each request, which would end the test's transaction;
    the test client avoids that the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def call_as(role: str, case, keys: dict[str, str | None]) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {keys[role]}"}, checks=CHECKS)


# The fixtures (tokens, records) are meant to be shared by all examples of an operation.
shared_fixtures = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)


@as_operator.parametrize()
@shared_fixtures
def test_as_operator(case, keys):
    call_as(Role.OPERATOR, case, keys)


@as_institution.parametrize()
@shared_fixtures
def test_as_institution(case, keys):
    call_as(Role.INSTITUTION, case, keys)
