"""The event report names a deal opened from its meetings only to those who may see the deal
(hardtech.deals.permissions.can_view: the operator, the deal's team, its parties); a technology manager not on
the deal sees only how many there are — on the page, in the API and in the Excel export."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hardtech.accounts.models import Role, User
from hardtech.events.choices import OutcomeResult, Phase
from hardtech.events.services.outcomes import event_report, record_outcome
from support.deal_pages import client_as
from support.event_api import call
from support.event_outcomes import meeting, started
from support.event_schedule import to_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(users, event, supply, demand_side):
    day = to_phase(users["operator"], event, Phase.DAY)
    slot = started(day.sessions.order_by("starts_at").first().slots.order_by("index").first())
    m = meeting(supply, demand_side, slot, 1)
    record_outcome(users["enterprise"], m, OutcomeResult.START_DEAL)
    found = event_report(day).deals[0].deal
    assert found.lead == users["manager"]
    return found


@pytest.fixture
def outsider():
    """A technology manager who is not on the deal."""
    return User.objects.create_user("other-manager", password="pass-1234", role=Role.MANAGER)


def test_the_page_names_the_deal_only_to_who_may_see_it(users, event, deal, outsider):
    url = reverse("events:report", args=[event.pk])
    for who in (users["operator"], users["manager"]):
        page = client_as(who).get(url).content.decode()
        assert deal.code in page and deal.title in page and "report-deals-hidden" not in page
    page = client_as(outsider).get(url).content.decode()
    assert deal.code not in page and deal.title not in page
    assert "另有 1 个项目" in page and "（1）" in page


def test_the_api_counts_but_does_not_list_the_deal(client, users, event, deal, outsider):
    mine = call(client, "get", f"/{event.pk}/report", users["manager"]).data
    assert [d["code"] for d in mine["deals"]] == [deal.code] and mine["deals_hidden"] == 0
    theirs = call(client, "get", f"/{event.pk}/report", outsider).data
    assert theirs["deals"] == [] and theirs["deals_hidden"] == 1


def test_the_export_leaves_out_the_deal(users, event, deal, outsider):
    def cells(user) -> list:
        response = client_as(user).get(reverse("events:report_export", args=[event.pk]))
        book = load_workbook(BytesIO(response.content))
        return [
            c
            for name in ("洽谈", "技术转移项目")
            for row in book[name].iter_rows(values_only=True)
            for c in row
        ]

    assert deal.code in cells(users["operator"]) and deal.title in cells(users["manager"])
    theirs = cells(outsider)
    assert deal.code not in theirs and deal.title not in theirs
    assert any(isinstance(c, str) and "另有 1 个项目" in c for c in theirs)
