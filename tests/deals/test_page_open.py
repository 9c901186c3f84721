"""Opening a deal: by hand or prefilled from a demand, an achievement, an expert or a match; managers lead
what they open, the operator names the lead; the catalogue pages and the match panel link here for them."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role, User
from hardtech.deals.choices import Source, Stage
from hardtech.deals.models import Deal
from hardtech.matching import services as matching
from support.deal_pages import client_as

pytestmark = pytest.mark.django_db


def test_prefilled_from_a_demand(users, demand):
    response = client_as(users[Role.MANAGER]).get(
        reverse("deals:open"), {"demand": demand.pk, "source": "demand"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["demands"] == [demand.pk] and form.initial["source"] == Source.DEMAND
    assert form.initial["title"] == demand.title
    html = response.content.decode()
    assert f'<option value="{demand.pk}" selected>' in html and "lead" not in form.fields


def test_prefilled_from_a_match_pair(users, demand, achievement, expert):
    response = client_as(users[Role.MANAGER]).get(
        reverse("deals:open"), {"source": "match", "demands": demand.pk, "achievements": achievement.pk}
    )
    form = response.context["form"]
    assert form.initial["demands"] == [demand.pk] and form.initial["achievements"] == [achievement.pk]
    assert form.initial["source"] == Source.MATCH and achievement.title in form.initial["title"]


def test_bad_prefill_is_ignored(users):
    response = client_as(users[Role.MANAGER]).get(
        reverse("deals:open"), {"demand": "x", "achievement": "999999"}
    )
    assert response.status_code == 200 and "demands" not in response.context["form"].initial


@pytest.mark.parametrize("value", ["²", "١٢", "①"])
def test_non_ascii_digits_in_the_prefill_are_ignored(users, value):
    # "²".isdigit() is True but int("²") fails: such ids are ignored, not a 500
    response = client_as(users[Role.MANAGER]).get(reverse("deals:open"), {"achievement": value})
    assert response.status_code == 200 and "achievements" not in response.context["form"].initial


def test_manager_opens_and_leads(users, demand, achievement, university, enterprise):
    response = client_as(users[Role.MANAGER]).post(
        reverse("deals:open"),
        {
            "title": "激光封装技术许可",
            "source": "match",
            "achievements": [achievement.pk],
            "demands": [demand.pk],
            "amount": "150",
        },
    )
    deal = Deal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("deals:detail", args=[deal.pk])
    assert deal.lead == users[Role.MANAGER] and deal.stage == Stage.INTRODUCED and deal.source == "match"
    assert list(deal.sellers.all()) == [university] and list(deal.buyers.all()) == [enterprise]


def test_operator_names_the_lead(users, demand, achievement):
    other = User.objects.create_user("manager2", password="x", role=Role.MANAGER)
    client = client_as(users[Role.OPERATOR])
    data = {"title": "项目", "source": "manual", "achievements": [achievement.pk], "demands": [demand.pk]}
    response = client.post(reverse("deals:open"), data)
    assert response.status_code == 200 and "lead" in response.context["form"].errors
    client.post(reverse("deals:open"), {**data, "lead": other.pk})
    assert Deal.objects.get().lead == other


def test_refusal_keeps_the_input(users, achievement):
    response = client_as(users[Role.MANAGER]).post(
        reverse("deals:open"),
        {"title": "只有成果的项目", "source": "manual", "achievements": [achievement.pk]},
    )
    assert response.status_code == 200 and not Deal.objects.exists()
    assert "请至少关联一项技术需求或一个需求方企业" in response.content.decode()
    assert 'value="只有成果的项目"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.INSTITUTION, Role.ENTERPRISE, Role.EXPERT, Role.REGISTRAR])
def test_others_may_not_open(users, role):
    assert client_as(users[role]).get(reverse("deals:open")).status_code == 403


def test_catalogue_pages_link_for_managers_only(users, demand, achievement):
    for obj, slug in ((demand, "demand"), (achievement, "achievement")):
        url = reverse(f"{slug}_detail", args=[obj.pk])
        link = f"{reverse('deals:open')}?source={slug}&amp;{slug}={obj.pk}"
        assert link in client_as(users[Role.MANAGER]).get(url).content.decode()
        assert link in client_as(users[Role.OPERATOR]).get(url).content.decode()
        assert "发起技术转移项目" not in client_as(users[Role.ENTERPRISE]).get(url).content.decode()


def test_match_panel_links_the_pair(users, demand, achievement, expert):
    matching.rebuild()
    html = client_as(users[Role.MANAGER]).get(reverse("demand_detail", args=[demand.pk])).content.decode()
    panel = html[html.index('id="match-panel"') :]
    assert f"?source=match&amp;demands={demand.pk}&amp;achievements={achievement.pk}" in panel
    assert f"?source=match&amp;demands={demand.pk}&amp;experts={expert.pk}" in panel
    html = client_as(users[Role.ENTERPRISE]).get(reverse("demand_detail", args=[demand.pk])).content.decode()
    assert "source=match" not in html[html.index('id="match-panel"') :]
