"""POST /api/grants/offers/{id}/lapse: the operator's, with a reason; the applicant 403, a second time 409; the
call's report counts the lapsed offer."""

import pytest

from hardtech.grants import offers
from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application
from support.api_calls import api_of
from support.grant_fixtures import open_call
from support.offer_fixtures import bank_for, offer_for, seller_contract_profile

pytestmark = pytest.mark.django_db
call_api = api_of("/api/grants")


def test_the_operator_lapses_an_offer_through_the_api(client, operator, applicant_user, enterprise):
    seller_contract_profile(enterprise)
    call = open_call(operator)
    offer = offer_for(operator, call, enterprise)
    url = f"/offers/{offer.pk}/lapse"
    still_open = call_api(client, "post", url, operator, {"note": "逾期未确认"})
    assert still_open.status_code == 422  # the applicant may yet confirm it
    offers.confirm_offer(applicant_user, offer, **bank_for(enterprise))

    assert call_api(client, "post", url, applicant_user, {"note": "x"}).status_code == 403
    assert call_api(client, "post", url, operator, {"note": ""}).status_code == 422
    done = call_api(client, "post", url, operator, {"note": "不再符合第十一条"})
    again = call_api(client, "post", url, operator, {"note": "不再符合第十一条"})

    assert (done.status_code, done.data["status"]) == (200, ApplicationStatus.LAPSED)
    assert again.status_code == 409
    assert Application.objects.get(pk=offer.pk).note == "不再符合第十一条"
    report = call_api(client, "get", f"/reports/calls/{call.pk}", operator).data
    [eleven] = [a for a in report["articles"] if a["article"] == "11"]
    assert (eleven["offers_made"], eleven["offers_lapsed"]) == (1, 1)
    made = call_api(client, "post", f"/calls/{call.pk}/offers", operator).data
    assert made == {"made": 0, "offers": 0}
