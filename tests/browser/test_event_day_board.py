"""The day pages in a browser under the Content-Security-Policy: the live board refreshes itself from its JSON
view (static/events/day.js, no inline script), and the schedule, table plan, badges and agenda load with nothing
refused."""

from datetime import timedelta

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.events.choices import Phase
from hardtech.events.models import Meeting
from hardtech.events.services.scheduling import publish, run_schedule
from hardtech.events.views import day as day_views
from support.browser import csp_refusals, log_in
from support.event_fixtures import registration_open_event
from support.event_schedule import market, to_phase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_refreshes_and_pages_load_under_csp(page, users, monkeypatch):
    operator = users[Role.OPERATOR]
    event = registration_open_event(operator)
    event = to_phase(operator, event, Phase.SCHEDULING)
    supply, _, _ = market(event, suppliers=3, buyers=3, max_meetings=2)
    run_schedule(operator, event)
    publish(operator, event)
    meetings = list(Meeting.objects.filter(event=event).select_related("slot").order_by("slot__starts_at"))
    first = meetings[0].slot
    clock = {"at": first.starts_at - timedelta(minutes=5)}
    monkeypatch.setattr(day_views, "now", lambda: clock["at"])
    monkeypatch.setattr(day_views, "BOARD_REFRESH_SECONDS", 1)
    refused = csp_refusals(page)
    log_in(page, "operator")
    page.goto(reverse("events:board", args=[event.pk]))
    now_part = page.locator("[data-part=now] .board-meetings")
    assert "当前没有进行中的洽谈" in now_part.inner_text()
    clock["at"] = first.starts_at + timedelta(minutes=1)  # the first slot begins; the board notices by itself
    page.wait_for_selector("[data-part=now] h2:has-text('上午第1轮')", timeout=10_000)
    assert "号桌" in now_part.inner_text()
    for name in ("schedule", "table_plan", "badges", "day"):
        page.goto(reverse(f"events:{name}", args=[event.pk]))
        assert page.locator("h1").first.inner_text()
    page.goto(reverse("events:agenda", args=[event.pk]) + f"?registration={supply[0].pk}")
    assert page.locator(".agenda-item").count() >= 1
    assert refused == []
