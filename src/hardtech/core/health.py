"""Health endpoints for a load balancer or an orchestrator: GET /healthz and GET /readyz.

/healthz (liveness) only says the process answers requests: it touches neither the database nor anything
else, so a slow database never gets a healthy process restarted. /readyz (readiness) says whether this
process can serve now: the database answers a query, no migration is left unapplied, the cache answers and
the upload directory is writable. Both answer JSON, need no login, are never cached and carry no
Content-Security-Policy (there is no page to protect). A failing check names the exception's class only,
since the answer is public; the full error goes to the log (logger hardtech.health).
"""

import logging
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from csp.decorators import csp_exempt
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("hardtech.health")


class NotReady(Exception):
    """A check's own finding (not an unexpected error): its message is safe to show."""


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise NotReady("SELECT 1 returned something else")


def check_migrations() -> None:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        more = f" and {len(plan) - 5} more" if len(plan) > 5 else ""
        raise NotReady(f"{len(plan)} unapplied: {names}{more}")


def check_cache() -> None:
    cache, key, value = caches["default"], f"hardtech:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise NotReady("a value written was not read back")
    finally:
        cache.delete(key)


def check_uploads() -> None:
    # Created as Django's storage would create it (FILE_UPLOAD_DIRECTORY_PERMISSIONS), then written to.
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(mode=settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS or 0o777, parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=media, prefix=".readyz-") as probe:
        probe.write(b"ok")
        probe.flush()


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
    "uploads": check_uploads,
}


def run_checks() -> dict[str, dict]:
    """Every check, each with ok, its time in milliseconds and, when it failed, error."""
    results: dict[str, dict] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except NotReady as exc:
            result: dict = {"ok": False, "error": str(exc)}
            logger.warning("readiness check %s failed: %s", name, exc)
        except Exception as exc:  # any failure makes the process not ready; none may crash the probe
            result = {"ok": False, "error": type(exc).__name__}
            logger.warning("readiness check %s failed", name, exc_info=True)
        else:
            result = {"ok": True}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    return results


@csp_exempt()
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@csp_exempt()
@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    ready = all(result["ok"] for result in checks.values())
    return JsonResponse({"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503)


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]
