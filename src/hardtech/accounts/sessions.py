"""登录会话: each signed-in browser session of a user is recorded at login and removed at logout; its owner lists
them on 我的账号 and ends any of them there.

Ending a session deletes it from the session store, whatever SESSION_ENGINE is, so that browser is signed out at
its next request. A password change ends the user's other sessions as Django does (their session auth hash no
longer matches); such sessions, and expired ones, are dropped from the record when it is next read.
"""

import re
import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, logout
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from hardtech.accounts.lockout import client_ip
from hardtech.accounts.models import User, UserSession
from hardtech.audit import recorder
from hardtech.audit.models import AuditEntry

SEEN_KEY = "_hardtech_seen"  # in the session: when its last_seen was last written (epoch seconds)
SEEN_EVERY = 60  # seconds

_BROWSERS = [
    ("MicroMessenger", "微信"),
    ("Edg", "Edge"),
    ("OPR", "Opera"),
    ("Firefox", "Firefox"),
    ("Chrome", "Chrome"),
    ("Version", "Safari"),  # Safari names its version in Version/…; tried after the browsers built on it
]
# Android's user agent also names Linux, and iOS's also Mac OS X: the more specific first.
_SYSTEMS = [
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("HarmonyOS", "HarmonyOS"),
    ("Linux", "Linux"),
]


def summarise_user_agent(user_agent: str) -> str:
    """A browser and system a person recognises, e.g. "Chrome 120 · Windows"; other clients by their first
    product token."""
    browser = next(
        (
            f"{name} {match.group(1)}"
            for token, name in _BROWSERS
            if (match := re.search(rf"\b{token}/(\d+)", user_agent))
        ),
        "",
    )
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    if browser or system:
        return " · ".join(part for part in (browser, system) if part)
    return user_agent.split(" ", 1)[0][:100]


def _store(session_key: str | None = None) -> SessionBase:
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def record(request: HttpRequest, user: User) -> UserSession | None:
    """Record the request's session as `user`'s (at login, or for a session signed in before it was)."""
    key = request.session.session_key
    if key is None:  # a store without server-side keys (signed cookies) cannot be listed or ended
        return None
    request.session[SEEN_KEY] = int(time.time())
    row, _ = UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "last_seen": timezone.now(),
            "ip_address": client_ip(request),
            "user_agent": summarise_user_agent(request.META.get("HTTP_USER_AGENT", "")),
        },
    )
    return row


def on_login(sender, request: HttpRequest | None, user: User, **kwargs) -> None:
    if request is None:
        return
    record(request, user)
    # Drops the rows of sessions that ended without a logout, so they don't pile up. This one is not stored
    # signed in yet (the session middleware saves it after the view).
    live_sessions(user, current=request.session.session_key)


def on_logout(sender, request: HttpRequest | None, user: User | None, **kwargs) -> None:
    if request is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


def follow_new_key(request: HttpRequest, old_key: str | None) -> None:
    """The session kept its data under a new key (update_session_auth_hash after a password change)."""
    if old_key and old_key != request.session.session_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)


def _signs_in(user: User, data: dict) -> bool:
    """Whether a session's data still signs in `user`, as django.contrib.auth.get_user decides it."""
    session_hash = data.get(HASH_SESSION_KEY)
    if data.get(SESSION_KEY) != str(user.pk) or not session_hash:
        return False
    hashes = (user.get_session_auth_hash(), *user.get_session_auth_fallback_hash())
    return any(constant_time_compare(session_hash, expected) for expected in hashes)


def live_sessions(user: User, current: str | None) -> list[UserSession]:
    """The user's sessions that still sign them in (and the `current` one), latest activity first; the record of
    the others is dropped."""
    rows = list(UserSession.objects.filter(user=user).order_by("-last_seen", "-pk"))
    dead = [
        row.pk
        for row in rows
        if row.session_key != current and not _signs_in(user, _store(row.session_key).load())
    ]
    if dead:
        UserSession.objects.filter(pk__in=dead).delete()
    return [row for row in rows if row.pk not in dead]


def end(request: HttpRequest, row: UserSession) -> None:
    """End one of the signed-in user's sessions at once (audited); ending this one signs this browser out."""
    with transaction.atomic():
        changes = {k: [v, None] for k, v in recorder.snapshot(row).items() if k != "session_key"}
        recorder.write(row, AuditEntry.Action.DELETE, changes)
        if row.session_key == request.session.session_key:
            logout(request)  # flushes this session; on_logout drops the row
        else:
            _store().delete(row.session_key)
            row.delete()


def end_others(request: HttpRequest) -> int:
    """End every session of the signed-in user but this one; how many were ended."""
    current = request.session.session_key
    others = [row for row in live_sessions(request.user, current) if row.session_key != current]
    for row in others:
        end(request, row)
    return len(others)


def session_activity(get_response):
    """Middleware (after AuthenticationMiddleware): a signed-in session's last_seen, written at most once a
    minute; when it was last written is kept in the session, so other requests cost no query."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and time.time() - request.session.get(SEEN_KEY, 0) >= SEEN_EVERY:
            key = request.session.session_key
            if UserSession.objects.filter(session_key=key).update(last_seen=timezone.now()):
                request.session[SEEN_KEY] = int(time.time())
            else:
                record(request, request.user)
        return get_response(request)

    return middleware
