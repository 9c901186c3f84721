"""The checklist on the deal's page: the team ticks and unticks, adds its own tasks and changes due dates;
overdue items are shown; the parties may not tick."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.models import Role
from hardtech.deals.choices import Stage
from support.deal_pages import client_as, shown_messages

pytestmark = pytest.mark.django_db


def test_tick_and_untick(users, deal):
    item = deal.checklist.get(code="nda_signed")
    client = client_as(users[Role.MANAGER])
    url = reverse("deals:item_tick", args=[deal.pk, item.pk])
    response = client.post(url, {"done": "1"}, follow=True)
    item.refresh_from_db()
    assert item.done and item.done_by == users[Role.MANAGER]
    assert any("已完成" in m for m in shown_messages(response))
    client.post(url, {"done": ""})
    item.refresh_from_db()
    assert not item.done


def test_parties_may_not_tick(users, deal):
    item = deal.checklist.first()
    url = reverse("deals:item_tick", args=[deal.pk, item.pk])
    assert client_as(users[Role.ENTERPRISE]).post(url, {"done": "1"}).status_code == 403
    assert client_as(users[Role.EXPERT]).post(url, {"done": "1"}).status_code == 404
    item.refresh_from_db()
    assert not item.done


def test_an_item_of_another_deal_is_not_found(users, deal, achievement, demand):
    from support.deal_pages import make_deal

    other = make_deal(users[Role.MANAGER], title="另一个项目", achievements=[achievement], demands=[demand])
    item = other.checklist.first()
    url = reverse("deals:item_tick", args=[deal.pk, item.pk])
    assert client_as(users[Role.MANAGER]).post(url, {"done": "1"}).status_code == 404


def test_add_own_task_and_change_its_due_date(users, deal):
    client = client_as(users[Role.MANAGER])
    client.post(
        reverse("deals:item_add", args=[deal.pk]), {"label": "约企业技术总监面谈", "due_on": "2030-01-15"}
    )
    item = deal.checklist.get(label="约企业技术总监面谈")
    assert item.stage == Stage.INTRODUCED and item.due_on == datetime.date(2030, 1, 15) and not item.required
    client.post(reverse("deals:item_due", args=[deal.pk, item.pk]), {"due_on": "2030-02-01"})
    item.refresh_from_db()
    assert item.due_on == datetime.date(2030, 2, 1)
    response = client.post(reverse("deals:item_add", args=[deal.pk]), {"label": ""}, follow=True)
    assert any("事项" in m for m in shown_messages(response))


def test_overdue_items_are_shown(users, deal):
    item = deal.checklist.first()
    item.due_on = timezone.localdate() - datetime.timedelta(days=3)
    item.save()
    response = client_as(users[Role.MANAGER]).get(reverse("deals:detail", args=[deal.pk]))
    shown = {i.pk: i for i in response.context["checklist"]}
    assert shown[item.pk].overdue and "已逾期" in response.content.decode()
