"""Scoped roles: a grant of a declared role on one object, checked fast, audited, expiring, and counted as
belonging to an organisation for the catalogue's ownership rules."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from hardtech.accounts import grants, scopes
from hardtech.accounts.models import Role, User
from hardtech.audit.models import AuditEntry
from hardtech.catalogue import permissions
from hardtech.catalogue.models import Achievement, Demand
from hardtech.policies.permissions import PROFILE_READER


@pytest.fixture
def newcomer(db, enterprise) -> User:
    """An enterprise account whose home is another organisation: it belongs to `enterprise` only by a grant."""
    return User.objects.create_user("newcomer", password="pass-1234", role=Role.ENTERPRISE)


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # as the next request would load it


def test_domains_declare_their_scoped_roles():
    codes = {r.code for r in scopes.declared()}
    assert {"organisation.admin", "organisation.member", "profile.reader"} <= codes
    assert scopes.label("profile.reader") == "企业档案查阅人"


def test_a_grant_holds_on_its_object_only(newcomer, enterprise, other_enterprise, users):
    grants.grant(newcomer, PROFILE_READER, enterprise, by=users[Role.OPERATOR])
    user = fresh(newcomer)
    assert grants.has_grant(user, PROFILE_READER, enterprise)
    assert not grants.has_grant(user, PROFILE_READER, other_enterprise)
    assert not grants.has_grant(user, scopes.ORGANISATION_ADMIN, enterprise)


def test_an_undeclared_role_or_wrong_object_is_refused(newcomer, enterprise, demand, users):
    with pytest.raises(KeyError):
        grants.grant(newcomer, "nobody.declared", enterprise, by=None)
    with pytest.raises(ValueError):
        grants.grant(newcomer, PROFILE_READER, demand, by=None)


def test_grants_are_read_once_per_request_user(
    newcomer, enterprise, other_enterprise, django_assert_num_queries
):
    grants.grant(newcomer, PROFILE_READER, enterprise, by=None)
    user = fresh(newcomer)
    ContentType.objects.get_for_model(type(enterprise))  # the content type cache, warm in any running site
    with django_assert_num_queries(1):
        for _ in range(5):
            grants.has_grant(user, PROFILE_READER, enterprise)
            grants.has_grant(user, PROFILE_READER, other_enterprise)


def test_an_expired_grant_no_longer_holds(newcomer, enterprise):
    grants.grant(
        newcomer, PROFILE_READER, enterprise, by=None, expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert not grants.has_grant(fresh(newcomer), PROFILE_READER, enterprise)


def test_grant_and_revoke_are_audited(newcomer, enterprise, users):
    held = grants.grant(newcomer, PROFILE_READER, enterprise, by=users[Role.OPERATOR])
    pk = held.pk
    grants.revoke(held)
    assert not grants.has_grant(fresh(newcomer), PROFILE_READER, enterprise)
    actions = list(
        AuditEntry.objects.filter(content_type__model="grant", object_id=str(pk)).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["create", "delete"]


def test_a_member_grant_makes_the_organisations_demands_its_own(newcomer, enterprise, demand):
    assert not permissions.can_edit(fresh(newcomer), demand)
    grants.grant(newcomer, scopes.ORGANISATION_MEMBER, enterprise, by=None)
    user = fresh(newcomer)
    assert permissions.owns(user, demand) and permissions.can_edit(user, demand)
    draft = Demand.objects.create(title="成员的草稿", field="new_energy", enterprise=enterprise, problem="x")
    assert draft in permissions.visible_listings(user, Demand.objects.all())
    assert draft in permissions.owned_listings(user, Demand.objects.all())


def test_an_admin_grant_on_a_university_covers_its_achievements(db, university, achievement):
    user = User.objects.create_user("lab-admin", password="pass-1234", role=Role.INSTITUTION)
    grants.grant(user, scopes.ORGANISATION_ADMIN, university, by=None)
    user = fresh(user)
    assert permissions.can_edit(user, achievement)
    assert permissions.may_save(user, Achievement(), [university.pk])


def test_a_member_by_grant_answers_its_organisations_co_ownership_invitations(
    client, achievement, other_university
):
    from hardtech.catalogue.models import OwnershipInvitation

    invitation = OwnershipInvitation.objects.create(achievement=achievement, organisation=other_university)
    user = User.objects.create_user("other-lab", password="pass-1234", role=Role.INSTITUTION)
    grants.grant(user, scopes.ORGANISATION_MEMBER, other_university, by=None)
    client.force_login(user)
    assert achievement.title in client.get("/invitations/").content.decode()
    assert client.post(f"/invitations/{invitation.pk}/accept/").status_code == 302
    assert other_university in achievement.organisations.all()
