"""The events' pages; each area's views module lists its own routes."""

from hardtech.events.views import booking, day, events, outcomes

app_name = "events"

urlpatterns = [*events.urls, *booking.urls, *day.urls, *outcomes.urls]
