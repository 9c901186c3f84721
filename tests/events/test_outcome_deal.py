"""发起技术转移项目 opens one deal per meeting through the deals services: both parties, the supply side's offers
and the demand side's seeks, the meeting's notes and page in the summary, source 对接活动, and a lead by the rule
of hardtech.events.services.outcomes (the recording manager, the proposing manager, the least-loaded one)."""

import pytest
from django.core.exceptions import ValidationError

from hardtech.accounts.models import Role, User
from hardtech.deals.choices import Source
from hardtech.deals.models import Deal
from hardtech.events.choices import OutcomeResult, ParticipantType, Phase
from hardtech.events.services.outcomes import record_outcome, seller_and_buyer
from hardtech.notifications.models import Notification
from support.deal_pages import make_deal
from support.event_outcomes import meeting, started
from support.event_schedule import participant, to_phase


@pytest.fixture
def day(users, event):
    return to_phase(users["operator"], event, Phase.DAY)


@pytest.fixture
def talk(day, supply, demand_side, achievement, demand):
    supply.offers.set([achievement])
    demand_side.seeks.set([demand])
    slot = started(day.sessions.first().slots.first())
    return meeting(demand_side, supply, slot, table=3, notes="双方约定先做小批量验证")


def test_start_deal_opens_a_deal_with_both_parties(users, talk, university, enterprise, achievement, demand):
    outcome = record_outcome(users["enterprise"], talk, OutcomeResult.START_DEAL, "尽快签保密协议")
    deal = outcome.deal
    assert deal is not None and deal.source == Source.EVENT
    assert list(deal.sellers.all()) == [university] and list(deal.buyers.all()) == [enterprise]
    assert list(deal.achievements.all()) == [achievement] and list(deal.demands.all()) == [demand]
    assert "双方约定先做小批量验证" in deal.summary and "尽快签保密协议" in deal.summary
    assert f"/events/{talk.event_id}/meetings/{talk.pk}/outcome/" in deal.summary
    assert deal.lead == users["manager"]  # the only active manager
    assert deal.title == f"{achievement.title}（{enterprise.name}）"


def test_both_sides_hear_of_the_deal(users, talk):
    outcome = record_outcome(users["enterprise"], talk, OutcomeResult.START_DEAL)
    told = Notification.objects.filter(recipient=users["institution"])
    assert told.filter(kind="event.outcome", title__contains=outcome.deal.code).exists()
    assert told.filter(title__contains="新的技术转移项目").exists()
    assert Notification.objects.filter(
        recipient=users["enterprise"], title__contains="新的技术转移项目"
    ).exists()


def test_one_deal_per_meeting(users, talk, supply):
    first = record_outcome(users["enterprise"], talk, OutcomeResult.START_DEAL)
    second = record_outcome(users["institution"], talk, OutcomeResult.START_DEAL)
    assert second.deal == first.deal and Deal.objects.count() == 1
    record_outcome(users["institution"], talk, OutcomeResult.FOLLOW_UP)
    record_outcome(users["institution"], talk, OutcomeResult.START_DEAL)
    assert Deal.objects.count() == 1
    assert talk.outcomes.get(registration=supply).deal == first.deal


def test_changing_away_keeps_the_deal(users, talk):
    opened = record_outcome(users["enterprise"], talk, OutcomeResult.START_DEAL).deal
    changed = record_outcome(users["enterprise"], talk, OutcomeResult.FOLLOW_UP)
    assert changed.deal == opened and Deal.objects.filter(pk=opened.pk).exists()


def test_lead_is_the_proposing_manager(users, day, supply, demand_side):
    proposer = User.objects.create_user("proposer", password="pass-1234", role=Role.MANAGER)
    talk = meeting(supply, demand_side, started(day.sessions.first().slots.first()), proposed_by=proposer)
    deal = record_outcome(users["institution"], talk, OutcomeResult.START_DEAL).deal
    assert deal.lead == proposer and deal.created_by == users["operator"]  # the organiser opens it


def test_lead_is_the_least_loaded_manager(users, talk, university, enterprise):
    busy, idle = users["manager"], User.objects.create_user("idle", password="pass-1234", role=Role.MANAGER)
    make_deal(busy, title="已有项目", sellers=[university], buyers=[enterprise])
    deal = record_outcome(users["enterprise"], talk, OutcomeResult.START_DEAL).deal
    assert deal.lead == idle


def test_operator_recording_lets_the_proposer_lead(users, talk, supply):
    other = User.objects.create_user("other", password="pass-1234", role=Role.MANAGER)
    talk.request.proposed_by = other
    talk.request.save()
    # a manager is no side of the meeting and may not record; the operator may, and the proposer leads
    deal = record_outcome(users["operator"], talk, OutcomeResult.START_DEAL, side=supply).deal
    assert deal.lead == other and deal.created_by == users["operator"]


def test_no_active_manager(users, talk):
    User.objects.filter(role=Role.MANAGER).update(is_active=False)
    with pytest.raises(ValidationError, match="技术经理人"):
        record_outcome(users["enterprise"], talk, OutcomeResult.START_DEAL)
    assert not Deal.objects.exists() and not talk.outcomes.exists()


def test_sides_without_a_supply_side(users, day):
    a = participant(day, "投资一", ParticipantType.INVESTOR)
    b = participant(day, "企业一", ParticipantType.DEMAND)
    c = participant(day, "投资二", ParticipantType.INVESTOR)
    slot = started(day.sessions.first().slots.first())
    assert seller_and_buyer(meeting(b, a, slot, table=1)) == (a, b)
    with pytest.raises(ValidationError, match="无法判断"):
        seller_and_buyer(meeting(a, c, slot, table=2))
