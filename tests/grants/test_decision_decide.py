"""审定: the operator approves an item with an amount and a reason, never above the engine's amount on the
applicant's current data nor beyond the annual cap; reviewed articles only once their round is closed."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.core.workflow import WrongState
from hardtech.grants import decisions
from hardtech.grants.choices import Decision
from hardtech.policies.models import TechContract, YearFigures
from support.grant_applications import checked_application, submitted_application
from support.grant_fixtures import capped_profile, open_call
from support.grant_reviews import decided, item_of, reviewed, second_applicant
from support.round_helpers import RUBRIC

pytestmark = pytest.mark.django_db


def test_approve_records_amount_reason_and_who(operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6"])
    item = decisions.decide(
        operator, item_of(app, "6"), approve=True, amount=Decimal("35.50"), reason="材料属实"
    )
    item.refresh_from_db()
    assert item.decision == Decision.APPROVED
    assert item.approved_amount == Decimal("35.50")
    assert item.decision_reason == "材料属实"
    assert item.decided_by == operator and item.decided_at is not None


def test_above_the_engine_amount_is_refused(operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6"])
    with pytest.raises(ValidationError, match="超过第6条测算上限 40.00 万元"):
        decisions.decide(operator, item_of(app, "6"), approve=True, amount=Decimal("40.01"), reason="x")
    assert item_of(app, "6").decision == Decision.PENDING


def test_the_cap_follows_the_applicant_s_current_data(operator, applicant_user, applicant, call):
    """第八条 pays 6% of last year's R&D: 60.00 at submission; the figure is corrected to 900, so 54.00 now."""
    app = checked_application(applicant_user, operator, call, applicant, articles=["8"])
    app.items.filter(article="8").update(mode="instant")
    YearFigures.objects.filter(profile__organisation=applicant, year=2025).update(rd_expense=Decimal("900"))
    with pytest.raises(ValidationError, match="测算上限 54.00 万元"):
        decisions.decide(operator, item_of(app, "8"), approve=True, amount=Decimal("60.00"), reason="x")
    item = item_of(app, "8")
    assert (item.requested, item.computed, item.change) == (
        Decimal("60.00"),
        Decimal("54.00"),
        Decimal("-6.00"),
    )


def test_reason_and_amount_are_required(operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6"])
    with pytest.raises(ValidationError) as no_reason:
        decisions.decide(operator, item_of(app, "6"), approve=False, reason="  ")
    assert no_reason.value.message_dict == {"reason": ["请填写审定理由"]}
    with pytest.raises(ValidationError) as no_amount:
        decisions.decide(operator, item_of(app, "6"), approve=True, amount=None, reason="符合")
    assert "amount" in no_amount.value.message_dict


def test_the_annual_cap_counts_other_calls_of_the_year(operator, applicant_user, applicant):
    """capped_profile counts 500.00 (the cap) and a sold licence adds 第十一条 20.00: 450.00 decided in one call
    leave 50.00 for 第七条 and 第十一条 in another."""
    capped_profile(applicant)
    TechContract.objects.create(
        profile=applicant.applicant_profile,
        contract_no="2025610100000999",
        role="seller",
        type="license",
        date=date(2025, 5, 6),
        paid_amount=Decimal("1000"),
        counterparty_kind="enterprise",
    )
    first = open_call(
        operator, modes={"8": "instant", "9": "instant", "12": "instant", "13": "instant"}, documents=False
    )
    second = open_call(operator, modes={"7": "instant", "11": "instant"}, documents=False)
    decided(
        applicant_user,
        operator,
        first,
        applicant,
        {"8": "200.00", "9": "100.00", "12": "100.00", "13": "50.00"},
    )
    app = checked_application(applicant_user, operator, second, applicant, articles=["7", "11"])
    assert decisions.remaining_cap(item_of(app, "7")) == Decimal("50.00")
    decisions.decide(operator, item_of(app, "7"), approve=True, amount=Decimal("40.00"), reason="年度上限内")
    with pytest.raises(ValidationError, match="超过年度支持上限 500.*最多可核定 10.00 万元"):
        decisions.decide(operator, item_of(app, "11"), approve=True, amount=Decimal("20.00"), reason="x")
    decisions.decide(operator, item_of(app, "11"), approve=True, amount=Decimal("10.00"), reason="年度上限内")
    assert item_of(app, "11").approved_amount == Decimal("10.00")


def test_reviewed_articles_wait_for_the_closed_round(operator, applicant_user, applicant, call):
    other, other_user = second_applicant()
    app = checked_application(applicant_user, operator, call, applicant, articles=["8"])
    rival = checked_application(other_user, operator, call, other, articles=["8"])
    with pytest.raises(ValidationError, match="尚未提交专家评审"):
        decisions.decide(operator, item_of(app, "8"), approve=True, amount=Decimal("60.00"), reason="x")
    reviewed(operator, call, [app, rival], {app.pk: 8, rival.pk: 6})
    item = decisions.decide(
        operator, item_of(app, "8"), approve=True, amount=Decimal("60.00"), reason="评审第一"
    )
    assert item.decision == Decision.APPROVED


def test_an_open_round_blocks_the_decision(operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["9"])
    decisions.send_to_review(operator, call, [app], title="评审", criteria=RUBRIC)
    with pytest.raises(ValidationError, match="尚未结束"):
        decisions.decide(operator, item_of(app, "9"), approve=False, reason="x")


def test_only_the_operator_decides_and_only_checked_applications(operator, applicant_user, applicant, call):
    app = submitted_application(applicant_user, call, applicant, articles=["6"])
    with pytest.raises(PermissionDenied):
        decisions.decide(applicant_user, item_of(app, "6"), approve=False, reason="x")
    with pytest.raises(WrongState):
        decisions.decide(operator, item_of(app, "6"), approve=False, reason="x")
