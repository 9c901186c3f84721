"""The board (看板): a column per stage with counts and sums, cards of the deals the user may see, and a
bounded number of queries however many deals there are."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.deals.choices import Stage
from hardtech.deals.models import ChecklistItem, Deal
from support.deal_pages import client_as, make_deal

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_deal(users, other_university, other_enterprise):
    other = User.objects.create_user("manager2", password="x", role=Role.MANAGER)
    return make_deal(
        other, title="工业机器人减速器联合开发", sellers=[other_university], buyers=[other_enterprise]
    )


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("deals:board"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("role", "sees_own", "sees_other"),
    [
        (Role.OPERATOR, True, True),
        (Role.MANAGER, True, False),
        (Role.INSTITUTION, True, False),
        (Role.ENTERPRISE, True, False),
        (Role.EXPERT, False, False),
        (Role.REGISTRAR, False, False),
    ],
)
def test_each_role_sees_only_its_deals(users, deal, other_deal, role, sees_own, sees_other):
    response = client_as(users[role]).get(reverse("deals:board"))
    assert response.status_code == 200
    html = response.content.decode()
    assert (deal.code in html) is sees_own
    assert (other_deal.code in html) is sees_other


def test_columns_count_and_sum_the_amounts(users, deal, achievement, demand):
    Deal.objects.filter(pk=deal.pk).update(amount=Decimal("120.50"))
    make_deal(
        users[Role.MANAGER],
        title="第二个项目",
        achievements=[achievement],
        demands=[demand],
        amount=Decimal("80"),
    )
    response = client_as(users[Role.MANAGER]).get(reverse("deals:board"))
    introduced = next(c for c in response.context["columns"] if c["stage"] == Stage.INTRODUCED)
    assert introduced["count"] == 2 and introduced["total"] == Decimal("200.50")
    assert "200.50 万元" in response.content.decode()


def test_overdue_checklist_marks_the_card(users, deal):
    ChecklistItem.objects.filter(deal=deal).update(due_on=timezone.localdate() - timezone.timedelta(days=1))
    response = client_as(users[Role.MANAGER]).get(reverse("deals:board"))
    card = response.context["columns"][0]["cards"][0]
    assert card.overdue and "overdue-mark" in response.content.decode()


def test_filters_narrow_the_board(users, deal, other_deal):
    client = client_as(users[Role.OPERATOR])
    html = client.get(reverse("deals:board"), {"q": "减速器"}).content.decode()
    assert other_deal.code in html and deal.code not in html
    html = client.get(reverse("deals:board"), {"q": deal.code}).content.decode()
    assert deal.code in html and other_deal.code not in html
    html = client.get(reverse("deals:board"), {"lead": users[Role.MANAGER].pk}).content.decode()
    assert deal.code in html and other_deal.code not in html
    html = client.get(reverse("deals:board"), {"field": "electronic_information"}).content.decode()
    assert deal.code in html and other_deal.code not in html


def _many(lead, seller, buyer, n: int) -> None:
    now = timezone.now()
    stages = [Stage.INTRODUCED, Stage.NEGOTIATING, Stage.SIGNED, Stage.LANDED, Stage.ENDED]
    deals = Deal.objects.bulk_create(
        Deal(
            code=f"JY2026{9000000 + i}",
            title=f"批量项目{i}",
            lead=lead,
            stage=stages[i % len(stages)],
            amount=Decimal(i % 7),
            stage_entered_at=now - timezone.timedelta(hours=i),
        )
        for i in range(n)
    )
    Deal.buyers.through.objects.bulk_create(Deal.buyers.through(deal=d, organisation=buyer) for d in deals)
    Deal.sellers.through.objects.bulk_create(Deal.sellers.through(deal=d, organisation=seller) for d in deals)


def test_board_queries_are_bounded_and_columns_capped(
    users, university, enterprise, django_assert_max_num_queries
):
    _many(users[Role.MANAGER], university, enterprise, 400)
    client = client_as(users[Role.OPERATOR])
    client.get(reverse("deals:board"))  # warm the session and the content types
    with django_assert_max_num_queries(15):
        response = client.get(reverse("deals:board"))
    columns = {c["stage"]: c for c in response.context["columns"]}
    assert columns[Stage.INTRODUCED]["count"] == 80 and len(columns[Stage.INTRODUCED]["cards"]) == 30
    assert columns[Stage.INTRODUCED]["more"] and response.context["ended_count"] == 80
    newest = columns[Stage.INTRODUCED]["cards"][0]
    assert newest.stage_entered_at == max(d.stage_entered_at for d in columns[Stage.INTRODUCED]["cards"])
    assert "查看全部 80 个" in response.content.decode()
