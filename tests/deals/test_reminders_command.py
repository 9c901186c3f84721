"""hardtech deal_reminders: the team is reminded of current-stage checklist items due soon or overdue, once a day
per item; done items, earlier stages' items and closed or ended deals are left alone."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from hardtech.accounts.models import Role
from hardtech.deals import services
from hardtech.deals.choices import Stage
from hardtech.deals.models import ChecklistItem, Deal
from hardtech.notifications.models import Notification


@pytest.fixture(autouse=True)
def _three_days(settings):
    settings.DEAL_REMINDER_DAYS = 3


def remind(day) -> str:
    out = io.StringIO()
    call_command("deal_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def reminders(user):
    return list(
        Notification.objects.filter(recipient=user, kind="deal.reminder")
        .order_by("pk")
        .values_list("title", flat=True)
    )


def test_due_soon_then_overdue_once_a_day(deal, users):
    manager = users[Role.MANAGER]
    today = timezone.localdate()
    # 需求方确认 is due in 7 days, the other two in 14: five days on, only the first is within three days.
    assert "已提醒 1 项" in remind(today + timedelta(days=5))
    [title] = reminders(manager)
    assert "需求方确认技术需求与预算" in title and "将于" in title
    assert "已提醒 0 项" in remind(today + timedelta(days=5))  # once a day
    assert "已提醒 1 项" in remind(today + timedelta(days=6))  # and again the next day
    late = reminders(manager)
    assert "已提醒 3 项" in remind(today + timedelta(days=20))
    assert all("已逾期" in t for t in reminders(manager)[len(late) :])
    # The parties are not reminded: the team works the checklist.
    assert not reminders(users[Role.ENTERPRISE]) and not reminders(users[Role.INSTITUTION])


def test_done_items_and_earlier_stages_are_left_alone(deal, users):
    manager = users[Role.MANAGER]
    first = deal.checklist.get(code="needs_confirmed")
    services.tick(manager, first)
    today = timezone.localdate()
    assert "已提醒 0 项" in remind(today + timedelta(days=5))
    deal = services.move(manager, deal, "skip_to_negotiating", "保密协议随合同签署")
    # The open 对接 items stay open but belong to a stage the deal has left; 洽谈's are due in 21+ days.
    assert deal.checklist.filter(stage=Stage.INTRODUCED, done_at=None).count() == 2
    assert "已提醒 0 项" in remind(today + timedelta(days=15))
    assert "已提醒 1 项" in remind(today + timedelta(days=19))  # 知识产权核查, due in 21 days


def test_ended_and_closed_deals_are_not_reminded(deal, users):
    services.move(users[Role.MANAGER], deal, "end", "需求方放弃", {"reason": "buyer_withdrew"})
    assert "已提醒 0 项" in remind(timezone.localdate() + timedelta(days=60))
    # A closed deal (reached through every stage; here set directly) with an item left open.
    Deal.objects.filter(pk=deal.pk).update(stage=Stage.CLOSED)
    ChecklistItem.objects.filter(deal=deal).update(stage=Stage.CLOSED)
    assert "已提醒 0 项" in remind(timezone.localdate() + timedelta(days=60))
    assert not reminders(users[Role.MANAGER])


def test_without_a_date_today_and_a_bad_date_refused(deal):
    out = io.StringIO()
    call_command("deal_reminders", stdout=out)
    assert "今天：已提醒 0 项" in out.getvalue()
    with pytest.raises(CommandError, match="日期"):
        call_command("deal_reminders", "--date", "2026-13-01")
