"""The event pages (built out by the event pages work)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from hardtech.events import permissions
from hardtech.events.models import Event


def detail(request, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    if not permissions.can_view_event(request.user, event):
        raise Http404
    return HttpResponse(str(event))


urls = [path("<int:pk>/", detail, name="detail")]
