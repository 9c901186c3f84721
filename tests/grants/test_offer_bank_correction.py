"""更正收款账户 on the offer page: a confirmed offer's applicant corrects its account there (the operator too); a
wrong account is refused with the reason shown on the offer page; reviewers and others never get the form."""

import pytest
from django.urls import reverse

from support.grant_fixtures import open_call
from support.offer_fixtures import bank_for, confirmed_offer, seller_contract_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(operator, applicant_user, enterprise):
    seller_contract_profile(enterprise)
    return confirmed_offer(operator, applicant_user, open_call(operator), enterprise)


def test_the_applicant_corrects_its_account_on_the_offer_page(client, applicant_user, offer, enterprise):
    client.force_login(applicant_user)
    page = client.get(reverse("grants:offer", args=[offer.pk]))
    assert b'id="bank-correction"' in page.content
    fields = {**bank_for(enterprise), "account_number": "6100 1234 5678 9012"}
    answer = client.post(reverse("grants:application_bank_correct", args=[offer.pk]), fields, follow=True)
    assert answer.redirect_chain[-1][0].startswith(reverse("grants:offer", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.bank_account_number == "6100123456789012"


def test_a_wrong_account_is_refused_on_the_offer_page(client, applicant_user, offer, enterprise):
    client.force_login(applicant_user)
    fields = {**bank_for(enterprise), "bank_code": "12345"}
    answer = client.post(reverse("grants:application_bank_correct", args=[offer.pk]), fields, follow=True)
    assert "联行号" in answer.content.decode()
    offer.refresh_from_db()
    assert offer.bank_code == bank_for(enterprise)["bank_code"]


def test_someone_else_gets_no_form(client, users, offer):
    client.force_login(users["manager"])
    assert client.get(reverse("grants:offer", args=[offer.pk])).status_code == 404
