"""Ownership beyond the matrix: nobody creates or moves records into another organisation's hands,
experts edit their own profile, owners delete only drafts, protected deletes are 409s."""

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation


def test_institution_cannot_list_an_achievement_for_another_university(api, keys, other_university):
    body = {
        "title": "他校成果",
        "field": "new_materials",
        "summary": "x",
        "organisations": [other_university.pk],
    }
    assert api.call("post", "achievements", keys[Role.INSTITUTION], body).status_code == 403
    assert not Achievement.objects.filter(title="他校成果").exists()


def test_institution_achievement_defaults_to_its_university(api, keys, university):
    body = {"title": "默认机构成果", "field": "new_materials", "summary": "x"}
    response = api.call("post", "achievements", keys[Role.INSTITUTION], body)
    assert response.status_code == 201 and [o["id"] for o in response.data["organisations"]] == [
        university.pk
    ]
    assert response.data["status"] == "draft"


def test_manager_must_name_the_organisations(api, keys):
    body = {"title": "无机构成果", "field": "new_materials", "summary": "x"}
    assert api.call("post", "achievements", keys[Role.MANAGER], body).status_code == 422


def test_enterprise_cannot_post_a_demand_for_another_enterprise(api, keys, other_enterprise):
    body = {"title": "代发需求", "field": "new_energy", "problem": "x", "enterprise": other_enterprise.pk}
    assert api.call("post", "demands", keys[Role.ENTERPRISE], body).status_code == 403
    assert not Demand.objects.filter(title="代发需求").exists()


def test_owner_cannot_move_its_record_away(api, keys, achievement, other_university):
    path = f"achievements/{achievement.pk}"
    response = api.call("patch", path, keys[Role.INSTITUTION], {"organisations": [other_university.pk]})
    assert response.status_code == 403
    assert list(achievement.organisations.values_list("name", flat=True)) == ["西安测试大学"]


def test_expert_edits_own_profile_only(api, keys, users, expert, university):
    mine = Expert.objects.create(name="专家本人", user=users[Role.EXPERT])
    assert api.call("patch", f"experts/{mine.pk}", keys[Role.EXPERT], {"bio": "更新简介"}).status_code == 200
    mine.refresh_from_db()
    assert mine.bio == "更新简介"
    assert api.call("patch", f"experts/{expert.pk}", keys[Role.EXPERT], {"bio": "越权"}).status_code == 403


def test_owner_deletes_only_unpublished_drafts(api, keys, achievement):
    assert api.call("delete", f"achievements/{achievement.pk}", keys[Role.INSTITUTION]).status_code == 403
    Achievement.objects.filter(pk=achievement.pk).update(status="rejected")
    assert api.call("delete", f"achievements/{achievement.pk}", keys[Role.INSTITUTION]).status_code == 204


def test_expert_and_organisation_delete_is_for_the_operator(
    api, keys, expert, demand, enterprise, other_enterprise
):
    assert api.call("delete", f"experts/{expert.pk}", keys[Role.MANAGER]).status_code == 403
    assert api.call("delete", f"experts/{expert.pk}", keys[Role.OPERATOR]).status_code == 204
    assert (
        api.call("delete", f"organisations/{other_enterprise.pk}", keys[Role.ENTERPRISE]).status_code == 403
    )
    protected = api.call("delete", f"organisations/{enterprise.pk}", keys[Role.OPERATOR])
    assert protected.status_code == 409 and Organisation.objects.filter(pk=enterprise.pk).exists()
    assert api.call("delete", f"organisations/{other_enterprise.pk}", keys[Role.OPERATOR]).status_code == 204


def test_full_workflow_through_the_api(api, keys, university):
    body = {"title": "流程成果", "field": "aerospace", "summary": "x"}
    item = api.call("post", "achievements", keys[Role.INSTITUTION], body).data
    path = f"achievements/{item['id']}"
    assert api.get(path).status_code == 404
    assert api.call("post", f"{path}/submit", keys[Role.INSTITUTION]).data["status"] == "pending"
    rejected = api.call("post", f"{path}/reject", keys[Role.OPERATOR], {"note": "请补充专利号"}).data
    assert (rejected["status"], rejected["review_note"]) == ("rejected", "请补充专利号")
    assert api.call("post", f"{path}/submit", keys[Role.INSTITUTION]).data["review_note"] == ""
    approved = api.call("post", f"{path}/approve", keys[Role.OPERATOR], {"note": "同意发布"}).data
    assert approved["status"] == "published" and approved["published_at"]
    assert api.get(path).status_code == 200
    assert api.call("post", f"{path}/withdraw", keys[Role.INSTITUTION]).data["status"] == "withdrawn"
    assert api.call("post", f"{path}/withdraw", keys[Role.INSTITUTION]).status_code == 409
