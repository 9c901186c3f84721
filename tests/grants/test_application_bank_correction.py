"""更正收款账户 after approval: the applicant's users or the operator, on an application 已确定 (an offer also
已确认), not while a payment line awaits the bank; the next batch pays to the corrected account; the applicant
is told when the operator corrects it; the page and the API offer it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hardtech.core.workflow import WrongState
from hardtech.grants import applications as services
from hardtech.grants import payments
from hardtech.grants.choices import ApplicationStatus, Route
from hardtech.grants.notifications import GRANT_PAYMENT
from hardtech.notifications.models import Notification
from support.api_calls import api_of
from support.grant_applications import bank_fields, filled_application
from support.grant_awards import award, bank_result
from support.grant_fixtures import open_call

pytestmark = pytest.mark.django_db
api = api_of("/api/grants")
NEW = "6100123456789012"


@pytest.fixture
def approved(operator, call, applicant):
    return award(operator, call, applicant, {"6": "40.00"})


def test_the_next_batch_pays_the_corrected_account(operator, applicant_user, approved, applicant):
    sent = payments.send_batch(operator, payments.create_batch(operator, year=2026))
    with pytest.raises(ValidationError) as refused:
        services.change_bank_account(applicant_user, approved, **bank_fields(applicant))
    assert sent.number in str(refused.value)
    payments.import_result(operator, sent, bank_result(payments.bank_file(sent), failed={1: "账户已销户"}))

    services.change_bank_account(operator, approved, **bank_fields(applicant))
    approved.refresh_from_db()
    assert approved.bank_account_number == NEW
    told = Notification.objects.filter(recipient=applicant_user, kind=GRANT_PAYMENT.code)
    assert told.filter(title__contains="收款账户已由管委会更正").exists()
    again = payments.create_batch(operator, year=2026)
    assert list(again.lines.values_list("account_number", flat=True)) == [NEW]


def test_who_and_when(users, applicant_user, call, applicant, approved, operator):
    with pytest.raises(PermissionDenied):
        services.change_bank_account(users["expert"], approved, **bank_fields(applicant))
    draft = filled_application(applicant_user, open_call(operator), applicant, ["7"])
    with pytest.raises(WrongState):
        services.change_bank_account(applicant_user, draft, **bank_fields(applicant))
    with pytest.raises(ValidationError):
        services.change_bank_account(
            applicant_user, approved, **{**bank_fields(applicant), "bank_code": "123"}
        )
    offer = award(
        operator,
        call,
        applicant,
        {"11": "5.00"},
        route=Route.OFFER,
        status=ApplicationStatus.CONFIRMED,
        post=False,
    )
    assert (
        services.change_bank_account(applicant_user, offer, **bank_fields(applicant)).bank_account_number
        == NEW
    )
    assert not Notification.objects.filter(kind=GRANT_PAYMENT.code).exists()  # the applicant did it itself


def test_page_and_api(client, operator, applicant_user, applicant, approved):
    for user in (applicant_user, operator):
        client.force_login(user)
        page = client.get(reverse("grants:application", args=[approved.pk])).content.decode()
        assert 'id="correct-bank"' in page
    client.force_login(applicant_user)
    response = client.post(
        reverse("grants:application_bank_correct", args=[approved.pk]),
        {**bank_fields(applicant), "bank_code": "12"},
    )
    assert response.status_code == 200 and "联行号" in response.content.decode()
    response = api(
        client, "post", f"/applications/{approved.pk}/bank", applicant_user, bank_fields(applicant)
    )
    assert response.status_code == 200, response.data
    approved.refresh_from_db()
    assert approved.bank_account_number == NEW
