"""reassess(): an application's items follow the applicant's data; the ones whose amount moved are reported with
before and after, and every item's stored explanation, missing data and time are refreshed."""

from decimal import Decimal

import pytest

from hardtech.grants.assessment import reassess
from hardtech.grants.models import Application, ApplicationItem
from hardtech.policies.models import YearFigures

pytestmark = pytest.mark.django_db


def _application(call, applicant, articles=("6", "8")):
    app = Application.objects.create(call=call, applicant=applicant)
    for number in articles:
        ApplicationItem.objects.create(
            application=app, article=number, title=number, mode="instant", computed=Decimal("1.00")
        )
    return app


def test_items_take_the_engines_amounts(call, applicant):
    app = _application(call, applicant)
    changes = reassess(app)
    assert {(c.article, c.before, c.after) for c in changes} == {
        ("6", Decimal("1.00"), Decimal("40.00")),
        ("8", Decimal("1.00"), Decimal("60.00")),
    }
    eight = app.items.get(article="8")
    assert eight.computed == Decimal("60.00") and eight.computed_at is not None
    assert "研发费用补助" in eight.explanation


def test_a_data_change_is_reported_with_the_difference(call, applicant):
    app = _application(call, applicant)
    reassess(app)
    YearFigures.objects.filter(profile__organisation=applicant, year=2025).update(rd_expense=Decimal("1500"))
    changes = reassess(app)
    [change] = [c for c in changes if c.article == "8"]
    assert (change.before, change.after, change.difference) == (
        Decimal("60.00"),
        Decimal("90.00"),
        Decimal("30.00"),
    )
    assert app.items.get(article="8").computed == Decimal("90.00")


def test_nothing_changed_reports_nothing(call, applicant):
    app = _application(call, applicant)
    reassess(app)
    assert reassess(app) == []


def test_missing_data_is_stored_on_the_item(call, applicant):
    app = _application(call, applicant, articles=("8",))
    YearFigures.objects.filter(profile__organisation=applicant, year=2025).delete()
    [change] = reassess(app)
    item = app.items.get()
    assert change.after == Decimal("0.00")
    assert any("2025年度研发费用" in m for m in item.missing)
