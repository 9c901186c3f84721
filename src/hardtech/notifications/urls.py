"""URLs under /inbox/: the inbox, opening and marking notifications, delivery preferences."""

from django.urls import path

from hardtech.notifications.views import inbox, preferences

app_name = "notifications"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("preferences/", preferences.preferences, name="preferences"),
    path("read-all/", inbox.mark_all_read, name="read_all"),
    path("<int:pk>/", inbox.open_notification, name="open"),
    path("<int:pk>/read/", inbox.mark_read, name="read"),
]
