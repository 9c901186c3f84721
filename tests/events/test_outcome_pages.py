"""The one-tap outcome page and the list of meetings to record: who sees and who may record (the sides and the
operator), the three buttons, 发起技术转移项目 landing on the new deal's page, refusals shown on the page."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role, User
from hardtech.catalogue.models import Organisation
from hardtech.deals.models import Deal
from hardtech.events.choices import MeetingStatus, OutcomeResult, Phase
from support.deal_pages import client_as
from support.event_outcomes import meeting, started
from support.event_schedule import to_phase


@pytest.fixture
def talk(users, event, supply, demand_side):
    day = to_phase(users["operator"], event, Phase.DAY)
    return meeting(supply, demand_side, started(day.sessions.first().slots.first()))


def url(talk):
    return reverse("events:outcome", args=[talk.event_id, talk.pk])


@pytest.mark.parametrize(
    ("role", "get", "post"),
    [
        (Role.INSTITUTION, 200, 302),
        (Role.ENTERPRISE, 200, 302),
        (Role.OPERATOR, 200, 302),
        (Role.MANAGER, 200, 403),
        (Role.EXPERT, 404, 404),
    ],
)
def test_who_sees_and_records(users, talk, supply, role, get, post):
    client = client_as(users[role])
    assert client.get(url(talk)).status_code == get
    data = {"result": OutcomeResult.FOLLOW_UP, "side": supply.pk}
    assert client.post(url(talk), data).status_code == post


def test_another_organisation_gets_404(talk):
    org = Organisation.objects.create(name="别家企业", kind="enterprise")
    outsider = User.objects.create_user(
        "outsider", password="pass-1234", role=Role.ENTERPRISE, organisation=org
    )
    assert client_as(outsider).get(url(talk)).status_code == 404


def test_anonymous_is_sent_to_sign_in(talk):
    response = client_as(None).get(url(talk))
    assert response.status_code == 302 and "login" in response["Location"]


def test_three_buttons_and_a_note(users, talk):
    page = client_as(users["enterprise"]).get(url(talk)).content.decode()
    for label in ("不相关", "继续跟进", "发起技术转移项目"):
        assert label in page
    assert 'name="note"' in page and 'name="side"' not in page
    operator_page = client_as(users["operator"]).get(url(talk)).content.decode()
    assert 'name="side"' in operator_page


def test_start_deal_opens_the_deal_page(users, talk):
    response = client_as(users["enterprise"]).post(
        url(talk), {"result": OutcomeResult.START_DEAL, "note": "尽快推进", "notes": "双方同意先做样品验证"}
    )
    deal = Deal.objects.get()
    assert "双方同意先做样品验证" in deal.summary and "尽快推进" in deal.summary
    assert response.status_code == 302 and response["Location"] == reverse("deals:detail", args=[deal.pk])
    talk.refresh_from_db()
    assert talk.status == MeetingStatus.HELD


def test_follow_up_stays_on_the_page(users, talk):
    client = client_as(users["institution"])
    response = client.post(url(talk), {"result": OutcomeResult.FOLLOW_UP}, follow=True)
    assert response.redirect_chain[-1][0] == url(talk)
    assert "继续跟进" in response.content.decode()


def test_refusal_is_shown(users, talk):
    talk.status = MeetingStatus.NO_SHOW
    talk.save()
    client = client_as(users["operator"])
    page = client.get(url(talk)).content.decode()
    assert "outcome-form" not in page and "不能记录结果" in page
    response = client.post(url(talk), {"result": OutcomeResult.FOLLOW_UP, "side": talk.request.sender_id})
    assert response.status_code == 422 and "未到场" in response.content.decode()


def test_outcome_list(users, talk):
    listing = reverse("events:outcomes", args=[talk.event_id])
    page = client_as(users["institution"]).get(listing)
    assert page.status_code == 200 and url(talk) in page.content.decode()
    assert client_as(users["operator"]).get(listing).status_code == 200
    assert client_as(users["expert"]).get(listing).status_code == 404
