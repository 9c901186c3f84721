"""Once the ledger has paid an award, the application page says 已拨付 with the amount (from the ledger's
balances, not from the status)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hardtech.grants import ledger
from hardtech.grants.models import PaymentBatch
from support.grant_applications import checked_application

pytestmark = pytest.mark.django_db


def test_paid_amount_shown(client, operator, applicant_user, call, applicant):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6", "7"])
    six, seven = app.items.get(article="6"), app.items.get(article="7")
    ledger.approve(operator, six, Decimal("40.00"))
    ledger.approve(operator, seven, Decimal("10.00"))
    batch = PaymentBatch.objects.create(number="BF2026001", year=2026, created_by=operator)
    ledger.send(operator, batch, [(six, Decimal("40.00")), (seven, Decimal("10.00"))])
    ledger.settle(operator, batch, six, Decimal("40.00"), paid=True)
    client.force_login(applicant_user)
    page = client.get(reverse("grants:application", args=[app.pk])).content.decode()
    assert "已拨付 40.00 万元" in page
    ledger.settle(operator, batch, seven, Decimal("10.00"), paid=True)
    page = client.get(reverse("grants:application", args=[app.pk])).content.decode()
    assert "已拨付 50.00 万元" in page


def test_nothing_paid_says_nothing(client, operator, applicant_user, call, applicant):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6"])
    ledger.approve(operator, app.items.get(), Decimal("40.00"))
    client.force_login(applicant_user)
    assert 'id="paid-total"' not in client.get(reverse("grants:application", args=[app.pk])).content.decode()
