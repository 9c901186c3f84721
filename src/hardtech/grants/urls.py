"""URLs under /grants/: calls, applications and offers, the operator's desk, the public notice, payments."""

from hardtech.grants.views import applications, calls, notices, offers, payments, reports

app_name = "grants"

urlpatterns = [
    *calls.urls,
    *applications.urls,
    *offers.urls,
    *notices.urls,
    *payments.urls,
    *reports.urls,
]
