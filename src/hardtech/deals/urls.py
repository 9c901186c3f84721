"""The deals' pages; each area's views module lists its own routes."""

from hardtech.deals.views import board, contracts, deals, performance

app_name = "deals"

urlpatterns = [*board.urls, *deals.urls, *contracts.urls, *performance.urls]
