"""The schedule and day pages: the operator's scheduling page (run, publish, unplaced reasons), table plan, badges
with SVG QR codes, check-in by scanning, the day console with its re-planning, the live board and its JSON."""

import re
from datetime import datetime

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.events.choices import MeetingStatus, Phase
from hardtech.events.models import Meeting
from hardtech.events.services import events
from hardtech.events.services.scheduling import publish, run_schedule
from hardtech.events.views import day as day_views
from support.deal_pages import client_as, shown_messages
from support.event_fixtures import TZ
from support.event_schedule import market, to_phase

pytestmark = pytest.mark.django_db

CSP_FORBIDDEN = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", re.I)


@pytest.fixture
def scheduling(event, users):
    event = to_phase(users[Role.OPERATOR], event, Phase.SCHEDULING)
    market(event, suppliers=3, buyers=3, max_meetings=2)
    return event


def no_inline(html: str) -> None:
    body = html.split("<body>", 1)[1]
    assert not CSP_FORBIDDEN.search(body), CSP_FORBIDDEN.search(body).group(0)


def test_schedule_page_runs_and_publishes(scheduling, users):
    client = client_as(users[Role.OPERATOR])
    url = reverse("events:schedule", args=[scheduling.pk])
    page = client.get(url)
    assert page.status_code == 200 and "运行排程" in page.content.decode()
    no_inline(page.content.decode())
    response = client.post(
        reverse("events:schedule_run", args=[scheduling.pk]), {"keep_confirmed": "on"}, follow=True
    )
    html = response.content.decode()
    assert "排程完成：共排定 6 场洽谈" in html and "本次排程结果" in html and "未能排入的邀请" in html
    assert "一方的洽谈场次已满" in html
    assert Meeting.objects.filter(event=scheduling).count() == 6
    response = client.post(reverse("events:schedule_publish", args=[scheduling.pk]), follow=True)
    assert "日程已发布" in response.content.decode()
    assert Meeting.objects.filter(event=scheduling, confirmed=True).count() == 6


def test_not_keeping_confirmed_needs_the_confirmation(scheduling, users):
    operator = users[Role.OPERATOR]
    run_schedule(operator, scheduling)
    publish(operator, scheduling)
    before = set(Meeting.objects.filter(event=scheduling).values_list("pk", "slot", "table"))
    client = client_as(operator)
    response = client.post(reverse("events:schedule_run", args=[scheduling.pk]), {}, follow=True)
    assert any("请勾选" in m for m in shown_messages(response))
    assert set(Meeting.objects.filter(event=scheduling).values_list("pk", "slot", "table")) == before
    response = client.post(
        reverse("events:schedule_run", args=[scheduling.pk]), {"confirm_drop": "on"}, follow=True
    )
    assert any("排程完成" in m for m in shown_messages(response))


def test_refusal_is_a_message(event, users):
    client = client_as(users[Role.OPERATOR])
    response = client.post(
        reverse("events:schedule_run", args=[event.pk]), {"keep_confirmed": "on"}, follow=True
    )
    assert any("阶段" in m for m in shown_messages(response))


def test_table_plan_is_a_printable_grid(scheduling, users):
    run_schedule(users[Role.OPERATOR], scheduling)
    response = client_as(users[Role.OPERATOR]).get(reverse("events:table_plan", args=[scheduling.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("号桌</th>") == 4 and "上午第1轮" in html
    meeting = Meeting.objects.filter(event=scheduling).select_related("request__sender__organisation").first()
    assert meeting.request.sender.organisation.name in html
    assert "events/day.css" in html
    no_inline(html)


def test_badges_carry_an_svg_qr_of_the_check_in_url(scheduling, users, supply):
    response = client_as(users[Role.OPERATOR]).get(reverse("events:badges", args=[scheduling.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="badge-card"') == scheduling.registrations.filter(status="approved").count()
    assert "<svg" in html and 'class="qr"' in html and supply.organisation.name in html
    assert "供给方（高校院所）" in html
    no_inline(html)
    svg = day_views.qr_svg("http://testserver" + reverse("events:check_in", args=[supply.badge_code]))
    assert svg.startswith("<svg") and "<path" in svg


def test_check_in_by_scanning(scheduling, users, supply):
    events.move(users[Role.OPERATOR], scheduling, "start_day")
    client = client_as(users[Role.OPERATOR])
    url = reverse("events:check_in", args=[supply.badge_code])
    page = client.get(url)
    assert page.status_code == 200 and supply.organisation.name in page.content.decode()
    assert "确认签到" in page.content.decode()
    supply.refresh_from_db()
    assert supply.checked_in_at is None  # a GET changes nothing
    response = client.post(url, follow=True)
    assert "签到成功" in response.content.decode()
    supply.refresh_from_db()
    assert supply.checked_in_at is not None
    again = client.post(url, follow=True)
    assert "无需重复签到" in again.content.decode()
    unknown = client.get(reverse("events:check_in", args=["00000000-0000-4000-8000-000000000000"]))
    assert unknown.status_code == 404 and "未找到该胸牌码对应的报名" in unknown.content.decode()
    assert client_as(supply.user).get(url).status_code == 403


def test_day_console_counts_and_replans(scheduling, users, monkeypatch):
    operator = users[Role.OPERATOR]
    run_schedule(operator, scheduling)
    publish(operator, scheduling)
    events.move(operator, scheduling, "start_day")
    monkeypatch.setattr(day_views, "now", lambda: datetime(2026, 12, 18, 8, 0, tzinfo=TZ))
    client = client_as(operator)
    page = client.get(reverse("events:day", args=[scheduling.pk]))
    assert page.status_code == 200 and "已签到" in page.content.decode()
    no_inline(page.content.decode())
    meeting = Meeting.objects.filter(event=scheduling).select_related("request__sender").first()
    late = meeting.request.sender
    response = client.post(
        reverse("events:day_late", args=[scheduling.pk, late.pk]), {"arrives_at": "15:00"}, follow=True
    )
    html = response.content.decode()
    assert "预计 15:00 到场" in html and "重新安排的洽谈" in html
    late.refresh_from_db()
    assert late.arrives_at == datetime(2026, 12, 18, 15, 0, tzinfo=TZ)
    for m in Meeting.objects.filter(event=scheduling, request__sender=late).exclude(status="cancelled"):
        assert m.slot.starts_at >= late.arrives_at
    bad = client.post(
        reverse("events:day_late", args=[scheduling.pk, late.pk]), {"arrives_at": "soon"}, follow=True
    )
    assert any("时:分" in m for m in shown_messages(bad))
    gone = Meeting.objects.filter(event=scheduling).exclude(request__sender=late).first().request.receiver
    response = client.post(
        reverse("events:day_cancel", args=[scheduling.pk, gone.pk]), {"confirm": "on"}, follow=True
    )
    assert "已取消参会" in response.content.decode()
    assert not Meeting.objects.filter(
        event=scheduling, request__receiver=gone, status=MeetingStatus.SCHEDULED
    )


def test_live_board_and_its_json(scheduling, users, monkeypatch):
    operator = users[Role.OPERATOR]
    run_schedule(operator, scheduling)
    first = (
        Meeting.objects.filter(event=scheduling).order_by("slot__starts_at").select_related("slot").first()
    )
    monkeypatch.setattr(day_views, "now", lambda: first.slot.starts_at)
    client = client_as(operator)
    page = client.get(reverse("events:board", args=[scheduling.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "进行中" in html and f"{first.table}号桌" in html
    assert "events/day.js" in html and 'data-json-url="/events/' in html
    no_inline(html)
    data = client.get(reverse("events:board_json", args=[scheduling.pk])).json()
    assert data["now"]["slot"].startswith("上午第1轮")
    assert {"table", "a", "b"} <= set(data["now"]["meetings"][0])
    assert data["next"] is not None
    assert (
        client_as(users[Role.EXPERT]).get(reverse("events:board_json", args=[scheduling.pk])).status_code
        == 403
    )


@pytest.mark.parametrize("name", ["schedule", "table_plan", "badges", "day"])
@pytest.mark.parametrize("role", [Role.MANAGER, Role.INSTITUTION, Role.ENTERPRISE, Role.EXPERT])
def test_operator_pages_are_403_to_others(scheduling, users, supply, demand_side, name, role):
    response = client_as(users[role]).get(reverse(f"events:{name}", args=[scheduling.pk]))
    assert response.status_code in (403, 404)
    if role in (Role.MANAGER, Role.INSTITUTION, Role.ENTERPRISE):
        assert response.status_code == 403


def test_anonymous_goes_to_sign_in(scheduling):
    response = client_as(None).get(reverse("events:schedule", args=[scheduling.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_schedule_page_explains_the_stored_schedule(scheduling, users):
    run_schedule(users[Role.OPERATOR], scheduling)  # run elsewhere: no summary in the session
    html = (
        client_as(users[Role.OPERATOR]).get(reverse("events:schedule", args=[scheduling.pk])).content.decode()
    )
    assert 'id="unplaced"' in html and "一方的洽谈场次已满" in html and "供给方0" in html
