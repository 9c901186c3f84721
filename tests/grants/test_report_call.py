"""The call's report: status counts, money from the ledger, take-up per article (offers for 免申即享), per
applicant; and the applicant's history across calls with the annual cap used."""

from decimal import Decimal

import pytest

from hardtech.grants import offers, reports
from hardtech.grants.choices import ApplicationStatus, Route
from hardtech.grants.models import Application, ApplicationItem
from support.grant_awards import award, item_of
from support.grant_fixtures import open_call
from support.offer_fixtures import pay, seller_contract_profile

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def scene(operator, users, enterprise, other_enterprise):
    """enterprise: an application approved 40 + 60, 40 of it paid; other_enterprise: a confirmed offer of 20.00
    (第十一条) and a draft asking 30 (not counted as requested)."""
    call = open_call(operator)
    app = award(operator, call, enterprise, {"6": "40.00", "8": "60.00"})
    pay(operator, item_of(app, "6"), "40.00")
    seller_contract_profile(other_enterprise)
    offers.make_offers(operator, call)
    offer = Application.objects.get(applicant=other_enterprise, route=Route.OFFER)
    Application.objects.filter(pk=offer.pk).update(status=ApplicationStatus.CONFIRMED)
    draft = Application.objects.create(call=call, applicant=other_enterprise)
    ApplicationItem.objects.create(
        application=draft, article="7", title="专精特新", mode="instant", requested=30
    )
    return call


def test_totals_come_from_the_ledger_and_requested_counts_only_what_was_asked_for(scene):
    report = reports.call_report(scene)

    t = report.totals
    assert (t.requested, t.approved, t.paid, t.outstanding, t.receivable) == (
        D("120.00"),
        D("100.00"),
        D("40.00"),
        D("60.00"),
        D("0.00"),
    )
    assert {(s, n) for s, _, n in report.by_status} == {
        (ApplicationStatus.APPROVED, 1),
        (ApplicationStatus.CONFIRMED, 1),
        (ApplicationStatus.DRAFT, 1),
    }


def test_take_up_per_article_counts_applicants_and_offers(scene, other_enterprise, applicant_user):
    rows = {a.article: a for a in reports.call_report(scene).articles}

    assert (rows["6"].applicants, rows["6"].totals.paid, rows["6"].totals.outstanding) == (
        1,
        D("40.00"),
        D("0"),
    )
    assert (rows["8"].totals.approved, rows["8"].totals.outstanding) == (D("60.00"), D("60.00"))
    assert rows["7"].applicants == 0 and rows["7"].totals.requested == 0  # only a draft asks for it
    eleven = rows["11"]
    assert eleven.is_offer and (eleven.offers_made, eleven.offers_confirmed, eleven.offers_declined) == (
        1,
        1,
        0,
    )
    assert (eleven.applicants, eleven.totals.requested, eleven.totals.approved) == (1, D("20.00"), D("0"))
    assert not rows["6"].is_offer


def test_per_applicant_rows_add_up_to_the_call(scene, enterprise, other_enterprise):
    report = reports.call_report(scene)

    per = {org.pk: t for org, t in report.applicants}
    assert (per[enterprise.pk].approved, per[enterprise.pk].paid) == (D("100.00"), D("40.00"))
    assert (per[other_enterprise.pk].requested, per[other_enterprise.pk].approved) == (D("20.00"), D("0"))
    assert sum(t.requested for t in per.values()) == report.totals.requested


def test_a_declined_offer_is_counted_as_declined_and_not_requested(operator, users, other_enterprise):
    call = open_call(operator)
    seller_contract_profile(other_enterprise)
    offers.make_offers(operator, call)
    offer = Application.objects.get(applicant=other_enterprise)
    Application.objects.filter(pk=offer.pk).update(status=ApplicationStatus.DECLINED)

    [eleven] = [a for a in reports.call_report(call).articles if a.article == "11"]

    assert (eleven.offers_made, eleven.offers_confirmed, eleven.offers_declined) == (1, 0, 1)
    assert eleven.totals.requested == 0 and eleven.applicants == 0


def test_the_applicants_history_spans_calls_with_the_annual_cap_used(operator, enterprise):
    this_year = open_call(operator)
    last_year = open_call(operator, year=2025)
    award(operator, last_year, enterprise, {"6": "40.00"})
    app = award(operator, this_year, enterprise, {"8": "60.00", "10": "500.00"})  # 第十条 does not count
    pay(operator, item_of(app, "8"), "60.00")

    report = reports.applicant_report(enterprise)

    assert [r.application.call.year for r in report.rows] == [2026, 2025]
    assert (report.totals.approved, report.totals.paid) == (D("600.00"), D("60.00"))
    caps = {c.year: c for c in report.caps}
    assert (caps[2026].counted, caps[2026].cap, caps[2026].left) == (D("60.00"), D("500"), D("440.00"))
    assert caps[2025].counted == D("40.00")


def test_the_applicant_report_is_the_operators_or_the_applicants_own(users, enterprise, other_enterprise):
    assert reports.can_view_applicant(users["operator"], other_enterprise)
    assert reports.can_view_applicant(users["enterprise"], enterprise)
    assert not reports.can_view_applicant(users["enterprise"], other_enterprise)
    assert not reports.can_view_applicant(users["expert"], enterprise)
