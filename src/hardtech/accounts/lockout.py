"""Login lockout (django-axes): who the client is, and what a locked-out client is told.

The settings (settings.py, "Password guessing") lock a user name + client address pair after repeated wrong
passwords; these are the callables they name.
"""

import ipaddress
import math
from datetime import datetime

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from hardtech.accounts.models import User


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out user name + address before any password is checked (the next backend checks it).

    Every login a client can reach (web, admin, API, password change) passes its request. authenticate()
    without one (the test client's login(), a shell) has no client address to count against, so it is let
    through rather than failing, as axes' own backend would.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs
    ) -> User | None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR; behind HARDTECH_PROXY_COUNT reverse proxies, the address the outermost proxy saw, i.e. the
    entry that many from the right of X-Forwarded-For (entries further left are the client's to invent)."""
    if count := settings.HARDTECH_PROXY_COUNT:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= count:
            try:
                return str(ipaddress.ip_address(forwarded[-count]))
            except ValueError:
                pass  # a proxy that writes something else is misconfigured: fall back to the peer
    return request.META.get("REMOTE_ADDR")


def locked_until(request: HttpRequest, credentials: dict | None) -> datetime:
    """When the lockout of this request's user name + address ends: the cool-off after its last counted failure
    (failures during a lockout are not counted, AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT=False)."""
    last = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials), ip_address=request.axes_ip_address
    ).aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + settings.AXES_COOLOFF_TIME


def lockout_message(until: datetime) -> str:
    local = timezone.localtime(until)
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    when = local.strftime("%H:%M" if local.date() == timezone.localdate() else "%Y-%m-%d %H:%M")
    return (
        f"密码错误次数过多，此账号在当前网络的登录已暂停。请于 {when} 之后（约 {minutes} 分钟后）再试；"
        "如忘记密码，请联系园区管委会重置。"
    )


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 with the time to retry, as the API's JSON error or as a page."""
    until = locked_until(request, credentials)
    message = lockout_message(until)
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "accounts/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(max(1, math.ceil((until - timezone.now()).total_seconds())))
    return response
