"""GET /healthz answers without the database; GET /readyz answers 200 when every check passes and 503 naming
the failing check when the database or the upload directory fails."""

import os
import subprocess
import sys

import pytest
from django.db import OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: pytest-django refuses any database access, so a query would fail this test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert "Content-Security-Policy" not in response
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_200_when_every_check_passes(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "cache", "uploads"}
    for check in body["checks"].values():
        assert check["ok"] is True and "error" not in check and check["ms"] >= 0
    assert list((tmp_path / "media").iterdir()) == []  # the probe file is gone


@pytest.mark.django_db
def test_readyz_is_503_naming_the_database_when_it_fails(client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {
        "ok": False,
        "error": "OperationalError",
        "ms": body["checks"]["database"]["ms"],
    }
    assert body["checks"]["uploads"]["ok"] is True and body["checks"]["cache"]["ok"] is True


@pytest.mark.django_db
def test_readyz_is_503_naming_the_upload_directory_when_it_is_not_writable(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.MEDIA_ROOT = blocker / "media"
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["uploads"]["ok"] is False and checks["uploads"]["error"]
    assert checks["database"]["ok"] is True and checks["migrations"]["ok"] is True


@pytest.mark.django_db
def test_readyz_names_a_migration_left_unapplied(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    connection = connections["default"]
    leaf = next(
        node for node in MigrationExecutor(connection).loader.graph.leaf_nodes() if node[0] == "grants"
    )
    MigrationRecorder(connection).record_unapplied(*leaf)  # undone with the test's transaction
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"]["error"] == f"1 unapplied: grants.{leaf[1]}"


def test_probes_over_plain_http_are_not_redirected_when_https_is_on(tmp_path):
    # A load balancer probes the web process directly, without X-Forwarded-Proto; pages still go to HTTPS.
    code = (
        "import django; django.setup(); from django.test import Client; c = Client(); "
        "print(c.get('/healthz').status_code, c.get('/login/').status_code)"
    )
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ |= {
        "HARDTECH_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "hardtech.settings",
        "HTTPS": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.split() == ["200", "301"]
