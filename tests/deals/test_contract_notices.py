"""Who hears of the registrar's steps on a contract (returned, registered, corrected): the deal's team as it
stands now. A specialist who drafted the record and was then taken off the team hears nothing more."""

from decimal import Decimal

import pytest

from hardtech.accounts.models import Role, User
from hardtech.deals import contracts, permissions, services
from hardtech.deals.models import TeamRole
from hardtech.notifications.models import Notification
from support.contract_helpers import form_fields, signed


@pytest.fixture
def specialist(db):
    return User.objects.create_user("contract_specialist", password="pass-1234", role=Role.MANAGER)


def _contract_notices(user) -> list[str]:
    titles = Notification.objects.filter(recipient=user).values_list("title", flat=True)
    return [t for t in titles if "技术合同" in t]


def test_a_drafter_taken_off_the_team_hears_no_more(deal, users, specialist):
    services.add_member(users["manager"], deal, specialist, TeamRole.objects.first())
    deal = signed(deal, users)
    contract = contracts.draft_contract(
        specialist, deal, form_fields(), [("equipment", "设备", Decimal("10"))]
    )
    services.remove_member(users["manager"], deal.members.get(user=specialist))
    specialist = User.objects.get(pk=specialist.pk)  # fresh grants
    assert not permissions.can_view(specialist, deal)

    contract = contracts.submit(users["manager"], contract)
    contract = contracts.return_for_correction(users["registrar"], contract, "买方信用代码有误，请补正")
    contract = contracts.submit(users["manager"], contract)
    contract = contracts.register(users["registrar"], contract)
    contracts.correct(users["registrar"], contract, {"paid_amount": Decimal("40")}, reason="以银行回单为准")

    assert _contract_notices(specialist) == []
    lead_heard = _contract_notices(users["manager"])
    assert any("退回补正" in t for t in lead_heard)
    assert any("已登记" in t for t in lead_heard)
    assert any("已更正" in t for t in lead_heard)
