"""The grants hub (/grants/): open calls with their countdown for everyone, ended ones as past calls, drafts for
no one but the operator; a signed-in applicant sees its own applications and offers (not another applicant's)
and the links to the calculator and its 一企一档; the operator sees every call with counts per status. The nav's
政策兑现 leads here."""

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from hardtech.grants.choices import ApplicationStatus, CallStatus, Route
from support.call_helpers import applied
from support.deal_pages import client_as
from support.grant_fixtures import open_call

pytestmark = pytest.mark.django_db
HUB = "/grants/"


def test_the_hub_is_where_the_nav_leads(client):
    assert reverse("grants:index") == HUB
    html = client.get(reverse("home")).content.decode()
    assert f'href="{HUB}"' in html and "政策兑现" in html


def test_everyone_sees_open_calls_with_a_countdown(operator, call, client):
    past = open_call(
        operator, year=2025, status=CallStatus.CLOSED, deadline=timezone.now() - timedelta(days=30)
    )
    draft = open_call(operator, status=CallStatus.DRAFT)
    draft.title = "尚未发布的草稿通知"
    draft.save()
    html = client.get(HUB).content.decode()
    open_part, _, past_part = html.partition('id="past-calls"')
    assert call.title in open_part and "距截止还有 9 天" in open_part
    assert "即申即享 5 条" in open_part and "评审后兑现 2 条" in open_part and "免申即享 1 条" in open_part
    assert past.title in past_part and "申报已截止" in past_part
    assert draft.title not in html
    assert 'id="my-grants"' not in html and 'id="all-calls"' not in html


def test_an_applicant_sees_its_own_applications_and_offers(call, applicant, applicant_user, other_enterprise):
    mine = applied(call, applicant, number="SB2026000001")
    offer = applied(call, applicant, ("11",), route=Route.OFFER, status=ApplicationStatus.OFFERED)
    applied(call, other_enterprise, number="SB2026000002")
    html = client_as(applicant_user).get(HUB).content.decode()
    assert 'id="my-grants"' in html
    assert mine.number in html and "已提交（待形式审查）" in html
    assert "SB2026000002" not in html
    assert 'id="my-offers"' in html and offer.get_status_display() in html
    assert reverse("policies:calculator") in html and reverse("policies:mine") in html


def test_the_operator_sees_every_call_with_counts(operator, call, applicant, other_enterprise):
    draft = open_call(operator, status=CallStatus.DRAFT)
    applied(call, applicant, number="SB2026000001")
    applied(call, other_enterprise, status=ApplicationStatus.DRAFT)
    html = client_as(operator).get(HUB).content.decode()
    row = html.partition(f'id="call-{call.pk}"')[2].partition("</tr>")[0]
    assert "已提交（待形式审查） 1" in row and "草稿 1" in row
    assert f'id="call-{draft.pk}"' in html
    assert reverse("grants:call_new") in html


def test_a_user_of_no_applicant_sees_no_own_section(users, call):
    html = client_as(users["expert"]).get(HUB).content.decode()
    assert call.title in html and 'id="my-grants"' not in html


def test_the_operator_reaches_each_desk_of_a_call(operator, call):
    html = client_as(operator).get(reverse("grants:call", args=[call.pk])).content.decode()
    hub = client_as(operator).get(HUB).content.decode()
    desks = {}
    for name in ("desk", "call_review", "call_offers", "call_report"):
        try:
            desks[name] = reverse(f"grants:{name}", args=[call.pk])
        except NoReverseMatch:  # that slice's pages are not there yet
            continue
    assert desks, "no desk page of a call exists"
    for url in desks.values():
        assert f'href="{url}"' in html and f'href="{url}"' in hub
