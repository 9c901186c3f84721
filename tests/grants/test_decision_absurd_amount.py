"""An absurd 核定金额 (1e400, NaN, Infinity, text) is refused with the reason, never a server error."""

import pytest

from hardtech.grants import decisions
from hardtech.grants.models import ApplicationItem
from support.api_calls import api_of
from support.grant_applications import checked_application

pytestmark = pytest.mark.django_db
api = api_of("/api/grants")


@pytest.mark.parametrize("amount", ["1e400", "NaN", "Infinity", "sNaN", "四十", 1e300])
def test_absurd_amounts_are_422(client, operator, applicant_user, applicant, call, amount):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6"])
    item = app.items.get(article="6")
    body = {"item": item.pk, "approve": True, "amount": amount, "reason": "符合条件"}
    response = api(client, "post", "/decisions", operator, body)
    assert response.status_code == 422, response.content
    item.refresh_from_db()
    assert item.approved_amount is None


@pytest.mark.parametrize("amount", ["1e400", "NaN", "-Infinity"])
def test_the_service_names_the_amount(operator, applicant_user, applicant, call, amount):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6"])
    item = ApplicationItem.objects.get(application=app, article="6")
    with pytest.raises(decisions.ValidationError) as refused:
        decisions.decide(operator, item, approve=True, amount=amount, reason="符合条件")
    assert "核定金额" in str(refused.value)
