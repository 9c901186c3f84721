"""End to end in a real browser: a small matchmaking event from registration to a printed agenda and a deal opened
from a meeting's outcome.

An enterprise and a university register, the operator approves both and opens booking, the enterprise sends the
engine's suggested request and the university accepts it, the operator closes booking, runs and publishes the
schedule and starts the day, the enterprise opens its printable agenda and, after the meeting, records
发起技术转移项目 — and lands on the new deal's page; the operator's report shows its charts and the deal. The event's one session started three hours ago (or ended by midnight), so that its
meeting is over when the outcome is recorded.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hardtech.accounts.models import Role
from hardtech.deals.choices import Source
from hardtech.deals.models import Deal
from hardtech.events.choices import MeetingStatus, OutcomeResult, Phase
from hardtech.events.models import Meeting, Registration
from hardtech.events.services import events
from hardtech.matching import services as matching
from support.browser import csp_refusals, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_event(users, achievement, demand):
    matching.rebuild()  # the booking page suggests partners from the listings' matches
    operator = users[Role.OPERATOR]
    start = timezone.localtime() - timedelta(hours=3)
    if (start + timedelta(hours=2)).date() != start.date():  # a session may not run past midnight
        start = start.replace(hour=21, minute=59, second=0, microsecond=0)
    event = events.create_event(
        operator,
        {"title": "硬科技成果小型对接会", "venue": "高新区创业大厦", "starts_on": start.date(), "tables": 2},
    )
    events.add_session(operator, event, "上午场", start, 30, 4)
    return events.move(operator, event, "open_registration")


def register(page, event, *, type_: str, listing: str, listing_pk: int) -> None:
    page.goto(reverse("events:detail", args=[event.pk]))
    page.click("#register-button")
    page.select_option("#id_type", type_)
    page.check(f"input[name={listing}][value='{listing_pk}']")
    page.fill("#id_max_meetings", "2")
    page.fill("#id_contact_name", "联系人")
    page.fill("#id_contact_phone", "029-88880000")
    page.click("form.form button[type=submit]")
    expect(page.locator("#registration-status")).to_have_text("待审核")


def step(page, event, label: str) -> None:
    page.goto(reverse("events:detail", args=[event.pk]))
    page.click(f".step-form button:has-text('{label}')")
    expect(page.locator(".messages .success")).to_be_visible()


def test_event_from_registration_to_a_deal(
    page, users, small_event, achievement, demand, university, enterprise
):
    event = small_event
    refused = csp_refusals(page)

    # An enterprise (需求方) and a university (供给方) register with their listings.
    log_in(page, users[Role.ENTERPRISE].username)
    register(page, event, type_="demand", listing="seeks", listing_pk=demand.pk)
    log_out(page)
    log_in(page, users[Role.INSTITUTION].username)
    register(page, event, type_="supply", listing="offers", listing_pk=achievement.pk)
    log_out(page)

    # The operator approves both and opens booking.
    log_in(page, users[Role.OPERATOR].username)
    page.goto(reverse("events:registrations", args=[event.pk]))
    for _ in range(2):
        page.locator("form.review-form button[value=approve]").first.click()
        page.wait_for_load_state()
    expect(page.locator("form.review-form button[value=approve]")).to_have_count(0)
    step(page, event, "开放预约洽谈")
    log_out(page)
    supply = Registration.objects.get(event=event, organisation=university)
    demand_side = Registration.objects.get(event=event, organisation=enterprise)

    # The enterprise sends the suggested request; the university accepts it.
    log_in(page, users[Role.ENTERPRISE].username)
    page.goto(reverse("events:mine", args=[event.pk]))
    suggestion = page.locator(f"#suggestion-{supply.pk}")
    expect(suggestion).to_contain_text(university.name)
    suggestion.locator("input[name=message]").fill("想了解激光器封装散热方案")
    suggestion.locator("button[type=submit]").click()
    expect(page.locator("#sent")).to_contain_text("待回复")
    log_out(page)
    log_in(page, users[Role.INSTITUTION].username)
    page.goto(reverse("events:mine", args=[event.pk]))
    page.locator("#received button[name=accept][value='1']").click()
    expect(page.locator("#received")).to_contain_text("已接受")
    log_out(page)

    # The operator closes booking, runs the schedule, publishes it and starts the day.
    log_in(page, users[Role.OPERATOR].username)
    step(page, event, "截止预约并排程")
    page.goto(reverse("events:schedule", args=[event.pk]))
    page.click("form.schedule-form button[type=submit]")
    expect(page.locator(".messages .success")).to_contain_text("排程完成")
    page.click("form.publish-form button[type=submit]")
    expect(page.get_by_text("日程已发布")).to_be_visible()
    meeting = Meeting.objects.get(event=event)
    assert meeting.confirmed and {meeting.request.sender, meeting.request.receiver} == {supply, demand_side}
    step(page, event, "活动开始")
    event.refresh_from_db()
    assert event.phase == Phase.DAY
    log_out(page)

    # The enterprise opens its printable agenda.
    log_in(page, users[Role.ENTERPRISE].username)
    page.goto(reverse("events:agenda", args=[event.pk]))
    item = page.locator(".agenda-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(university.name)
    expect(item).to_contain_text(f"{meeting.table}号桌")
    expect(page.locator(".print-link")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".print-link")).to_be_hidden()  # the printed agenda leaves the buttons out
    expect(item).to_contain_text(university.name)
    page.emulate_media(media="screen")

    # After the meeting, it records 发起技术转移项目 and lands on the new deal.
    page.goto(reverse("events:outcomes", args=[event.pk]))
    page.locator(f"#meeting-{meeting.pk} a:has-text('记录结果')").click()
    page.fill("#outcome-note", "尽快签订保密协议")
    page.click(f"button[name=result][value={OutcomeResult.START_DEAL}]")
    deal = Deal.objects.get()
    page.wait_for_url(re.compile(re.escape(reverse("deals:detail", args=[deal.pk])) + "$"))
    expect(page.locator("h1")).to_have_text(deal.title)
    expect(page.get_by_text("来源：对接活动")).to_be_visible()
    assert deal.source == Source.EVENT
    assert set(deal.sellers.all()) == {university} and set(deal.buyers.all()) == {enterprise}
    assert list(deal.achievements.all()) == [achievement] and list(deal.demands.all()) == [demand]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    log_out(page)

    # The operator's report: server-drawn charts (a table behind each) and the deal opened from the meeting.
    log_in(page, users[Role.OPERATOR].username)
    page.goto(reverse("events:report", args=[event.pk]))
    funnel = page.locator("#chart-funnel")
    expect(funnel.locator("svg rect")).to_have_count(6)
    funnel.locator("summary").click()
    expect(funnel.locator("table")).to_contain_text("发起项目")
    expect(page.locator("#report-deals")).to_contain_text(deal.code)
    assert page.locator("[style]").count() == 0
    assert refused == []
