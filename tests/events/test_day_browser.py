"""The day pages in a browser under the Content-Security-Policy: the live board refreshes itself from its JSON
view (static/events/day.js, no inline script), and the schedule, table plan, badges and agenda load with nothing
refused."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.events.choices import Phase
from hardtech.events.models import Meeting
from hardtech.events.services.scheduling import publish, run_schedule
from hardtech.events.views import day as day_views
from support.browser import csp_refusals, log_in
from support.event_schedule import market, to_phase

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(base_url=live_server.url, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def test_board_refreshes_and_pages_load_under_csp(page, event, users, monkeypatch):
    operator = users[Role.OPERATOR]
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
