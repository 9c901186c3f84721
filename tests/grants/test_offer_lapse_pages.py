"""The pages' 不予兑现: an approval refused on the offer page is shown there with the lapse form, its reason
pre-filled; the offer lapses from the page or from the call's list; a refusal of either is a message."""

import pytest
from django.urls import reverse

from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Application
from support.grant_fixtures import open_call
from support.offer_fixtures import confirmed_offer, offer_for, overdue, seller_contract_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(operator, enterprise):
    return open_call(operator)


def test_a_refused_approval_is_shown_with_the_lapse_step(client, operator, applicant_user, enterprise, call):
    profile = seller_contract_profile(enterprise)
    offer = confirmed_offer(operator, applicant_user, call, enterprise)
    profile.contracts.all().delete()
    client.force_login(operator)

    answer = client.post(reverse("grants:offer_approve", args=[offer.pk]), follow=True)

    html = answer.content.decode()
    assert answer.redirect_chain[-1][0] == reverse("grants:offer", args=[offer.pk])
    assert 'id="offer-refusal"' in html and "均不再符合（第11条 20.00 → 0.00 万元）" in html
    assert 'id="lapse-form"' in html and "拨付审批未通过：重新测算后各条款均不再符合" in html
    listed = client.get(reverse("grants:call_offers", args=[call.pk])).content.decode()
    assert "拨付审批未通过：重新测算后各条款均不再符合" in listed

    done = client.post(
        reverse("grants:offer_lapse", args=[offer.pk]), {"note": "不再符合第十一条"}, follow=True
    )

    assert (
        "已失效（不予兑现）" in done.content.decode()
        and "不予兑现理由：不再符合第十一条" in done.content.decode()
    )
    assert Application.objects.get(pk=offer.pk).status == ApplicationStatus.LAPSED
    assert 'id="offer-refusal"' not in done.content.decode()


def test_an_offer_lapses_from_the_list_and_a_refusal_is_a_message(client, operator, enterprise, call):
    seller_contract_profile(enterprise)
    offer = offer_for(operator, call, enterprise)
    client.force_login(operator)
    listed = client.get(reverse("grants:call_offers", args=[call.pk])).content.decode()
    assert reverse("grants:offer_lapse", args=[offer.pk]) not in listed  # the applicant may still confirm it
    overdue(call)
    listed = client.get(reverse("grants:call_offers", args=[call.pk])).content.decode()
    assert reverse("grants:offer_lapse", args=[offer.pk]) in listed

    empty = client.post(
        reverse("grants:offer_lapse", args=[offer.pk]), {"note": "", "back": "list"}, follow=True
    )
    assert empty.redirect_chain[-1][0] == reverse("grants:call_offers", args=[call.pk])
    assert "不予兑现须填写理由" in empty.content.decode()
    assert Application.objects.get(pk=offer.pk).status == ApplicationStatus.OFFERED

    client.post(reverse("grants:offer_lapse", args=[offer.pk]), {"note": "逾期未确认", "back": "list"})
    again = client.post(
        reverse("grants:offer_lapse", args=[offer.pk]), {"note": "再次", "back": "list"}, follow=True
    )

    assert Application.objects.get(pk=offer.pk).status == ApplicationStatus.LAPSED
    assert "“未兑现（已失效）”状态不能不予兑现（失效）" in again.content.decode()


def test_the_applicant_cannot_lapse_its_offer(client, operator, applicant_user, enterprise, call):
    seller_contract_profile(enterprise)
    offer = offer_for(operator, call, enterprise)
    client.force_login(applicant_user)

    assert 'id="lapse-form"' not in client.get(reverse("grants:offer", args=[offer.pk])).content.decode()
    assert client.post(reverse("grants:offer_lapse", args=[offer.pk]), {"note": "x"}).status_code == 403
    assert Application.objects.get(pk=offer.pk).status == ApplicationStatus.OFFERED
