"""The activity log on the deal's page: the team records meetings, calls, visits and notes; the parties read
them but may not write."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.deals.models import Activity
from support.deal_pages import client_as, shown_messages

pytestmark = pytest.mark.django_db


def test_team_logs_a_meeting(users, deal):
    client = client_as(users[Role.MANAGER])
    response = client.post(
        reverse("deals:activity_add", args=[deal.pk]),
        {
            "kind": "meeting",
            "summary": "首次对接会",
            "body": "双方确认合作方向",
            "occurred_at": "2026-11-20T10:00",
        },
        follow=True,
    )
    activity = Activity.objects.get(deal=deal)
    assert activity.kind == "meeting" and activity.author == users[Role.MANAGER]
    assert activity.occurred_at.date().isoformat() == "2026-11-20"
    assert any("已记录" in m for m in shown_messages(response))
    html = client_as(users[Role.ENTERPRISE]).get(reverse("deals:detail", args=[deal.pk])).content.decode()
    assert "首次对接会" in html and "会谈" in html


def test_a_summary_is_required(users, deal):
    response = client_as(users[Role.MANAGER]).post(
        reverse("deals:activity_add", args=[deal.pk]), {"kind": "call", "summary": ""}, follow=True
    )
    assert not Activity.objects.exists()
    assert any("摘要" in m for m in shown_messages(response))


def test_parties_and_outsiders_may_not_log(users, deal):
    data = {"kind": "note", "summary": "记录"}
    assert (
        client_as(users[Role.ENTERPRISE])
        .post(reverse("deals:activity_add", args=[deal.pk]), data)
        .status_code
        == 403
    )
    assert (
        client_as(users[Role.EXPERT]).post(reverse("deals:activity_add", args=[deal.pk]), data).status_code
        == 404
    )
    assert not Activity.objects.exists()
