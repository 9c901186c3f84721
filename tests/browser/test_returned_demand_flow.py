"""In a real browser, through the declared listing workflow: the operator returns an enterprise's demand from the
review queue with a note; the enterprise finds the note in its 站内信 and on the demand, and the e-mail it
chose for returned listings (the default) is written as a file."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Demand
from support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "请补充技术指标：热阻目标值与测试条件"


def test_a_returned_demand_reaches_the_enterprise_inbox_and_mail(page, users, enterprise, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    owner = users[Role.ENTERPRISE]
    owner.email = "rd@qinchuang.example"
    owner.save()
    demand = Demand.objects.create(
        title="陶瓷基板微孔加工",
        field="advanced_manufacturing",
        enterprise=enterprise,
        problem="微孔锥度过大",
    )
    demand.submitted_at, demand.status = demand.created_at, "pending"
    demand.save()

    log_in(page, users[Role.OPERATOR].username)
    page.goto(reverse("review_queue"))
    row = page.locator("tr", has_text=demand.title)
    row.locator("input[name=note]").fill(NOTE)
    row.locator("button:has-text('退回')").click()
    page.wait_for_selector(".msg.success:has-text('已退回')")
    page.click("text=退出")

    log_in(page, owner.username)
    expect(page.locator(".inbox-link .badge")).to_have_text("1")
    page.click(".inbox-link")
    item = page.locator(".inbox-item.unread")
    expect(item).to_contain_text(f"“{demand.title}”被退回")
    expect(item.locator(".inbox-body")).to_have_text(f"审核意见：{NOTE}")
    item.locator(".inbox-title").click()
    page.wait_for_url(re.compile(rf"/demands/{demand.pk}/$"))
    expect(page.locator(".status").first).to_have_text("已退回")
    expect(page.locator(".review-note")).to_contain_text(NOTE)
    expect(page.locator("button:has-text('提交审核')")).to_be_visible()

    [mail] = list((tmp_path / "mail").iterdir())
    text = mail.read_text()
    assert "To: rd@qinchuang.example" in text and NOTE in text
