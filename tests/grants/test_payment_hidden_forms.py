"""A post refused from a form the page does not draw is a message after a redirect, never a silent page: the
same result file again once the batch is settled, a batch when nothing is payable, a revocation of an
application no longer approved, an offer confirmation past the deadline. A refusal on a form the page draws is
shown on it."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hardtech.grants import payments
from hardtech.grants.choices import BatchStatus
from hardtech.grants.models import BankResultImport, Call, PaymentBatch
from support.grant_awards import award, bank_result
from support.offer_fixtures import bank_for, offer_for, seller_contract_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(operator, call, applicant):
    return award(operator, call, applicant, {"6": "40.00"})


def test_the_same_result_file_again_on_a_settled_batch_is_a_message(client, operator, approved):
    batch = payments.send_batch(operator, payments.create_batch(operator, year=2026))
    file = bank_result(payments.bank_file(batch))
    payments.import_result(operator, batch, file)
    client.force_login(operator)

    file.seek(0)
    same = SimpleUploadedFile("回执.xlsx", file.read())
    answer = client.post(reverse("grants:payment_result", args=[batch.pk]), {"file": same}, follow=True)

    assert answer.redirect_chain == [(reverse("grants:payment", args=[batch.pk]), 302)]
    assert "不能重复导入" in answer.content.decode()
    assert PaymentBatch.objects.get().status == BatchStatus.SETTLED and BankResultImport.objects.count() == 1


def test_a_batch_asked_for_when_nothing_is_payable_is_a_message(client, operator, approved):
    payments.revoke_award(operator, approved, "提供虚假材料")
    client.force_login(operator)

    answer = client.post(reverse("grants:payments"), {"year": "2026"}, follow=True)

    assert answer.redirect_chain == [(f"{reverse('grants:payments')}?year=2026", 302)]
    assert "没有可拨付的支持事项" in answer.content.decode()
    assert not PaymentBatch.objects.exists()


def test_a_batch_refused_while_the_form_is_drawn_shows_the_reason_on_it(client, operator, approved):
    payments.create_batch(operator, year=2026)
    client.force_login(operator)

    answer = client.post(reverse("grants:payments"), {"year": "2026"})

    assert answer.status_code == 200 and 'id="batch-form"' in answer.content.decode()
    assert "没有可拨付的支持事项" in answer.content.decode()
    assert PaymentBatch.objects.count() == 1


def test_revoking_an_application_no_longer_approved_is_a_message(client, operator, approved):
    payments.revoke_award(operator, approved, "提供虚假材料")
    client.force_login(operator)

    answer = client.post(
        reverse("grants:revoke", args=[approved.pk]), {"reason": "再撤销", "everything": "on"}
    )

    assert answer.status_code == 302 and answer["Location"] == reverse(
        "grants:application", args=[approved.pk]
    )


def test_confirming_an_offer_past_the_deadline_is_a_message(
    client, operator, applicant_user, enterprise, call
):
    seller_contract_profile(enterprise)
    offer = offer_for(operator, call, enterprise)
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    client.force_login(applicant_user)

    answer = client.post(reverse("grants:offer_confirm", args=[offer.pk]), bank_for(enterprise), follow=True)

    assert answer.redirect_chain == [(reverse("grants:offer", args=[offer.pk]), 302)]
    assert "已于" in answer.content.decode() and "截止" in answer.content.decode()
