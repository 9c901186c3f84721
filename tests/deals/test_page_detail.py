"""A deal's page: its team, its parties and the operator see it, with what each may do; everyone else gets a
404; the edit form keeps the user's input on a conflicting edit."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.deals import services
from hardtech.deals.choices import Stage
from support.deal_pages import client_as

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.OPERATOR, 200),
        (Role.MANAGER, 200),
        (Role.INSTITUTION, 200),
        (Role.ENTERPRISE, 200),
        (Role.EXPERT, 404),
        (Role.REGISTRAR, 404),
    ],
)
def test_who_sees_the_deal(users, deal, role, status):
    response = client_as(users[role]).get(reverse("deals:detail", args=[deal.pk]))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert deal.code in html and "双方签署保密协议" in html and "西安测试大学" in html


def test_outsider_enterprise_gets_404(users, deal, other_enterprise):
    from hardtech.accounts.models import User

    outsider = User.objects.create_user(
        "outsider", password="x", role=Role.ENTERPRISE, organisation=other_enterprise
    )
    assert client_as(outsider).get(reverse("deals:detail", args=[deal.pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, deal):
    response = client.get(reverse("deals:detail", args=[deal.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_team_gets_the_forms_the_parties_do_not(users, deal):
    team = client_as(users[Role.MANAGER]).get(reverse("deals:detail", args=[deal.pk]))
    party = client_as(users[Role.ENTERPRISE]).get(reverse("deals:detail", args=[deal.pk]))
    for marker in (
        "进入洽谈",
        "越过清单进入洽谈",
        "终止项目",
        "加入团队",
        reverse("deals:item_add", args=[deal.pk]),
    ):
        assert marker in team.content.decode()
        assert marker not in party.content.decode()
    # Both may add documents; only the team reads the change history.
    assert reverse("deals:document_upload", args=[deal.pk]) in party.content.decode()
    assert team.context["history"] is not None and party.context["history"] is None


def test_stage_bar_shows_the_visits(users, deal):
    services.move(users[Role.MANAGER], deal, "skip_to_negotiating", "保密协议随合同签署")
    response = client_as(users[Role.MANAGER]).get(reverse("deals:detail", args=[deal.pk]))
    bar = response.context["bar"]
    assert [s["state"] for s in bar[:3]] == ["done", "current", "todo"]
    assert bar[0]["entered"] and bar[1]["override"]
    assert "保密协议随合同签署" in response.content.decode()


def test_edit_saves_through_the_services(users, deal):
    client = client_as(users[Role.MANAGER])
    url = reverse("deals:edit", args=[deal.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"title": "新的名称", "summary": "简介", "amount": "88.5", "version": deal.version}
    )
    assert response.status_code == 302
    deal.refresh_from_db()
    assert deal.title == "新的名称" and str(deal.amount) == "88.50"


def test_edit_conflict_keeps_the_input(users, deal):
    client = client_as(users[Role.MANAGER])
    stale = deal.version
    services.update_deal(users[Role.OPERATOR], deal, {"title": "他人改过的名称"}, stale)
    response = client.post(
        reverse("deals:edit", args=[deal.pk]),
        {"title": "我的名称", "summary": "", "amount": "", "version": stale},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "已被他人修改" in html and "他人改过的名称" in html and 'value="我的名称"' in html
    # Saving again, having seen it, applies this user's version.
    response = client.post(
        reverse("deals:edit", args=[deal.pk]),
        {
            "title": "我的名称",
            "summary": "",
            "amount": "",
            "version": response.context["form"].data["version"],
        },
    )
    assert response.status_code == 302
    deal.refresh_from_db()
    assert deal.title == "我的名称"


def test_parties_may_not_edit(users, deal):
    assert client_as(users[Role.ENTERPRISE]).get(reverse("deals:edit", args=[deal.pk])).status_code == 403
    assert client_as(users[Role.EXPERT]).get(reverse("deals:edit", args=[deal.pk])).status_code == 404


def test_ended_deal_shows_its_reason(users, deal):
    services.move(users[Role.MANAGER], deal, "end", "企业预算冻结", {"reason": "funding"})
    response = client_as(users[Role.ENTERPRISE]).get(reverse("deals:detail", args=[deal.pk]))
    html = response.content.decode()
    assert "资金不到位" in html and "企业预算冻结" in html
    assert response.context["bar"][0]["state"] == "stopped"
    assert response.context["deal"].stage == Stage.ENDED


def test_contract_block_links_the_contract_pages(users, deal):
    from support.contract_helpers import signed, submitted

    client = client_as(users[Role.MANAGER])
    html = client.get(reverse("deals:detail", args=[deal.pk])).content.decode()
    assert reverse("deals:contract_new", args=[deal.pk]) in html
    deal = signed(deal, users)
    contract = submitted(deal, users)
    html = client.get(reverse("deals:detail", args=[deal.pk])).content.decode()
    assert reverse("deals:contract", args=[contract.pk]) in html and "待认定登记" in html
    html = client_as(users[Role.ENTERPRISE]).get(reverse("deals:detail", args=[deal.pk])).content.decode()
    assert reverse("deals:contract", args=[contract.pk]) in html


def test_parties_are_asked_for_feedback_once_closed(users, deal):
    from hardtech.deals.models import Deal

    Deal.objects.filter(pk=deal.pk).update(stage=Stage.CLOSED)
    html = client_as(users[Role.ENTERPRISE]).get(reverse("deals:detail", args=[deal.pk])).content.decode()
    assert reverse("deals:feedback", args=[deal.pk]) in html
    html = client_as(users[Role.MANAGER]).get(reverse("deals:detail", args=[deal.pk])).content.decode()
    assert reverse("deals:feedback", args=[deal.pk]) not in html
