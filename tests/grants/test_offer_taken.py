"""One rule for "an article pays an applicant once a year" (ledger.taken_articles) in making and approving offers:
an article refused in a standing application is free to be offered; one approved elsewhere is not offered, and
an offer whose article was approved elsewhere meanwhile is refused with the ledger's reason."""

import pytest
from django.core.exceptions import ValidationError

from hardtech.grants import offers
from hardtech.grants.choices import ApplicationStatus, Decision, Mode
from hardtech.grants.models import Application, ApplicationItem, JournalEntry
from support.grant_awards import award, item_of
from support.grant_fixtures import open_call
from support.offer_fixtures import confirmed_offer, seller_contract_profile

pytestmark = pytest.mark.django_db


def test_an_article_refused_in_a_standing_application_is_offered(operator, enterprise):
    seller_contract_profile(enterprise)
    other = open_call(operator, modes={"6": Mode.INSTANT, "11": Mode.INSTANT})
    app = award(operator, other, enterprise, {"6": "40.00", "11": "20.00"}, post=False)
    ApplicationItem.objects.filter(pk=item_of(app, "11").pk).update(
        decision=Decision.REJECTED, approved_amount=None
    )
    call = open_call(operator)

    assert offers.make_offers(operator, call) == 1
    assert Application.objects.get(call=call, applicant=enterprise).items.get().article == "11"


def test_an_article_approved_elsewhere_is_neither_offered_nor_approved(operator, applicant_user, enterprise):
    seller_contract_profile(enterprise)
    call = open_call(operator)
    offer = confirmed_offer(operator, applicant_user, call, enterprise)
    other = open_call(operator, modes={"11": Mode.INSTANT})
    # Decided elsewhere while the offer was out (written directly: the ledger refuses it through the services).
    award(operator, other, enterprise, {"11": "20.00"}, post=False)
    entries = JournalEntry.objects.count()

    with pytest.raises(ValidationError, match="已另有申报或兑现包含第11条，同一条款一年只兑现一次"):
        offers.approve_offer(operator, offer)

    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.CONFIRMED and JournalEntry.objects.count() == entries
    offers.lapse_offer(operator, offer, "第十一条已在其他申报中兑现")
    assert offers.make_offers(operator, call) == 0
