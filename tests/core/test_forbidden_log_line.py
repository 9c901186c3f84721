"""A refused request (403) writes one line to the server log, not a traceback; a server error keeps its
traceback. Checked through the console handler the LOGGING setting installs."""

import io
import logging

import pytest
from django.core.exceptions import PermissionDenied

from hardtech.accounts.models import Role


@pytest.fixture
def server_log():
    """What the configured console handler writes."""
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler) and h.filters
    )
    # Swapped by hand: setStream() flushes the old stream, which an earlier test's capture may have closed.
    buffer, previous = io.StringIO(), handler.stream
    handler.stream = buffer
    yield buffer
    handler.stream = previous


def test_a_403_page_logs_one_line(client, users, server_log):
    client.force_login(users[Role.EXPERT])
    assert client.get("/bulk/").status_code == 403
    logged = server_log.getvalue()
    assert "Forbidden" in logged and "Traceback" not in logged
    assert len(logged.strip().splitlines()) == 1


def test_a_403_from_the_api_logs_one_line(client, users, server_log):
    client.force_login(users[Role.EXPERT])
    assert client.post(
        "/api/organisations", {"name": "x", "kind": "enterprise"}, "application/json"
    ).status_code in (
        401,
        403,
    )
    logged = server_log.getvalue()
    assert "Traceback" not in logged and len(logged.strip().splitlines()) <= 1


def test_server_errors_keep_their_traceback(server_log):
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: /x", exc_info=True, extra={"status_code": 500}
        )
    try:
        raise PermissionDenied
    except PermissionDenied:
        logging.getLogger("django.request").warning(
            "Forbidden: /y", exc_info=True, extra={"status_code": 403}
        )
    logged = server_log.getvalue()
    assert logged.count("Traceback") == 1 and "RuntimeError: boom" in logged and "Forbidden: /y" in logged
