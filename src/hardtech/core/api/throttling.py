"""Rate limits on anonymous API use, per client address: every call (HARDTECH_ANON_RATE), and separately the
costly ones — a search with `q`, matches, a policy evaluation — (HARDTECH_ANON_COSTLY_RATE). Callers with a
token or a signed-in session are not limited. Over the limit: 429 with Retry-After (errors.py).

The rate is read from the settings on every request (so a deployment or a test can change it), and each
request's state stays local: ninja shares one throttle object between the threads of a server.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle


class AnonymousThrottle(SimpleRateThrottle):
    scope = "anon"
    rate_setting = "HARDTECH_ANON_RATE"

    def __init__(self) -> None:
        self._waits = threading.local()

    def applies(self, request: HttpRequest) -> bool:
        user = getattr(request, "auth", None)
        return user is None or not user.is_authenticated

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if not self.applies(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request: HttpRequest) -> bool:
        key = self.get_cache_key(request)
        if key is None:
            return True
        allowed, duration = self.parse_rate(getattr(settings, self.rate_setting))
        now = time.time()
        history = [t for t in cache.get(key, []) if t > now - duration]
        if len(history) >= allowed:
            self._waits.seconds = duration - (now - history[-1])
            return False
        cache.set(key, [now, *history], duration)
        return True

    def wait(self) -> float | None:
        return getattr(self._waits, "seconds", None)


class CostlyThrottle(AnonymousThrottle):
    """Searches, matches and evaluations: `always`, or only for a request with a search text (`q`)."""

    scope = "anon_costly"
    rate_setting = "HARDTECH_ANON_COSTLY_RATE"

    def __init__(self, always: bool = True) -> None:
        super().__init__()
        self.always = always

    def applies(self, request: HttpRequest) -> bool:
        return super().applies(request) and (self.always or bool(request.GET.get("q", "").strip()))


def anonymous_limits(costly: bool = False) -> list[AnonymousThrottle]:
    """The API's default (every call counted, searches also as costly), or that of a costly endpoint."""
    return [AnonymousThrottle(), CostlyThrottle(always=costly)]
