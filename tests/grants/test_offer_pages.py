"""The offer page (the applicant confirms or declines in one step) and the operator's list per call."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hardtech.grants import ledger
from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application
from support.grant_awards import award
from support.grant_fixtures import capped_profile, open_call
from support.offer_fixtures import bank_for, confirmed_offer, offer_for, seller_contract_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(operator, enterprise):
    seller_contract_profile(enterprise)
    return open_call(operator)


def test_the_applicant_sees_its_offer_and_confirms_it_in_one_step(
    client, operator, applicant_user, enterprise, call
):
    offer = offer_for(operator, call, enterprise)
    client.force_login(applicant_user)

    page = client.get(reverse("grants:offer", args=[offer.pk])).content.decode()
    assert "第11条" in page and "20.00" in page and 'id="confirm-form"' in page
    assert f'value="{enterprise.name}"' in page  # 户名 pre-filled with the applicant's name

    answer = client.post(reverse("grants:offer_confirm", args=[offer.pk]), bank_for(enterprise), follow=True)

    assert answer.redirect_chain[-1][0] == reverse("grants:offer", args=[offer.pk])
    assert "已确认兑现" in answer.content.decode()
    assert Application.objects.get(pk=offer.pk).status == ApplicationStatus.CONFIRMED


def test_a_wrong_account_is_shown_on_the_form(client, operator, applicant_user, enterprise, call):
    offer = offer_for(operator, call, enterprise)
    client.force_login(applicant_user)

    answer = client.post(
        reverse("grants:offer_confirm", args=[offer.pk]), {**bank_for(enterprise), "account_number": "12ab"}
    )

    assert answer.status_code == 200
    assert "收款账号“12ab”格式不正确" in answer.content.decode()
    assert Application.objects.get(pk=offer.pk).status == ApplicationStatus.OFFERED


def test_declining_from_the_page(client, operator, applicant_user, enterprise, call):
    offer = offer_for(operator, call, enterprise)
    client.force_login(applicant_user)

    client.post(reverse("grants:offer_decline", args=[offer.pk]), {"note": "不需要"})

    assert Application.objects.get(pk=offer.pk).status == ApplicationStatus.DECLINED


def test_a_stranger_neither_sees_nor_confirms_the_offer(client, users, operator, enterprise, call):
    offer = offer_for(operator, call, enterprise)
    client.force_login(users["institution"])

    assert client.get(reverse("grants:offer", args=[offer.pk])).status_code == 404
    assert (
        client.post(reverse("grants:offer_confirm", args=[offer.pk]), bank_for(enterprise)).status_code == 404
    )


def test_the_operator_makes_the_offers_and_approves_a_confirmed_one_from_the_list(
    client, operator, applicant_user, enterprise, call
):
    client.force_login(operator)
    client.post(reverse("grants:call_offers_make", args=[call.pk]))
    offer = Application.objects.get(call=call, applicant=enterprise)
    confirmed_offer(operator, applicant_user, call, enterprise)

    listing = client.get(reverse("grants:call_offers", args=[call.pk])).content.decode()
    assert enterprise.name in listing and "****3456" in listing and "3700021209100123456" not in listing

    client.post(reverse("grants:offer_approve", args=[offer.pk]), {"back": "list"})

    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.APPROVED
    assert ledger.balances(offer.items.get()).payable == Decimal("20.00")
    page = client.get(reverse("grants:offer", args=[offer.pk])).content.decode()
    assert "拨付审批通过" not in page and 'id="confirm-form"' not in page


def test_approve_all_leaves_others_approved_when_one_is_refused(
    client, operator, applicant_user, enterprise, call, other_enterprise
):
    capped_profile(other_enterprise)
    seller_contract_profile(other_enterprise)
    award(operator, call, other_enterprise, {"8": "200.00", "9": "100.00", "12": "100.00", "13": "100.00"})
    confirmed_offer(operator, applicant_user, call, enterprise)
    Application.objects.filter(applicant=other_enterprise, route="offer").update(
        status=ApplicationStatus.CONFIRMED
    )
    client.force_login(operator)

    answer = client.post(reverse("grants:call_offers_approve", args=[call.pk]), follow=True).content.decode()

    assert f"{enterprise.name} 的免申即享兑现已审批" in answer
    assert f"{other_enterprise.name}：" in answer and "超过年度支持上限" in answer
    assert Application.objects.get(applicant=enterprise, route="offer").status == ApplicationStatus.APPROVED
    assert (
        Application.objects.get(applicant=other_enterprise, route="offer").status
        == ApplicationStatus.CONFIRMED
    )


def test_the_list_is_the_operators(client, applicant_user, call):
    client.force_login(applicant_user)

    assert client.get(reverse("grants:call_offers", args=[call.pk])).status_code == 403
    assert client.post(reverse("grants:call_offers_make", args=[call.pk])).status_code == 403
    assert not Application.objects.exists()


def test_the_account_given_before_is_offered_again(client, operator, applicant_user, enterprise, call):
    award(operator, open_call(operator, year=2025), enterprise, {"6": "40.00"})
    offer = offer_for(operator, call, enterprise)
    client.force_login(applicant_user)

    page = client.get(reverse("grants:offer", args=[offer.pk])).content.decode()

    assert 'value="6217000012345678"' in page and 'value="104791000123"' in page
