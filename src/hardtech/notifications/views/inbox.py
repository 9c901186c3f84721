"""/inbox/: the user's notifications, unread first; opening one marks it read and goes to its record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hardtech.core.views import paginate, safe_next
from hardtech.notifications import services
from hardtech.notifications.models import Notification


def _own(request: HttpRequest, pk: int) -> Notification:
    # Someone else's notification looks the same as a missing one.
    return get_object_or_404(Notification, pk=pk, recipient=request.user)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    only_unread = request.GET.get("unread") == "1"
    queryset = Notification.objects.filter(recipient=request.user).select_related("actor")
    if only_unread:
        queryset = queryset.filter(read_at=None)
    unread_first = Case(When(read_at=None, then=Value(0)), default=Value(1), output_field=IntegerField())
    page = paginate(request, queryset.order_by(unread_first, "-created_at", "-id"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "only_unread": only_unread, "unread_count": services.unread(request.user).count()},
    )


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = services.mark_read(request.user, _own(request, pk))
    if notification.url and url_has_allowed_host_and_scheme(notification.url, {request.get_host()}):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.mark_read(request.user, _own(request, pk))
    return redirect(safe_next(request, reverse("notifications:inbox")))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    messages.success(request, f"已将 {count} 条站内信标记为已读" if count else "没有未读的站内信")
    return redirect(safe_next(request, reverse("notifications:inbox")))
