"""The registry's pages: the operator finds an item, reads its conflicts with explanations and references,
waives one with a reason and records a conflict and a relation; an expert declares on an item through
/review/conflicts/declare/; others are refused, bad input is shown on the form."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.review.models import ConflictWaiver, DeclaredConflict, Relation
from support.conflict_helpers import make_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(university):
    return make_expert("钱研究员", university)


@pytest.fixture
def own_expert(users, other_university):
    return make_expert("赵教授", other_university, user=users[Role.EXPERT])


def item_url(achievement) -> str:
    return reverse("review:conflicts_item", args=["achievements", achievement.pk])


def test_operator_finds_an_item_and_reads_its_conflicts(client, users, achievement, colleague):
    client.force_login(users[Role.OPERATOR])
    found = client.get(reverse("review:conflicts"), {"kind": "achievements", "id": achievement.pk})
    assert found.status_code == 302 and found.url == item_url(achievement)
    assert client.get(reverse("review:conflicts"), {"kind": "achievements", "id": "x"}).status_code == 200
    page = client.get(item_url(achievement)).content.decode()
    assert "钱研究员" in page
    assert "与申报单位同属西安测试大学" in page
    assert "参考" in page


def test_operator_waives_with_a_reason(client, users, achievement, colleague):
    client.force_login(users[Role.OPERATOR])
    prefix = f"w{colleague.pk}-organisation"
    url = reverse("review:conflicts_waive", args=["achievements", achievement.pk])
    post = {"prefix": prefix, f"{prefix}-expert": colleague.pk, f"{prefix}-rule": "organisation"}
    refused = client.post(url, {**post, f"{prefix}-reason": ""})
    assert refused.status_code == 400
    assert not ConflictWaiver.objects.exists()
    assert client.post(url, {**post, f"{prefix}-reason": "跨院系，无合作"}).status_code == 302
    assert ConflictWaiver.objects.get().waived_by == users[Role.OPERATOR]
    assert "已豁免：跨院系，无合作" in client.get(item_url(achievement)).content.decode()


def test_operator_records_a_conflict_and_a_relation(client, users, achievement, own_expert, university):
    client.force_login(users[Role.OPERATOR])
    url = reverse("review:conflicts_record", args=["achievements", achievement.pk])
    assert client.post(url, {"expert": 999999, "reason": "x"}).status_code == 400
    assert client.post(url, {"expert": own_expert.pk, "reason": "曾担任该项目顾问"}).status_code == 302
    assert "管委会登记：曾担任该项目顾问" in client.get(item_url(achievement)).content.decode()
    create = reverse("review:conflicts_relation_create")
    assert "登记专家关系" in client.get(create).content.decode()
    assert client.post(create, {"expert": own_expert.pk, "kind": "post"}).status_code == 400
    assert (
        client.post(
            create, {"expert": own_expert.pk, "kind": "post", "organisation": university.pk}
        ).status_code
        == 302
    )
    assert Relation.objects.get().recorded_by == users[Role.OPERATOR]


def test_an_expert_declares_on_an_item(client, users, achievement, own_expert):
    client.force_login(users[Role.EXPERT])
    url = reverse("review:conflicts_declare")
    assert "申报利益冲突" in client.get(url, {"kind": "achievements", "id": achievement.pk}).content.decode()
    assert client.post(url, {"kind": "achievements", "id": achievement.pk, "reason": ""}).status_code == 400
    done = client.post(url, {"kind": "achievements", "id": achievement.pk, "reason": "与完成人为同门"})
    assert done.status_code == 302
    declared = DeclaredConflict.objects.get()
    assert (declared.expert, declared.declared_by) == (own_expert, users[Role.EXPERT])
    assert "您已于" in client.get(done.url).content.decode()


@pytest.mark.parametrize("role", [Role.EXPERT, Role.MANAGER, Role.INSTITUTION, Role.ENTERPRISE])
def test_only_the_operator_opens_the_registry(client, users, role, achievement, colleague):
    client.force_login(users[role])
    assert client.get(reverse("review:conflicts")).status_code == 403
    assert client.get(item_url(achievement)).status_code == 403
    url = reverse("review:conflicts_waive", args=["achievements", achievement.pk])
    assert (
        client.post(
            url, {"prefix": "w", "w-expert": colleague.pk, "w-rule": "organisation", "w-reason": "x"}
        ).status_code
        == 403
    )
    assert not ConflictWaiver.objects.exists()


def test_declaring_needs_an_expert_profile_and_a_visible_item(client, users, achievement, own_expert):
    url = reverse("review:conflicts_declare")
    client.force_login(users[Role.MANAGER])
    assert client.get(url, {"kind": "achievements", "id": achievement.pk}).status_code == 403
    client.force_login(users[Role.EXPERT])
    assert client.get(url, {"kind": "nonsense", "id": achievement.pk}).status_code == 404
    assert client.get(url, {"kind": "achievements", "id": "9" * 30}).status_code == 404
    achievement.status = "draft"
    achievement.save()
    assert client.get(url, {"kind": "achievements", "id": achievement.pk}).status_code == 404


def test_the_items_page_offers_the_declaration_to_an_expert_only(client, users, achievement, own_expert):
    detail = reverse("achievement_detail", args=[achievement.pk])
    declare = f"{reverse('review:conflicts_declare')}?kind=achievements&amp;id={achievement.pk}"
    assert declare not in client.get(detail).content.decode()
    client.force_login(users[Role.MANAGER])
    assert declare not in client.get(detail).content.decode()
    client.force_login(users[Role.EXPERT])
    assert declare in client.get(detail).content.decode()
    client.force_login(users[Role.OPERATOR])
    assert item_url(achievement) in client.get(detail).content.decode()
