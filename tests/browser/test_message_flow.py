"""In a real browser: an enterprise contacts a university from its achievement's page, the university finds the
message (站内信 and 留言) and replies, and the enterprise sees the reply and 已读 under its own message."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hardtech.accounts.models import Role
from support.browser import csp_refusals, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enterprise_and_university_talk_about_an_achievement(page, users, achievement):
    refused = csp_refusals(page)

    # The enterprise writes from the achievement's page.
    log_in(page, users[Role.ENTERPRISE].username)
    page.goto(reverse("achievement_detail", args=[achievement.pk]))
    panel = page.locator("#threads")
    panel.locator("textarea[name=body]").fill("请问能否提供样品测试？")
    panel.locator("button:has-text('联系对方')").click()
    expect(page.locator("h1")).to_have_text(f"关于“{achievement.title}”")
    expect(page.locator(".chat-item.mine .chat-body")).to_have_text("请问能否提供样品测试？")
    expect(page.locator(".chat-item.mine .receipt")).to_have_text("未读")
    expect(page.locator(".parties")).to_contain_text("西安测试大学")
    log_out(page)

    # The university finds it under 留言 and replies.
    log_in(page, users[Role.INSTITUTION].username)
    expect(page.locator(".inbox-link .badge")).to_have_text("1")
    page.click(".account >> text=留言")
    row = page.locator("table.threads tr.unread")
    expect(row.locator(".badge")).to_have_text("1")
    row.locator("a").click()
    expect(page.locator(".chat-item").first).to_contain_text("请问能否提供样品测试？")
    page.fill("form.reply textarea[name=body]", "可以，请将样品寄至我校成果转化中心。")
    page.click("form.reply button:has-text('发送')")
    expect(page.locator(".msg.success")).to_have_text("留言已发送")
    expect(page.locator(".chat-item.mine .chat-body")).to_have_text("可以，请将样品寄至我校成果转化中心。")
    log_out(page)

    # The enterprise is told, reads the reply, and sees that its own message was read.
    log_in(page, users[Role.ENTERPRISE].username)
    expect(page.locator(".inbox-link .badge")).to_have_text("1")
    page.click(".inbox-link")
    page.locator(".inbox-item.unread .inbox-title").click()
    expect(page.locator(".chat-item").nth(1)).to_contain_text("可以，请将样品寄至我校成果转化中心。")
    expect(page.locator(".chat-item.mine .receipt")).to_have_text("已读")
    expect(page.locator(".inbox-link .badge")).to_have_count(0)
    assert not refused, refused
