"""The unread count in the site header (a template context processor, see settings.TEMPLATES)."""

from django.http import HttpRequest

from hardtech.notifications import permissions, services


def inbox(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not permissions.can_use_inbox(user):
        return {}
    return {"inbox_unread": services.unread(user).count()}
