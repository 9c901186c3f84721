"""The application page's 审定结果 part: the operator sees the decisions from the formal check on, with the
link to decide; the applicant only once the application is concluded."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from hardtech.grants import decisions
from support.grant_applications import checked_application
from support.grant_reviews import decided, item_of, published

pytestmark = pytest.mark.django_db


def _render(app, is_operator: bool) -> str:
    items = list(app.items.all())
    context = {
        "application": app,
        "items": items,
        "balances": {},
        "is_operator": is_operator,
        "show_bank": True,
    }
    return render_to_string("grants/_application_decision.html", context)


def test_the_operator_sees_decisions_in_progress_and_the_link(operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6", "7"])
    decisions.decide(operator, item_of(app, "6"), approve=True, amount=Decimal("38.00"), reason="按实核定")
    body = _render(app, is_operator=True)
    assert "38.00" in body and "按实核定" in body and 'id="decide-link"' in body
    assert _render(app, is_operator=False).strip() == ""


def test_the_applicant_sees_the_concluded_decision_and_its_notice(operator, applicant_user, applicant, call):
    app = decided(applicant_user, operator, call, applicant, {"6": "40.00"})
    notice = published(operator, call)
    app.refresh_from_db()
    body = _render(app, is_operator=False)
    assert "拟支持" in body and "40.00" in body and notice.title in body
    assert 'id="decide-link"' not in body
