"""An application the operator ends as 不予支持 after deciding its items (the workflow's reject from 已审定) no
longer holds any of the annual cap (第五条): its decisions to approve were never paid and never will be."""

from decimal import Decimal

from hardtech.grants import ledger
from hardtech.grants.choices import ApplicationStatus, Mode, Route
from support.grant_awards import award, item_of
from support.grant_fixtures import open_call


def test_a_rejected_applications_decisions_do_not_count(operator, call, applicant):
    award(operator, call, applicant, {"8": "200.00"}, post=False, status=ApplicationStatus.REJECTED)
    assert ledger.committed(applicant.pk, call.policy, call.year) == Decimal("0.00")


def test_they_leave_room_for_an_offer_of_the_year(operator, call, applicant):
    award(
        operator,
        call,
        applicant,
        {"8": "200.00", "9": "100.00", "7": "50.00", "12": "100.00", "13": "50.00"},
        post=False,
        status=ApplicationStatus.REJECTED,
    )
    offers = open_call(operator, modes={"11": Mode.NO_APPLICATION}, documents=False)
    offer = award(operator, offers, applicant, {"11": "150.00"}, post=False, route=Route.OFFER)
    ledger.approve(operator, item_of(offer, "11"), Decimal("150.00"))
    assert ledger.balances(item_of(offer, "11")).approved == Decimal("150.00")
