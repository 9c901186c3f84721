"""The parties' rating form after a deal is closed: only the parties, only once closed, one rating per side,
editable."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.deals.choices import Stage
from hardtech.deals.models import Deal, Feedback


def close(deal) -> Deal:
    Deal.objects.filter(pk=deal.pk).update(stage=Stage.CLOSED, closed_at=timezone.now())
    deal.refresh_from_db()
    return deal


def _as(client, user):
    client.force_login(user)
    return client


def test_the_buyer_rates_and_edits_one_feedback(client, users, deal):
    close(deal)
    url = reverse("deals:feedback", args=[deal.pk])
    c = _as(client, users[Role.ENTERPRISE])
    page = c.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        'type="radio"' in html
        and "需求方" in html
        and " style=" not in html
        and "<script" not in html.split("</header>")[1]
    )
    response = c.post(url, {"rating": "4", "comment": "响应及时"})
    assert response.status_code == 302 and response["Location"] == reverse("deals:detail", args=[deal.pk])
    response = c.post(url, {"rating": "2", "comment": "后续跟进不足"})
    assert response.status_code == 302
    feedback = Feedback.objects.get(deal=deal)
    assert (feedback.side, feedback.rating, feedback.comment) == (Feedback.Side.BUYER, 2, "后续跟进不足")
    checked = re.findall(r'<input type="radio"[^>]*value="(\d)"[^>]*checked', c.get(url).content.decode())
    assert checked == ["2"]


def test_each_side_has_its_own(client, users, deal):
    close(deal)
    url = reverse("deals:feedback", args=[deal.pk])
    _as(client, users[Role.ENTERPRISE]).post(url, {"rating": "5"})
    _as(client, users[Role.INSTITUTION]).post(url, {"rating": "3", "comment": "合同审核较慢"})
    sides = dict(Feedback.objects.filter(deal=deal).values_list("side", "rating"))
    assert sides == {Feedback.Side.BUYER: 5, Feedback.Side.SELLER: 3}


def test_not_before_the_deal_is_closed(client, users, deal):
    url = reverse("deals:feedback", args=[deal.pk])
    c = _as(client, users[Role.ENTERPRISE])
    assert c.get(url).status_code == 403
    assert c.post(url, {"rating": "5"}).status_code == 403
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.OPERATOR])
def test_the_team_and_operator_do_not_rate(client, users, deal, role):
    close(deal)
    c = _as(client, users[role])
    assert c.post(reverse("deals:feedback", args=[deal.pk]), {"rating": "5"}).status_code == 403
    assert not Feedback.objects.exists()


def test_outsiders_do_not_see_the_deal(client, users, deal, other_enterprise):
    close(deal)
    outsider = User.objects.create_user("outsider", role=Role.ENTERPRISE, organisation=other_enterprise)
    for user in (outsider, users[Role.EXPERT], users[Role.REGISTRAR]):
        assert (
            _as(client, user).post(reverse("deals:feedback", args=[deal.pk]), {"rating": "5"}).status_code
            == 404
        )
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("rating", ["", "0", "6", "五"])
def test_a_rating_outside_one_to_five_is_refused(client, users, deal, rating):
    close(deal)
    response = _as(client, users[Role.ENTERPRISE]).post(
        reverse("deals:feedback", args=[deal.pk]), {"rating": rating}
    )
    assert response.status_code == 200 and response.context["form"].errors["rating"]
    assert not Feedback.objects.exists()
