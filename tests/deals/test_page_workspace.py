"""The technology manager's workspace: my deals by stage, the checklist items due within 14 days or overdue,
and the enterprises and institutions I serve."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.deals import services
from hardtech.deals.models import TeamRole
from support.deal_pages import client_as, make_deal

pytestmark = pytest.mark.django_db


def test_my_deals_tasks_and_organisations(
    users, deal, university, enterprise, other_university, other_enterprise
):
    other = User.objects.create_user("manager2", password="x", role=Role.MANAGER)
    foreign = make_deal(other, title="别人的项目", sellers=[other_university], buyers=[other_enterprise])
    helped = make_deal(other, title="我协助的项目", sellers=[university], buyers=[other_enterprise])
    services.add_member(other, helped, users[Role.MANAGER], TeamRole.objects.get(code="legal"))
    today = timezone.localdate()
    nda = deal.checklist.get(code="nda_signed")
    services.set_due(users[Role.MANAGER], nda, today - datetime.timedelta(days=2))
    far = deal.checklist.get(code="needs_confirmed")
    services.set_due(users[Role.MANAGER], far, today + datetime.timedelta(days=60))

    manager = User.objects.get(pk=users[Role.MANAGER].pk)
    response = client_as(manager).get(reverse("deals:workspace"))
    assert response.status_code == 200
    html = response.content.decode()
    assert deal.code in html and helped.code in html and foreign.code not in html
    tasks = {t.pk: t for t in response.context["tasks"]}
    assert nda.pk in tasks and tasks[nda.pk].overdue and far.pk not in tasks
    served = dict(response.context["served"])
    buyers = {o.name: o.deal_count for o in served["需求方企业"]}
    sellers = {o.name: o.deal_count for o in served["成果方机构"]}
    assert buyers == {enterprise.name: 1, other_enterprise.name: 1}
    assert sellers == {university.name: 2}


def test_done_and_closed_items_are_not_tasks(users, deal):
    item = deal.checklist.first()
    services.set_due(users[Role.MANAGER], item, timezone.localdate())
    services.tick(users[Role.MANAGER], item)
    response = client_as(users[Role.MANAGER]).get(reverse("deals:workspace"))
    assert item.pk not in {t.pk for t in response.context["tasks"]}


@pytest.mark.parametrize("role", [Role.INSTITUTION, Role.ENTERPRISE, Role.EXPERT, Role.REGISTRAR])
def test_only_for_managers_and_the_operator(users, role):
    assert client_as(users[role]).get(reverse("deals:workspace")).status_code == 403
    assert client_as(users[Role.OPERATOR]).get(reverse("deals:workspace")).status_code == 200
