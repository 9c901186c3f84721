"""The operator's counts on the hub and the call page are split by route (申报 / 免申即享), each linked to the
list behind it: applications to the desk filtered by status, offers to the offers page."""

import pytest
from django.urls import reverse

from hardtech.grants.choices import ApplicationStatus, Route
from support.call_helpers import applied

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(call, applicant, other_enterprise):
    applied(call, applicant, ("6",), number="SB2026000001")
    applied(call, other_enterprise, ("11",), status=ApplicationStatus.OFFERED, route=Route.OFFER)
    return call


def test_counts_by_route_with_links(client, operator, counted):
    client.force_login(operator)
    desk = reverse("grants:desk", args=[counted.pk]) + "?status=submitted"
    offers = reverse("grants:call_offers", args=[counted.pk])
    for url in (reverse("grants:index"), reverse("grants:call", args=[counted.pk])):
        page = client.get(url).content.decode()
        assert f'href="{desk}"' in page and f'href="{offers}"' in page
        assert "<b>申报</b>" in page and "<b>免申即享</b>" in page
    listed = client.get(desk).content.decode()
    assert "SB2026000001" in listed
