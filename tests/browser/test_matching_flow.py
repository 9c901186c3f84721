"""End to end in a real browser: a technology manager reads a demand's 智能匹配 panel and marks its matches."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hardtech.accounts.models import Role
from hardtech.matching import services
from hardtech.matching.models import MatchFeedback
from support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_reads_explanations_and_gives_feedback(page, users, demand, achievement, expert):
    expert.achievements.add(achievement)
    services.rebuild()

    log_in(page, users[Role.MANAGER].username)
    page.goto(reverse("demand_detail", args=[demand.pk]))

    panel = page.locator(".match-panel")
    expect(panel.locator("h2")).to_have_text("智能匹配")
    card = panel.locator(f"#match-achievements-{achievement.pk}")
    expect(card.locator(".match-title")).to_have_text(achievement.title)
    expect(card.locator(".match-sentence")).to_contain_text("该成果与需求在“")
    expect(card.locator("mark").first).to_be_visible()  # the shared terms, marked in both texts
    expect(card.locator(".match-parts")).to_contain_text("关键词匹配")

    # 相关: posted with fetch, the page stays where it is.
    card.locator("button:has-text('相关')").first.click()
    expect(card.locator(".match-verdict")).to_have_text("已标记：相关")
    assert page.url.endswith(reverse("demand_detail", args=[demand.pk]))

    # 不相关 asks for a reason first, then records it with the note.
    other = panel.locator(f"#match-experts-{expert.pk}")
    other.locator("button:has-text('不相关')").click()
    expect(other.locator(".match-verdict")).to_have_text("请选择不相关的原因")
    other.locator("select[name=reason]").select_option(index=1)
    other.locator("input[name=note]").fill("该专家已在合作")
    other.locator("button:has-text('不相关')").click()
    expect(other.locator(".match-verdict")).to_have_text("已标记：不相关")

    marks = {(f.target_kind, f.target_id): f for f in MatchFeedback.objects.all()}
    assert marks[("achievements", achievement.pk)].relevant is True
    rejected = marks[("experts", expert.pk)]
    assert rejected.relevant is False and rejected.reason and rejected.note == "该专家已在合作"
    assert {f.user_id for f in marks.values()} == {users[Role.MANAGER].pk}
