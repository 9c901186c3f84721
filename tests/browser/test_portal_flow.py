"""End to end in a real browser: public search, an enterprise publishes a demand, the operator approves it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hardtech.accounts.models import Role
from support.browser import log_in, log_out
from support.sample_zone import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_search_publish_review_and_library(page, users, achievement):
    # The public browses and searches in Traditional characters.
    page.goto("/")
    page.click("nav#site-nav >> text=科技成果")
    page.fill("input[name=q]", "半導體雷射")
    page.click("form.filters button:has-text('搜索')")
    page.wait_for_selector(f"article.card >> text={achievement.title}")
    expect(page.locator("article.card")).to_have_count(1)
    page.click(f"text={achievement.title}")
    expect(page.locator(".contact-hidden")).to_be_visible()

    # An enterprise user writes a demand and submits it for review.
    log_in(page, users[Role.ENTERPRISE].username)
    page.click("nav#site-nav >> text=我的发布")
    page.click("text=发布技术需求")
    page.fill("#id_title", "超快激光微孔加工工艺")
    page.select_option("#id_field", "advanced_manufacturing")
    page.fill("#id_problem", "需要在0.5毫米陶瓷基板上加工直径50微米微孔，锥度小于2度。")
    page.check("input[name=cooperation_modes][value=joint_development]")
    page.click("form.form button:has-text('保存')")
    page.wait_for_selector("h1:has-text('超快激光微孔加工工艺')")
    page.click("button:has-text('提交审核')")
    page.wait_for_selector(".msg.success:has-text('已提交审核')")
    expect(page.locator(".status").first).to_have_text("待审核")
    log_out(page)

    # Not public yet.
    page.goto(reverse("demand_list"))
    expect(page.locator("text=超快激光微孔加工工艺")).to_have_count(0)

    # The operator approves it in the review queue.
    log_in(page, users[Role.OPERATOR].username)
    page.click("nav#site-nav >> text=审核队列")
    row = page.locator("tr", has_text="超快激光微孔加工工艺")
    row.locator("input[name=note]").fill("材料完整，同意发布")
    row.locator("button:has-text('通过')").click()
    page.wait_for_selector(".msg.success:has-text('已通过审核并发布')")
    expect(page.locator("tr", has_text="超快激光微孔加工工艺")).to_have_count(0)
    log_out(page)

    # The public finds it in the demand library, also in Traditional characters.
    page.goto(reverse("demand_list"))
    page.fill("input[name=q]", "超快雷射")
    page.click("form.filters button:has-text('搜索')")
    page.wait_for_selector("article.card >> text=超快激光微孔加工工艺")


def test_mobile_menu(page, users):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/")
    expect(page.locator("#site-nav")).to_be_hidden()
    page.click(".nav-toggle")
    expect(page.locator("#site-nav >> text=技术需求")).to_be_visible()


def test_home_renders_the_zone(page, users, tmp_path):
    """The home page counts a filled zone, and renders to a full-page image (the README's screenshot is made
    the same way from `hardtech demo`)."""
    build()
    page.goto("/")
    expect(page.locator(".stat strong").first).to_have_text("6")
    shot = tmp_path / "home.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
