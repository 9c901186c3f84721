"""技术转移 in the site navigation: for technology managers and the operator, and for the parties of a deal."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from support.deal_pages import client_as

pytestmark = pytest.mark.django_db


def has_link(response) -> bool:
    return any(item["url"] == reverse("deals:board") for item in response.context["nav"])


def test_managers_and_operator_always(users):
    for role in (Role.MANAGER, Role.OPERATOR):
        assert has_link(client_as(users[role]).get("/"))


def test_parties_once_they_have_a_deal(users, achievement, demand):
    assert not has_link(client_as(users[Role.ENTERPRISE]).get("/"))
    from support.deal_pages import make_deal

    make_deal(users[Role.MANAGER], title="项目", achievements=[achievement], demands=[demand])
    assert has_link(client_as(users[Role.ENTERPRISE]).get("/"))
    assert has_link(client_as(users[Role.INSTITUTION]).get("/"))
    assert not has_link(client_as(users[Role.EXPERT]).get("/"))


def test_not_for_anonymous(client):
    assert not has_link(client.get("/"))


def test_active_on_the_deal_pages(users):
    response = client_as(users[Role.MANAGER]).get(reverse("deals:list"))
    item = next(i for i in response.context["nav"] if i["url"] == reverse("deals:board"))
    assert item["active"] and item["label"] == "技术转移"


def test_registrar_reaches_the_contract_registry(users):
    response = client_as(users[Role.REGISTRAR]).get("/")
    assert not has_link(response)
    assert any(item["url"] == reverse("deals:registry") for item in response.context["nav"])


def test_section_tabs_follow_the_role(users):
    def labels(role):
        tabs = client_as(users[role]).get(reverse("deals:board")).context["tabs"]
        return [t["label"] for t in tabs]

    assert labels(Role.OPERATOR) == ["看板", "项目列表", "我的工作台", "经理人业绩", "技术合同登记"]
    assert labels(Role.MANAGER) == ["看板", "项目列表", "我的工作台", "我的业绩"]
    assert labels(Role.ENTERPRISE) == ["看板", "项目列表"]
