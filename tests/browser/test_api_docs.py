"""/api/docs in headless Chromium with the network cut off: Swagger UI must render from local assets alone."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
