"""Broker performance figures against a hand-built set of deals: deals by stage, conversion, median days per
stage, contract amounts, landed companies, enterprises served, feedback means — per manager and per team, and
each figure equal to the deal list behind it."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.deals import performance as perf
from hardtech.deals.choices import ContractStatus, Landing, Stage
from hardtech.deals.models import Contract, Deal, DealMember, Feedback, StageVisit, TeamRole

YEAR = perf.Period(date(2026, 1, 1), date(2026, 12, 31))
_codes = iter(range(1, 10_000))


def at(month: int, day: int, year: int = 2026) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 10, 0))


def make_deal(lead, stage, opened, visits=(), buyers=(), **fields) -> Deal:
    """`visits`: (stage, entered, left or None) in order."""
    deal = Deal.objects.create(
        code=f"JYT{next(_codes):06d}", title="测试项目", lead=lead, stage=stage, opened_at=opened, **fields
    )
    deal.buyers.set(buyers)
    StageVisit.objects.bulk_create(
        StageVisit(deal=deal, stage=s, entered_at=entered, left_at=left) for s, entered, left in visits
    )
    return deal


def register(deal, registered_at, total, tech) -> Contract:
    return Contract.objects.create(
        deal=deal,
        project_name=deal.title,
        contract_type="consulting",
        buyer_name="买方",
        buyer_kind="enterprise",
        buyer_region="610131",
        seller_name="卖方",
        seller_kind="university",
        seller_region="610113",
        signed_on=registered_at.date(),
        valid_from=registered_at.date(),
        valid_to=registered_at.date(),
        total_amount=Decimal(total),
        technology_amount=Decimal(tech),
        payment_method="lump_sum",
        ip_type="none",
        tech_field="electronic_information",
        status=ContractStatus.REGISTERED,
        registered_at=registered_at,
    )


@pytest.fixture
def book(users, enterprise, other_enterprise):
    a = users[Role.MANAGER]
    b = User.objects.create_user("manager_b", password="x", role=Role.MANAGER, display_name="乙经理")
    d1 = make_deal(
        a,
        Stage.CLOSED,
        at(1, 1),
        [
            (Stage.INTRODUCED, at(1, 1), at(1, 11)),
            (Stage.NEGOTIATING, at(1, 11), at(1, 31)),
            (Stage.SIGNED, at(1, 31), at(2, 10)),
            (Stage.REGISTERED, at(2, 10), at(2, 20)),
            (Stage.IMPLEMENTING, at(2, 20), at(3, 1)),
            (Stage.LANDED, at(3, 1), at(4, 1)),
            (Stage.CLOSED, at(4, 1), None),
        ],
        buyers=[enterprise],
        landing=Landing.COMPANY,
        landed_company=enterprise,
        closed_at=at(4, 1),
    )
    register(d1, at(2, 10), "100.50", "80.25")
    Feedback.objects.create(deal=d1, side=Feedback.Side.BUYER, rating=5)
    Feedback.objects.create(deal=d1, side=Feedback.Side.SELLER, rating=4)
    d2 = make_deal(
        a,
        Stage.ENDED,
        at(1, 5),
        [
            (Stage.INTRODUCED, at(1, 5), at(1, 9)),
            (Stage.NEGOTIATING, at(1, 9), at(2, 8)),
            (Stage.ENDED, at(2, 8), at(2, 8)),
        ],
        buyers=[enterprise, other_enterprise],
        end_reason="price",
        closed_at=at(2, 8),
    )
    d3 = make_deal(a, Stage.INTRODUCED, at(2, 1), [(Stage.INTRODUCED, at(2, 1), None)])
    # Opened the year before: counts for contracts registered, enterprises served and feedback this year only.
    d4 = make_deal(
        a, Stage.SIGNED, at(6, 1, 2025), [(Stage.SIGNED, at(9, 1, 2025), None)], buyers=[enterprise]
    )
    register(d4, at(3, 1), "50", "50")
    d6 = make_deal(a, Stage.CLOSED, at(6, 1, 2025), closed_at=at(5, 1))
    Feedback.objects.create(deal=d6, side=Feedback.Side.BUYER, rating=2)
    # Outside the year altogether.
    make_deal(a, Stage.INTRODUCED, at(3, 1, 2025), [(Stage.INTRODUCED, at(3, 1, 2025), None)])
    d5 = make_deal(b, Stage.INTRODUCED, at(3, 3), [(Stage.INTRODUCED, at(3, 3), None)])
    role = TeamRole.objects.get_or_create(code="ip", defaults={"label": "知识产权"})[0]
    DealMember.objects.create(deal=d1, user=b, role=role)
    DealMember.objects.create(deal=d3, user=a, role=role)  # the lead as a member too: counted once
    return {"a": a, "b": b, "d1": d1, "d2": d2, "d3": d3, "d4": d4, "d5": d5, "d6": d6}


def test_deals_by_stage_and_conversion(book):
    f = perf.compute(YEAR)[book["a"].pk]
    assert f.opened == 3
    assert (f.by_stage[Stage.CLOSED], f.by_stage[Stage.ENDED], f.by_stage[Stage.INTRODUCED]) == (1, 1, 1)
    assert f.reached[Stage.INTRODUCED] == 3 and f.reached[Stage.NEGOTIATING] == 2
    assert f.conversion(Stage.INTRODUCED, Stage.NEGOTIATING) == Decimal("66.7")
    assert f.conversion(Stage.NEGOTIATING, Stage.SIGNED) == Decimal("50.0")
    assert f.conversion(Stage.SIGNED, Stage.REGISTERED) == Decimal("100.0")
    assert f.signing_rate == Decimal("33.3")


def test_median_days_per_stage_count_finished_stays(book):
    f = perf.compute(YEAR)[book["a"].pk]
    assert f.median_days(Stage.INTRODUCED) == Decimal("7.0")  # 10 and 4 days; d3 still there
    assert f.median_days(Stage.NEGOTIATING) == Decimal("25.0")  # 20 and 30
    assert f.median_days(Stage.SIGNED) == Decimal("10.0")
    assert f.median_days(Stage.LANDED) == Decimal("31.0")


def test_contracts_landed_served_and_feedback(book):
    f = perf.compute(YEAR)[book["a"].pk]
    assert f.contracts == 2
    assert f.contract_amount == Decimal("150.50") and isinstance(f.contract_amount, Decimal)
    assert f.technology_amount == Decimal("130.25") and str(f.contract_amount) == "150.50"
    assert f.landed == 1
    assert f.served == 2  # the two enterprises, once each
    assert f.rating(Feedback.Side.BUYER) == Decimal("3.50") and f.rating_count(Feedback.Side.BUYER) == 2
    assert f.rating(Feedback.Side.SELLER) == Decimal("4.00")


def test_team_scope_counts_the_specialist_deals_once(book):
    lead = perf.compute(YEAR, perf.LEAD)
    team = perf.compute(YEAR, perf.TEAM)
    b = book["b"].pk
    assert lead[b].opened == 1 and lead[b].contracts == 0
    assert team[b].opened == 2 and team[b].contracts == 1 and team[b].landed == 1
    assert team[b].technology_amount == Decimal("80.25")
    assert team[b].rating(Feedback.Side.BUYER) == Decimal("5.00")
    a = book["a"].pk
    assert team[a].opened == lead[a].opened == 3 and team[a].served == 2


def test_one_manager_alone_gives_the_same_figures(book):
    for scope in perf.SCOPES:
        everyone = perf.compute(YEAR, scope)
        for key in ("a", "b"):
            alone = perf.compute(YEAR, scope, [book[key].pk])[book[key].pk]
            for figures in (alone, everyone[book[key].pk]):
                figures.stays = {s: sorted(days) for s, days in figures.stays.items()}  # rows come unordered
            assert alone == everyone[book[key].pk]


@pytest.mark.parametrize("scope", list(perf.SCOPES))
def test_every_figure_equals_its_deal_list(book, scope):
    for key in ("a", "b"):
        uid = book[key].pk
        f = perf.compute(YEAR, scope)[uid]
        assert perf.behind("opened", YEAR, uid, scope).count() == f.opened
        for stage in perf.ALL_STAGES:
            assert perf.behind("opened", YEAR, uid, scope, stage).count() == f.by_stage[stage]
            assert perf.behind("reached", YEAR, uid, scope, stage).count() == f.reached[stage]
        assert perf.behind("contract", YEAR, uid, scope).count() == f.contracts
        assert perf.behind("landed", YEAR, uid, scope).count() == f.landed
        feedback_deals = perf.behind("feedback", YEAR, uid, scope)
        assert (
            sum(f.rating_count(s) for s in Feedback.Side)
            == Feedback.objects.filter(deal__in=feedback_deals).count()
        )
        served = perf.behind("served", YEAR, uid, scope)
        assert Deal.buyers.through.objects.filter(deal__in=served).values(
            "organisation"
        ).distinct().count() == (f.served)


def test_another_period_moves_the_figures(book):
    f = perf.compute(perf.Period(date(2026, 2, 1), date(2026, 2, 28)))[book["a"].pk]
    assert f.opened == 1  # d3
    assert f.contracts == 1 and f.technology_amount == Decimal("80.25")
    assert f.landed == 0 and f.rating_count(Feedback.Side.BUYER) == 0


def test_ranking_sorts_by_each_column_with_missing_values_last(book):
    rows = perf.ranking(YEAR, sort="technology_amount")
    assert rows[0].manager == book["a"]
    assert [r.manager for r in perf.ranking(YEAR, sort="opened", descending=False)][0] == book["b"]
    buyer = perf.ranking(YEAR, sort="rating_buyer", descending=False)
    assert buyer[0].manager == book["a"] and buyer[-1].figures.rating(Feedback.Side.BUYER) is None
    for column in perf.COLUMNS:
        assert {r.manager.pk for r in perf.ranking(YEAR, sort=column.key)} == {book["a"].pk, book["b"].pk}
