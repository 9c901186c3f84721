"""The team on the deal's page: the lead and the operator add and remove specialists (active technology
managers) and hand the lead on; the others may not."""

import pytest
from django.urls import reverse

from hardtech.accounts import grants
from hardtech.accounts.models import Role, User
from hardtech.deals.models import DealMember, TeamRole
from hardtech.deals.permissions import DEAL_LEAD, DEAL_SPECIALIST
from support.deal_pages import client_as, shown_messages

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(db):
    return User.objects.create_user("ip_manager", password="x", role=Role.MANAGER, display_name="知产专员")


def test_lead_adds_and_removes_a_specialist(users, deal, colleague):
    client = client_as(users[Role.MANAGER])
    role = TeamRole.objects.get(code="ip")
    response = client.post(
        reverse("deals:member_add", args=[deal.pk]), {"user": colleague.pk, "role": role.pk}, follow=True
    )
    membership = DealMember.objects.get(deal=deal, user=colleague)
    assert grants.has_grant(colleague, DEAL_SPECIALIST, deal)
    assert any("已加入项目团队" in m for m in shown_messages(response))
    assert client_as(colleague).get(reverse("deals:detail", args=[deal.pk])).status_code == 200
    client.post(reverse("deals:member_remove", args=[deal.pk, membership.pk]))
    assert not DealMember.objects.filter(pk=membership.pk).exists()
    colleague = User.objects.get(pk=colleague.pk)  # fresh grants
    assert client_as(colleague).get(reverse("deals:detail", args=[deal.pk])).status_code == 404


def test_only_managers_join(users, deal):
    role = TeamRole.objects.first()
    response = client_as(users[Role.MANAGER]).post(
        reverse("deals:member_add", args=[deal.pk]),
        {"user": users[Role.ENTERPRISE].pk, "role": role.pk},
        follow=True,
    )
    assert not DealMember.objects.filter(deal=deal).exists()
    assert any("技术经理人" in m for m in shown_messages(response))


def test_others_may_not_change_the_team(users, deal, colleague):
    role = TeamRole.objects.first()
    data = {"user": colleague.pk, "role": role.pk}
    assert (
        client_as(users[Role.ENTERPRISE]).post(reverse("deals:member_add", args=[deal.pk]), data).status_code
        == 403
    )
    assert (
        client_as(users[Role.EXPERT]).post(reverse("deals:member_add", args=[deal.pk]), data).status_code
        == 404
    )
    assert client_as(colleague).post(reverse("deals:member_add", args=[deal.pk]), data).status_code == 404


def test_operator_hands_the_lead_on(users, deal, colleague):
    client_as(users[Role.OPERATOR]).post(reverse("deals:lead_change", args=[deal.pk]), {"lead": colleague.pk})
    deal.refresh_from_db()
    assert deal.lead == colleague and grants.has_grant(colleague, DEAL_LEAD, deal)
    # The former lead is off the team and no longer sees the deal.
    former = User.objects.get(pk=users[Role.MANAGER].pk)
    assert client_as(former).get(reverse("deals:detail", args=[deal.pk])).status_code == 404


def test_lead_hands_over_and_is_sent_to_the_board(users, deal, colleague):
    response = client_as(users[Role.MANAGER]).post(
        reverse("deals:lead_change", args=[deal.pk]), {"lead": colleague.pk}
    )
    assert response.status_code == 302 and response["Location"] == reverse("deals:board")
