"""The review workflow through the web: notes, refusals, redirects back to the queue."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Demand

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(enterprise) -> Demand:
    return Demand.objects.create(
        title="待审需求", field="new_materials", enterprise=enterprise, problem="难题", status="pending"
    )


def test_reject_needs_a_note(client_for, users, pending):
    client = client_for(Role.OPERATOR)
    response = client.post(reverse("demand_reject", args=[pending.pk]), {"note": "  "}, follow=True)
    assert "退回时请填写审核意见" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_reject_with_note_is_shown_to_the_owner(client_for, users, pending):
    client_for(Role.OPERATOR).post(reverse("demand_reject", args=[pending.pk]), {"note": "请补充技术指标"})
    html = client_for(Role.ENTERPRISE).get(reverse("demand_detail", args=[pending.pk])).content.decode()
    assert "已退回" in html and "请补充技术指标" in html and "提交审核" in html


def test_approve_from_queue_returns_to_queue(client_for, users, pending):
    response = client_for(Role.OPERATOR).post(
        reverse("demand_approve", args=[pending.pk]), {"next": reverse("review_queue")}
    )
    assert response["Location"] == reverse("review_queue")
    pending.refresh_from_db()
    assert pending.status == "published" and pending.published_at is not None


def test_next_must_stay_on_site(client_for, users, pending):
    response = client_for(Role.OPERATOR).post(
        reverse("demand_approve", args=[pending.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("demand_detail", args=[pending.pk])


def test_wrong_state_is_a_message_not_an_error(client_for, users, demand):
    response = client_for(Role.OPERATOR).post(reverse("demand_approve", args=[demand.pk]), follow=True)
    assert response.status_code == 200 and "只有待审核的条目可以通过审核" in response.content.decode()


def test_owner_withdraws_published_demand(client_for, users, demand):
    client_for(Role.ENTERPRISE).post(reverse("demand_withdraw", args=[demand.pk]))
    demand.refresh_from_db()
    assert demand.status == "withdrawn"
    assert demand.title not in client_for("anonymous").get(reverse("demand_list")).content.decode()


def test_actions_are_post_only(client_for, users, pending):
    assert client_for(Role.OPERATOR).get(reverse("demand_approve", args=[pending.pk])).status_code == 405


def test_delete_returns_to_my_listings(client_for, users, enterprise):
    draft = Demand.objects.create(title="草稿", field="new_materials", enterprise=enterprise, problem="x")
    response = client_for(Role.ENTERPRISE).post(reverse("demand_delete", args=[draft.pk]))
    assert response["Location"] == reverse("mine") and not Demand.objects.filter(pk=draft.pk).exists()


def test_buttons_follow_permissions(client_for, users, demand):
    url = reverse("demand_detail", args=[demand.pk])
    owner = client_for(Role.ENTERPRISE).get(url).content.decode()
    assert "编辑" in owner and "撤回" in owner and "删除" not in owner  # published: no delete for the owner
    public = client_for("anonymous").get(url).content.decode()
    assert "撤回" not in public and 'class="panel actions"' not in public
