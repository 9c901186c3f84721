"""/api/review/conflicts: the operator reads an item's conflicts with their explanations, records a relation
and waives a conflict with a reason (audited); an expert declares for themself and reads only their own;
bad input is a 422 or 404 with the reason."""

import pytest
from django.contrib.contenttypes.models import ContentType

from hardtech.accounts.models import ApiToken, Role
from hardtech.audit.models import AuditEntry
from hardtech.review.models import ConflictWaiver, DeclaredConflict, Relation
from support.conflict_helpers import make_expert

pytestmark = pytest.mark.django_db
URL = "/api/review/conflicts"


@pytest.fixture
def own_expert(users, other_university):
    """The expert account's profile, at another university than the achievement's."""
    return make_expert("赵教授", other_university, user=users[Role.EXPERT])


@pytest.fixture
def colleague(university):
    return make_expert("钱研究员", university)


class as_user:  # noqa: N801 — reads as a call: as_user(client, user).post(…)
    """Calls the API with the user's bearer token (the session alone is for safe methods)."""

    def __init__(self, client, user) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {ApiToken.issue(user)[1]}"}

    def get(self, path: str, data: dict):
        return self.client.get(path, data, headers=self.headers)

    def post(self, path: str, data: dict, content_type: str):
        return self.client.post(path, data, content_type=content_type, headers=self.headers)


def test_operator_reads_an_items_conflicts_explained(client, users, achievement, colleague, own_expert):
    body = (
        as_user(client, users[Role.OPERATOR]).get(URL, {"kind": "achievements", "id": achievement.pk}).json()
    )
    [row] = body["experts"]
    assert row["expert_id"] == colleague.pk
    assert row["conflicts"][0]["explanation"] == "与申报单位同属西安测试大学"
    assert row["conflicts"][0]["waived"] is False


def test_expert_declares_for_themself_and_sees_only_their_own(
    client, users, achievement, colleague, own_expert
):
    api = as_user(client, users[Role.EXPERT])
    response = api.post(
        f"{URL}/declare",
        {"kind": "achievements", "id": achievement.pk, "reason": "曾参与该成果的鉴定"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert DeclaredConflict.objects.get().expert == own_expert
    body = api.get(URL, {"kind": "achievements", "id": achievement.pk}).json()
    assert [row["expert_id"] for row in body["experts"]] == [own_expert.pk]
    assert body["experts"][0]["conflicts"][0]["explanation"] == "本人申报：曾参与该成果的鉴定"
    again = api.post(
        f"{URL}/declare",
        {"kind": "achievements", "id": achievement.pk, "reason": "再次申报"},
        content_type="application/json",
    )
    assert again.status_code == 422
    assert "已申报过" in again.content.decode()


def test_an_expert_cannot_declare_for_another_expert(client, users, achievement, colleague, own_expert):
    response = as_user(client, users[Role.EXPERT]).post(
        f"{URL}/declare",
        {"kind": "achievements", "id": achievement.pk, "reason": "代人申报", "expert_id": colleague.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not DeclaredConflict.objects.exists()


@pytest.mark.parametrize("role", [Role.EXPERT, Role.MANAGER, Role.INSTITUTION, Role.ENTERPRISE])
def test_only_the_operator_waives_and_records_relations(
    client, users, role, achievement, colleague, own_expert
):
    api = as_user(client, users[role])
    waive = api.post(
        f"{URL}/waive",
        {
            "kind": "achievements",
            "id": achievement.pk,
            "expert_id": colleague.pk,
            "rule": "organisation",
            "reason": "x",
        },
        content_type="application/json",
    )
    relation = api.post(
        f"{URL}/relations",
        {"expert_id": colleague.pk, "kind": "family", "person_name": "张老师"},
        content_type="application/json",
    )
    assert (waive.status_code, relation.status_code) == (403, 403)
    assert not ConflictWaiver.objects.exists() and not Relation.objects.exists()


def test_the_operator_waives_with_a_reason_and_it_is_audited(client, users, achievement, colleague):
    api = as_user(client, users[Role.OPERATOR])
    payload = {
        "kind": "achievements",
        "id": achievement.pk,
        "expert_id": colleague.pk,
        "rule": "organisation",
    }
    response = api.post(
        f"{URL}/waive",
        {**payload, "reason": "所在实验室与申报团队无隶属关系"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    entry = AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(ConflictWaiver))
    assert entry.actor == users[Role.OPERATOR]
    assert entry.changes["reason"][1] == "所在实验室与申报团队无隶属关系"
    body = api.get(URL, {"kind": "achievements", "id": achievement.pk}).json()
    assert body["experts"][0]["conflicts"][0]["waived"] is True


def test_the_operator_records_a_relation_that_then_bars(client, users, achievement, own_expert):
    api = as_user(client, users[Role.OPERATOR])
    response = api.post(
        f"{URL}/relations",
        {"expert_id": own_expert.pk, "kind": "family", "person_name": "张老师", "source": "本人报告"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = api.get(URL, {"kind": "achievements", "id": achievement.pk}).json()
    assert body["experts"][0]["conflicts"][0]["explanation"] == "成果团队成员张老师是本人的亲属"


@pytest.mark.parametrize(
    ("path", "payload", "status", "message"),
    [
        ("/waive", {"rule": "nonsense", "reason": "x"}, 422, "未知的回避规则"),
        ("/waive", {"rule": "family", "reason": "x"}, 422, "无需豁免"),
        ("/waive", {"rule": "organisation", "reason": "   "}, 422, "请填写原因"),
        ("/waive", {"rule": "organisation", "reason": "x", "id": 999999}, 404, "未找到"),
        ("/waive", {"rule": "organisation", "reason": "x", "kind": "experts"}, 422, "kind"),
        ("/waive", {"rule": "organisation", "reason": "x" * 501}, 422, "reason"),
        ("/relations", {"kind": "family"}, 422, "须填写对方姓名"),
        ("/relations", {"kind": "post"}, 422, "须选择对方机构"),
        ("/relations", {"kind": "post", "organisation_id": 999999}, 422, "机构不存在"),
        (
            "/relations",
            {"kind": "family", "person_name": "张三", "since": "2024-01-01", "until": "2020-01-01"},
            422,
            "终止日期",
        ),
    ],
)
def test_bad_input_is_refused_with_the_reason(
    client, users, achievement, colleague, path, payload, status, message
):
    base = {"kind": "achievements", "id": achievement.pk, "expert_id": colleague.pk}
    if path == "/relations":
        base = {"expert_id": colleague.pk}
    response = as_user(client, users[Role.OPERATOR]).post(
        f"{URL}{path}", {**base, **payload}, content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert message in response.content.decode()


def test_a_draft_is_not_revealed(client, users, achievement, own_expert):
    achievement.status = "draft"
    achievement.save()
    response = as_user(client, users[Role.EXPERT]).post(
        f"{URL}/declare",
        {"kind": "achievements", "id": achievement.pk, "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_anonymous_and_users_without_a_profile_are_refused(client, users, achievement):
    assert client.get(URL, {"kind": "achievements", "id": achievement.pk}).status_code == 401
    response = as_user(client, users[Role.EXPERT]).post(
        f"{URL}/declare",
        {"kind": "achievements", "id": achievement.pk, "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "没有专家档案" in response.content.decode()
