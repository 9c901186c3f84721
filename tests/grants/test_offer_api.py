"""/api/grants/offers and /api/grants/reports: who sees what, the one-step confirm, and the refusals' codes."""

from decimal import Decimal

import pytest

from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application
from support.api_calls import api_of
from support.grant_awards import award
from support.grant_fixtures import capped_profile, open_call
from support.offer_fixtures import bank_for, confirmed_offer, offer_for, seller_contract_profile

pytestmark = pytest.mark.django_db
call_api = api_of("/api/grants")


@pytest.fixture
def call(operator, enterprise):
    seller_contract_profile(enterprise)
    return open_call(operator)


def test_the_operator_makes_the_offers(client, operator, applicant_user, call):
    made = call_api(client, "post", f"/calls/{call.pk}/offers", operator)
    again = call_api(client, "post", f"/calls/{call.pk}/offers", operator)

    assert (made.status_code, made.data) == (200, {"made": 1, "offers": 1})
    assert again.data == {"made": 0, "offers": 1}
    assert call_api(client, "post", f"/calls/{call.pk}/offers", applicant_user).status_code == 403


def test_the_applicant_lists_and_reads_its_offers_others_get_404(
    client, users, operator, applicant_user, enterprise, call
):
    offer = offer_for(operator, call, enterprise)

    mine = call_api(client, "get", "/offers", applicant_user)
    assert mine.data["count"] == 1
    [listed] = mine.data["items"]
    assert listed["id"] == offer.pk and Decimal(listed["total"]) == Decimal("20.00")
    assert listed["items"][0]["article"] == "11" and listed["items"][0]["explanation"]
    assert call_api(client, "get", "/offers", applicant_user, status="confirmed").data["count"] == 0
    assert call_api(client, "get", "/offers", operator, call=call.pk, status="offered").data["count"] == 1
    assert call_api(client, "get", "/offers", operator, status="nonsense").status_code == 422
    assert call_api(client, "get", "/offers", users["institution"]).data["count"] == 0
    assert call_api(client, "get", f"/offers/{offer.pk}", users["institution"]).status_code == 404
    assert call_api(client, "get", f"/offers/{offer.pk}", users["expert"]).status_code == 404


def test_confirming_by_the_api_and_the_refusals_codes(client, operator, applicant_user, enterprise, call):
    offer = offer_for(operator, call, enterprise)

    wrong = call_api(
        client,
        "post",
        f"/offers/{offer.pk}/confirm",
        applicant_user,
        {**bank_for(enterprise), "bank_code": "1"},
    )
    assert wrong.status_code == 422 and "12 位数字" in str(wrong.data)
    assert (
        call_api(client, "post", f"/offers/{offer.pk}/confirm", operator, bank_for(enterprise)).status_code
        == 403
    )

    done = call_api(client, "post", f"/offers/{offer.pk}/confirm", applicant_user, bank_for(enterprise))
    assert done.status_code == 200 and done.data["status"] == ApplicationStatus.CONFIRMED
    assert done.data["bank"]["account_number"] == "3700021209100123456"
    twice = call_api(client, "post", f"/offers/{offer.pk}/confirm", applicant_user, bank_for(enterprise))
    assert twice.status_code == 409


def test_reads_need_no_token_in_a_session_but_writes_do(client, operator, applicant_user, enterprise, call):
    offer = offer_for(operator, call, enterprise)
    client.force_login(applicant_user)

    assert client.get(f"/api/grants/offers/{offer.pk}").status_code == 200
    refused = client.post(
        f"/api/grants/offers/{offer.pk}/decline", data="{}", content_type="application/json"
    )
    assert refused.status_code == 401
    assert Application.objects.get(pk=offer.pk).status == ApplicationStatus.OFFERED


def test_declining_by_the_api(client, operator, applicant_user, enterprise, call):
    offer = offer_for(operator, call, enterprise)

    done = call_api(client, "post", f"/offers/{offer.pk}/decline", applicant_user, {"note": "不需要"})

    assert done.status_code == 200 and done.data["status"] == ApplicationStatus.DECLINED


def test_the_operator_approves_and_the_cap_is_a_422(
    client, operator, applicant_user, enterprise, call, other_enterprise
):
    offer = confirmed_offer(operator, applicant_user, call, enterprise)

    approved = call_api(client, "post", f"/offers/{offer.pk}/approve", operator)

    assert approved.status_code == 200
    assert approved.data["offer"]["status"] == ApplicationStatus.APPROVED and approved.data["changes"] == []
    assert Decimal(approved.data["offer"]["items"][0]["approved_amount"]) == Decimal("20.00")
    assert call_api(client, "post", f"/offers/{offer.pk}/approve", operator).status_code == 409

    capped_profile(other_enterprise)
    seller_contract_profile(other_enterprise)
    award(operator, call, other_enterprise, {"8": "200.00", "9": "100.00", "12": "100.00", "13": "100.00"})
    offer_for(operator, call, other_enterprise)
    capped = Application.objects.get(applicant=other_enterprise, route="offer")
    Application.objects.filter(pk=capped.pk).update(status=ApplicationStatus.CONFIRMED)
    refused = call_api(client, "post", f"/offers/{capped.pk}/approve", operator)
    assert refused.status_code == 422 and "超过年度支持上限" in str(refused.data)


def test_the_reports(client, operator, applicant_user, enterprise, other_enterprise, call):
    confirmed_offer(operator, applicant_user, call, enterprise)

    report = call_api(client, "get", f"/reports/calls/{call.pk}", operator)
    assert report.status_code == 200
    assert Decimal(report.data["totals"]["requested"]) == Decimal("20.00")
    eleven = next(a for a in report.data["articles"] if a["article"] == "11")
    assert (eleven["offers_made"], eleven["offers_confirmed"]) == (1, 1)
    assert call_api(client, "get", f"/reports/calls/{call.pk}", applicant_user).status_code == 403

    own = call_api(client, "get", f"/reports/applicants/{enterprise.pk}", applicant_user)
    assert own.status_code == 200 and own.data["applications"][0]["status"] == ApplicationStatus.CONFIRMED
    assert (
        call_api(client, "get", f"/reports/applicants/{other_enterprise.pk}", applicant_user).status_code
        == 403
    )
