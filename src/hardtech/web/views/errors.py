"""Error pages in the portal's layout (wired as handler403/handler404 in hardtech.urls)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A PermissionDenied raised with a message (e.g. an account without an organisation) explains itself.
    reason = str(exception) if exception is not None and str(exception) else ""
    return render(request, "web/403.html", {"reason": reason}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/404.html", status=404)
