"""Suggestions: the matching engine ranks the event's other approved participants for a registration — its
achievements against their demands and vice versa, else by their own words — each with the engine's
explanation; never the registration's own organisation, nor a participant it already has a request with."""

import pytest

from hardtech.events.choices import ParticipantType
from hardtech.events.services import requests
from hardtech.matching import services as matching
from support.event_fixtures import approved


@pytest.fixture
def listed(users, supply, demand_side, achievement, demand):
    supply.offers.set([achievement])
    demand_side.seeks.set([demand])
    matching.rebuild()
    return supply, demand_side


def test_listing_match_with_explanation(listed):
    supply, demand_side = listed
    (first,) = requests.suggestions(supply)
    assert first.registration == demand_side and first.basis == "listings"
    assert "高功率半导体激光器芯片封装技术" in first.reason and "激光器散热模组热阻降低" in first.reason
    assert first.sentence and first.confidence in ("高", "中", "低") and first.score > 0
    (back,) = requests.suggestions(demand_side)
    assert back.registration == supply and "可解决您的需求" in back.reason


def test_falls_back_to_interests_without_listings(users, event, listed, other_enterprise):
    supply, _ = listed
    no_listings = approved(event, other_enterprise, users["operator"], ParticipantType.DEMAND)
    no_listings.interests = "寻找半导体激光器封装工艺合作"
    no_listings.save()
    found = {s.registration: s for s in requests.suggestions(supply)}
    assert found[no_listings].basis == "interests"
    assert "对接意向" in found[no_listings].reason and found[no_listings].sentence
    order = [s.basis for s in requests.suggestions(supply)]
    assert order == ["listings", "interests"]


def test_excludes_own_organisation_and_existing_requests(users, listed):
    supply, demand_side = listed
    assert all(s.registration.organisation_id != supply.organisation_id for s in requests.suggestions(supply))
    requests.send_request(users["enterprise"], demand_side, supply)
    assert requests.suggestions(supply) == []
    assert requests.suggestions(demand_side) == []


def test_not_approved_participants_are_not_suggested(listed):
    supply, demand_side = listed
    demand_side.status = "pending"
    demand_side.save()
    assert requests.suggestions(supply) == []


def test_without_match_index_words_still_rank(users, supply, demand_side):
    supply.interests = "激光器封装 散热"
    demand_side.interests = "激光器散热模组"
    supply.save()
    demand_side.save()
    (only,) = requests.suggestions(supply)
    assert only.registration == demand_side and only.basis == "interests"
    assert only.sentence.startswith("对方的对接意向与您的意向在") and "激光器" in "、".join(only.terms)
