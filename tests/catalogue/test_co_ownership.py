"""Co-ownership needs consent: an institution that adds another organisation to its achievement invites it;
the other becomes a co-owner (and may edit) only when one of its users accepts, and no owner removes another
owner's organisation. The curators (operator, manager) set organisations directly."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role, User
from hardtech.audit.recorder import history
from hardtech.catalogue.models import InvitationStatus, OwnershipInvitation
from support.form_post import posted_fields

INST = Role.INSTITUTION


@pytest.fixture
def other_institution(other_university) -> User:
    return User.objects.create_user("other-institution", role=INST, organisation=other_university)


def organisations_of(achievement) -> set[str]:
    return set(achievement.organisations.values_list("name", flat=True))


def test_adding_another_institution_invites_it(api_as, users, achievement, university, other_university):
    """The issue's case: before, the other institution was added at once, could edit and remove the first."""
    path = f"achievements/{achievement.pk}"
    body = {"organisations": [university.pk, other_university.pk]}
    response = api_as(users[INST], "patch", path, body)
    assert response.status_code == 200
    assert [o["name"] for o in response.data["organisations"]] == ["西安测试大学"]
    assert [o["name"] for o in response.data["pending_organisations"]] == ["长安测试学院"]
    invitation = OwnershipInvitation.objects.get()
    assert (invitation.organisation, invitation.invited_by, invitation.status) == (
        other_university,
        users[INST],
        InvitationStatus.PENDING,
    )
    # An invitation alone changes nothing: the listing stays published, the invitee may not edit it.
    achievement.refresh_from_db()
    assert achievement.status == "published" and achievement.version == 1
    assert organisations_of(achievement) == {"西安测试大学"}


def test_accepting_makes_a_co_owner_who_cannot_remove_the_first(
    api_as, users, achievement, university, other_university, other_institution
):
    path = f"achievements/{achievement.pk}"
    api_as(users[INST], "patch", path, {"organisations": [university.pk, other_university.pk]})
    assert api_as(other_institution, "patch", path, {"summary": "抢先修改"}).status_code == 403

    pending = api_as(other_institution, "get", "invitations")
    [item] = pending.data["items"]
    assert item["achievement"]["title"] == achievement.title and item["status"] == "pending"
    assert [o["name"] for o in item["achievement"]["organisations"]] == ["西安测试大学"]
    assert api_as(users[INST], "get", "invitations").data["items"] == []  # addressed to the other side only
    accepted = api_as(other_institution, "post", f"invitations/{item['id']}/accept")
    assert accepted.status_code == 200 and accepted.data["status"] == "accepted"
    assert organisations_of(achievement) == {"西安测试大学", "长安测试学院"}
    # audited, with the accepting user as the actor
    added = {"organisations": {"added": [other_university.pk]}}
    assert [e.actor for e in history(achievement) if e.changes == added] == [other_institution]
    assert api_as(other_institution, "post", f"invitations/{item['id']}/accept").status_code == 409

    # Now a co-owner: it edits, but removes neither the first owner nor is removed by it.
    assert api_as(other_institution, "patch", path, {"summary": "共同修改"}).status_code == 200
    refused = api_as(other_institution, "patch", path, {"organisations": [other_university.pk]})
    assert refused.status_code == 403 and "西安测试大学" in refused.data["detail"]
    assert api_as(users[INST], "patch", path, {"organisations": [university.pk]}).status_code == 403
    assert organisations_of(achievement) == {"西安测试大学", "长安测试学院"}
    # The operator settles it.
    assert api_as(users[Role.OPERATOR], "patch", path, {"organisations": [university.pk]}).status_code == 200
    assert organisations_of(achievement) == {"西安测试大学"}


def test_declining_changes_nothing(
    api_as, users, achievement, university, other_university, other_institution
):
    api_as(
        users[INST],
        "patch",
        f"achievements/{achievement.pk}",
        {"organisations": [university.pk, other_university.pk]},
    )
    invitation = OwnershipInvitation.objects.get()
    assert api_as(users[INST], "post", f"invitations/{invitation.pk}/accept").status_code == 404
    declined = api_as(other_institution, "post", f"invitations/{invitation.pk}/decline")
    assert declined.status_code == 200 and declined.data["status"] == "declined"
    assert organisations_of(achievement) == {"西安测试大学"}
    assert api_as(other_institution, "post", f"invitations/{invitation.pk}/accept").status_code == 409


def test_a_new_achievement_invites_the_other_organisations(api_as, users, university, other_university):
    body = {
        "title": "联合成果",
        "field": "new_materials",
        "summary": "x",
        "organisations": [university.pk, other_university.pk],
    }
    response = api_as(users[INST], "post", "achievements", body)
    assert response.status_code == 201
    assert [o["name"] for o in response.data["organisations"]] == ["西安测试大学"]
    assert [o["name"] for o in response.data["pending_organisations"]] == ["长安测试学院"]


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MANAGER])
def test_curators_set_organisations_directly(api_as, users, achievement, university, other_university, role):
    path = f"achievements/{achievement.pk}"
    response = api_as(users[role], "patch", path, {"organisations": [university.pk, other_university.pk]})
    assert response.status_code == 200 and response.data["pending_organisations"] == []
    assert organisations_of(achievement) == {"西安测试大学", "长安测试学院"}
    assert not OwnershipInvitation.objects.exists()


def test_the_web_form_invites_and_the_invitee_accepts_on_its_page(
    web_as, users, achievement, university, other_university, other_institution
):
    owner = web_as(users[INST])
    url = reverse("achievement_edit", args=[achievement.pk])
    data = posted_fields(owner.get(url).content.decode())
    data["organisations"] = [str(university.pk), str(other_university.pk)]
    response = owner.post(url, data, follow=True)
    assert "已邀请“长安测试学院”成为共有机构" in response.content.decode()
    assert organisations_of(achievement) == {"西安测试大学"}
    assert "已邀请、待对方确认：长安测试学院" in owner.get(url).content.decode()

    invitee = web_as(other_institution)
    assert "共有机构邀请（1 条待处理）" in invitee.get(reverse("mine")).content.decode()
    page = invitee.get(reverse("invitations")).content.decode()
    assert achievement.title in page and "西安测试大学" in page
    invitation = OwnershipInvitation.objects.get()
    assert owner.post(reverse("invitation_accept", args=[invitation.pk])).status_code == 404
    response = invitee.post(reverse("invitation_accept", args=[invitation.pk]), follow=True)
    assert "“长安测试学院”已成为" in response.content.decode()
    assert organisations_of(achievement) == {"西安测试大学", "长安测试学院"}


def test_the_web_form_refuses_to_remove_a_co_owner(web_as, users, achievement, other_university):
    achievement.organisations.add(other_university)
    owner = web_as(users[INST])
    url = reverse("achievement_edit", args=[achievement.pk])
    data = posted_fields(owner.get(url).content.decode())
    data["organisations"] = [str(o.pk) for o in achievement.organisations.exclude(pk=other_university.pk)]
    response = owner.post(url, data)
    assert response.status_code == 200
    assert "不能移除其他共有机构：长安测试学院" in response.context["form"].errors["organisations"][0]
    assert organisations_of(achievement) == {"西安测试大学", "长安测试学院"}
