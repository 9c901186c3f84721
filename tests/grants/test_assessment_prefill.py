"""assess(): each open article of the call with the engine's amount, exempt part, explanation and missing data,
on the applicant's 一企一档 — or on nothing, when no profile is on file."""

from decimal import Decimal

import pytest

from hardtech.grants.assessment import assess
from hardtech.grants.choices import Mode
from support.grant_fixtures import capped_profile, open_call

pytestmark = pytest.mark.django_db


def test_every_open_article_with_the_engines_amount(call, applicant):
    a = assess(call, applicant)
    assert [x.article for x in a.articles] == ["6", "7", "8", "9", "10", "11", "12", "13"]
    amounts = {x.article: x.amount for x in a.articles if x.pays}
    assert amounts == {
        "6": Decimal("40.00"),
        "7": Decimal("10.00"),
        "8": Decimal("60.00"),
        "9": Decimal("30.00"),
    }
    assert a.on_file and a.eligible
    assert a.total == Decimal("140.00")


def test_explanation_and_mode_per_article(call, applicant):
    eight = assess(call, applicant).article("8")
    assert eight.mode == Mode.REVIEWED and eight.mode_label == "评审后兑现"
    assert eight.explanation.startswith("第八条 研发费用补助：支持 60")
    assert "6%" in eight.explanation
    assert eight.missing == ()


def test_offer_articles_are_not_applied_for(call, applicant):
    a = assess(call, applicant)
    assert "11" not in [x.article for x in a.applicable]
    assert a.article("11").by_offer


def test_without_a_profile_everything_is_missing(operator, other_enterprise):
    call = open_call(operator)
    a = assess(call, other_enterprise)
    assert not a.on_file
    assert a.total == Decimal("0.00")
    six = a.article("6")
    assert six.missing and "注册地在本区" in six.missing
    assert "注册地在本区" in a.missing


def test_exempt_part_of_a_national_key_lab(operator, other_enterprise):
    capped_profile(other_enterprise)
    ten = assess(open_call(operator), other_enterprise).article("10")
    assert ten.amount == Decimal("500.00")
    assert ten.exempt == Decimal("500.00")
