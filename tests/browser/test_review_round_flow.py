"""In a real browser, a review round end to end: the operator creates a round over published items with the
default rubric and runs the assignment engine; an expert signs the pledge, declares a conflict and is replaced;
the experts score; the chair reads the calibrated ranking."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hardtech.accounts.models import Role
from hardtech.review.models import Assignment, AssignmentSource, Criterion, Round
from support.browser import csp_refusals, log_in, log_out
from support.round_helpers import items, panel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _score_all(page, username: str, values: dict[int, str]) -> None:
    log_in(page, username)
    page.click("nav >> text=我的评审")
    if page.locator("a:has-text('签署保密承诺')").count():
        page.locator("a:has-text('签署保密承诺')").first.click()
        page.check("#pledge-accept")
        page.click("button:has-text('确认签署')")
    while page.locator("a.button:has-text('评分')").count():
        page.locator("a.button:has-text('评分')").first.click()
        for pk, value in values.items():
            page.fill(f"input[name=c{pk}]", value)
        page.select_option("select[name=recommendation]", "yes")
        page.click("button:has-text('提交评分')")
        page.wait_for_selector(".msg.success:has-text('评分已提交')")
    log_out(page)


def test_review_round_end_to_end(page, users, university, enterprise):
    refused = csp_refusals(page)
    experts = panel(3)
    records = items(university, enterprise, 2)

    log_in(page, users[Role.OPERATOR].username)
    page.click("nav >> text=专家评审")
    page.click("text=新建评审轮次")
    page.fill("#id_title", "2026 年度成果转化评审")
    page.fill("#id_reviewers_per_item", "2")
    for record in records:
        page.check(f"input[value={record._meta.model_name}-{record.pk}]")
    page.click("button:has-text('创建')")
    page.wait_for_selector(".msg.success:has-text('已创建')")
    page.click("#run-assignment")
    page.wait_for_selector(".msg.success:has-text('个评审任务')")
    expect(page.locator("#round-state")).to_have_text("分配专家")
    page.click("button:has-text('开始评审')")
    expect(page.locator("#round-state")).to_have_text("评审中")
    log_out(page)

    round_ = Round.objects.get()
    declined = Assignment.objects.filter(item__round=round_).order_by("pk").first()
    log_in(page, declined.expert.user.username)
    page.click("nav >> text=我的评审")
    page.click("a:has-text('签署保密承诺')")
    page.check("#pledge-accept")
    page.click("button:has-text('确认签署')")
    page.goto(reverse("review:score", args=[declined.pk]))
    page.fill("#id_reason", "本人曾指导该成果的完成人")
    page.click("button:has-text('申报回避')")
    page.wait_for_selector(".msg.success:has-text('已申报回避')")
    log_out(page)
    replacement = Assignment.objects.get(item=declined.item, source=AssignmentSource.REPLACEMENT)
    assert replacement.expert != declined.expert

    keys = list(Criterion.objects.filter(round=round_).values_list("pk", flat=True))
    for n, expert in enumerate(experts):
        _score_all(page, expert.user.username, {pk: str(6 + n) for pk in keys})

    log_in(page, users[Role.OPERATOR].username)
    page.goto(reverse("review:round_detail", args=[round_.pk]))
    expect(page.locator(f"#item-{declined.item_id} .assignments")).to_contain_text(
        f"已回避：本人曾指导该成果的完成人，由{replacement.expert.name}补选"
    )
    page.click("text=评审结果")
    table = page.locator("#results")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").first.locator("td").first).to_have_text("1")
    expect(table).to_contain_text("±")
    expect(page.locator("#anonymity")).to_contain_text("匿名")  # the default rule; 管委会 still sees names
    assert refused == []
