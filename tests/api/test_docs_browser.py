"""/api/docs in headless Chromium with the network cut off: Swagger UI must render from local assets alone."""

from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.browser


@pytest.fixture
def page(live_server, monkeypatch) -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield browser.new_page(base_url=live_server.url)
        browser.close()


def test_swagger_ui_renders_offline(page, live_server):
    outside: list[str] = []

    def only_local(route) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto("/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert "硬科技创新服务平台 API" in page.inner_text(".swagger-ui .info")
    assert page.locator(".swagger-ui .opblock").count() >= 30
    assert outside == []
