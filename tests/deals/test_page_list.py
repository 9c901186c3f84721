"""The list of deals: the same visibility as the board, filters by stage, lead, source, opened dates, text and
the buyer's or seller's name, sorting and pagination."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.deals import services
from hardtech.deals.models import Deal
from support.deal_pages import client_as, make_deal

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_deal(users, other_university, other_enterprise):
    other = User.objects.create_user("manager2", password="x", role=Role.MANAGER)
    return make_deal(
        other,
        title="工业机器人减速器联合开发",
        sellers=[other_university],
        buyers=[other_enterprise],
        amount=Decimal("500"),
    )


def codes(response) -> list[str]:
    return [d.code for d in response.context["page"].object_list]


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(reverse("deals:list")).status_code == 302


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.OPERATOR, {"deal", "other"}),
        (Role.MANAGER, {"deal"}),
        (Role.ENTERPRISE, {"deal"}),
        (Role.INSTITUTION, {"deal"}),
        (Role.EXPERT, set()),
        (Role.REGISTRAR, set()),
    ],
)
def test_each_role_lists_its_deals(users, deal, other_deal, role, expected):
    response = client_as(users[role]).get(reverse("deals:list"))
    names = {"deal": deal.code, "other": other_deal.code}
    assert set(codes(response)) == {names[n] for n in expected}


def test_filters(users, deal, other_deal):
    client = client_as(users[Role.OPERATOR])
    url = reverse("deals:list")
    services.move(users[Role.MANAGER], deal, "skip_to_negotiating", "测试")
    assert codes(client.get(url, {"stage": "negotiating"})) == [deal.code]
    assert codes(client.get(url, {"buyer": "丝路"})) == [other_deal.code]
    assert codes(client.get(url, {"seller": "西安测试"})) == [deal.code]
    assert codes(client.get(url, {"lead": other_deal.lead_id})) == [other_deal.code]
    assert codes(client.get(url, {"q": "减速器"})) == [other_deal.code]
    assert codes(client.get(url, {"org": other_deal.buyers.get().pk})) == [other_deal.code]
    Deal.objects.filter(pk=deal.pk).update(opened_at=timezone.now() - timezone.timedelta(days=40))
    since = (timezone.localdate() - timezone.timedelta(days=10)).isoformat()
    assert codes(client.get(url, {"opened_from": since})) == [other_deal.code]
    assert codes(client.get(url, {"opened_to": since})) == [deal.code]
    assert codes(client.get(url, {"sort": "amount"}))[0] == other_deal.code
    # A bad value is ignored, not an error page.
    assert client.get(url, {"stage": "bogus", "opened_from": "x", "lead": "abc"}).status_code == 200


def test_mine_only(users, deal, other_deal):
    response = client_as(users[Role.MANAGER]).get(reverse("deals:list"), {"mine": "on"})
    assert codes(response) == [deal.code]
    response = client_as(users[Role.OPERATOR]).get(reverse("deals:list"), {"mine": "on"})
    assert codes(response) == []


def test_paginated(users, achievement, demand):
    for i in range(25):
        make_deal(users[Role.MANAGER], title=f"项目{i}", achievements=[achievement], demands=[demand])
    client = client_as(users[Role.MANAGER])
    assert len(codes(client.get(reverse("deals:list")))) == 20
    assert len(codes(client.get(reverse("deals:list"), {"page": 2}))) == 5
