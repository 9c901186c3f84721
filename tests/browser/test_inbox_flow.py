"""In a real browser: an enterprise finds a notification in its 站内信 (with the reviewer's note), opens it, lands
on its record, and the unread count in the header drops — with no script or style refused by the CSP."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hardtech.accounts.models import Role
from hardtech.notifications.services import notify
from support.browser import csp_refusals, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enterprise_opens_a_notification_and_the_header_count_drops(page, users, demand):
    enterprise_user = users[Role.ENTERPRISE]
    # As the listing workflow will when the operator returns the demand.
    notify(
        [enterprise_user],
        "listing.returned",
        demand,
        f"技术需求“{demand.title}”被退回",
        "审核意见：请补充技术指标",
        reverse("demand_detail", args=[demand.pk]),
        users[Role.OPERATOR],
    )
    refused = csp_refusals(page)

    log_in(page, enterprise_user.username)
    expect(page.locator(".inbox-link .badge")).to_have_text("1")

    page.click(".inbox-link")
    item = page.locator(".inbox-item.unread")
    expect(item).to_contain_text("条目被退回")
    expect(item.locator(".inbox-body")).to_have_text("审核意见：请补充技术指标")
    item.locator(".inbox-title").click()

    page.wait_for_url(re.compile(rf"/demands/{demand.pk}/$"))
    expect(page.locator("h1")).to_have_text(demand.title)
    expect(page.locator(".inbox-link .badge")).to_have_count(0)
    page.click(".inbox-link")
    expect(page.locator(".inbox-item")).to_have_count(1)
    expect(page.locator(".inbox-item.unread")).to_have_count(0)
    assert not refused, refused
