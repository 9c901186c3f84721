"""Every kind of page works under the site's Content-Security-Policy in a real browser: the portal, the match
panel, the policy pages, the grants operator's pages, the Django admin and the API docs, with no script, style or
image refused."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hardtech.accounts.models import Role
from hardtech.matching import services
from support.browser import csp_refusals, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_page_breaks_the_policy(page, users, enterprise, demand, achievement, expert):
    expert.achievements.add(achievement)
    services.rebuild()
    operator = users[Role.OPERATOR]
    operator.is_staff = operator.is_superuser = True  # as `hardtech createuser` makes an operator
    operator.save()
    refused = csp_refusals(page)

    log_in(page, operator.username)

    pages = {
        "/": "h1",
        reverse("achievement_list"): "form.filters",
        reverse("review_queue"): "h1",
        reverse("policies:index"): "h1",
        f"{reverse('policies:calculator')}?org={enterprise.pk}&policy=sample&year=2025": ".total-box .neutral",
        reverse("policies:run"): ".total-box strong.warning",
        reverse("grants:index"): "#open-calls",
        reverse("grants:call_new"): "form",
        reverse("grants:payments"): "#batches",
        reverse("grants:ledger"): "h1",
        reverse("grants:notices"): "h1",
        reverse("admin:index"): "#content",
        reverse("admin:catalogue_achievement_change", args=[achievement.pk]): ".selector-chooser",
        reverse("admin:catalogue_demand_add"): ".datetimeshortcuts",
        "/api/docs": ".swagger-ui .opblock",
    }
    for url, ready in pages.items():
        page.goto(url)
        expect(page.locator(ready).first).to_be_visible()

    # The match panel's score bar is a <meter>: drawn from its value, no style attribute needed.
    page.goto(reverse("demand_detail", args=[demand.pk]))
    bar = page.locator(f"#match-achievements-{achievement.pk} meter.match-bar")
    expect(bar).to_be_visible()
    assert 0 < float(bar.get_attribute("value")) <= 100
    assert page.locator("[style]").count() == 0

    assert refused == []
