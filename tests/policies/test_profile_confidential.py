"""一企一档 figures are the enterprise's and the operator's: a technology manager reads an enterprise's R&D and
revenue (page, calculator, API) only once the enterprise's admin granted it profile.reader on its profile page,
and no longer once revoked. Before, every manager read every profile."""

import pytest
from django.test import Client

from hardtech.accounts import grants, scopes
from hardtech.accounts.models import Role, User
from support.policy_web_helpers import YEAR

REVENUE = "15000"  # the profile fixture's 2024 revenue, as the profile page prints it


@pytest.fixture
def admin(users) -> User:
    """The enterprise user, made its organisation's admin."""
    user = users[Role.ENTERPRISE]
    grants.grant(user, scopes.ORGANISATION_ADMIN, user.organisation, by=users[Role.OPERATOR])
    return user


def reads(client: Client, user: User, org_id: int, key: str) -> tuple[int, int, int]:
    """Status of the profile page, the calculator on the profile and the API's evaluation of it."""
    client.force_login(user)
    page = client.get(f"/policy/profiles/{org_id}/")
    calculator = client.get("/policy/calculator/", {"org": org_id, "year": YEAR, "policy": "sample"})
    api = client.post(
        "/api/policy/evaluate",
        {"year": YEAR, "organisation": org_id},
        "application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    if page.status_code == 200:
        assert REVENUE in page.content.decode()
    return page.status_code, calculator.status_code, api.status_code


def test_a_manager_without_a_grant_reads_nothing(client, users, keys, profile):
    manager = users[Role.MANAGER]
    assert reads(client, manager, profile.organisation_id, keys[Role.MANAGER]) == (403, 403, 403)
    listed = client.get("/policy/profiles/").content.decode()
    assert profile.organisation.name not in listed


def test_the_enterprise_admin_grants_and_revokes_read_access(client, users, keys, profile, admin):
    org, manager = profile.organisation, users[Role.MANAGER]
    client.force_login(admin)
    page = client.get(f"/policy/profiles/{org.pk}/").content.decode()
    assert "授权查阅" in page and manager.username in page  # managers are offered on the profile page
    response = client.post(
        f"/account/organisation/{org.pk}/grants/",
        {"role": "profile.reader", "user": manager.pk, "next": f"/policy/profiles/{org.pk}/"},
    )
    assert response.status_code == 302 and response["Location"] == f"/policy/profiles/{org.pk}/"

    assert reads(client, manager, org.pk, keys[Role.MANAGER]) == (200, 200, 200)
    assert org.name in client.get("/policy/profiles/").content.decode()

    held = grants.holders("profile.reader", org).get()
    client.force_login(admin)
    assert client.post(f"/account/organisation/{org.pk}/grants/{held.pk}/revoke/").status_code == 302
    assert reads(client, manager, org.pk, keys[Role.MANAGER]) == (403, 403, 403)


def test_only_the_admin_or_the_operator_grants(client, users, profile):
    org, manager = profile.organisation, users[Role.MANAGER]
    body = {"role": "profile.reader", "user": manager.pk}
    for role in (Role.ENTERPRISE, Role.MANAGER, Role.INSTITUTION):  # the enterprise user is no admin here
        client.force_login(users[role])
        assert client.post(f"/account/organisation/{org.pk}/grants/", body).status_code == 403
    assert not grants.holders("profile.reader", org).exists()
    client.force_login(users[Role.OPERATOR])
    assert client.post(f"/account/organisation/{org.pk}/grants/", body).status_code == 302
    assert grants.holders("profile.reader", org).get().user == manager


def test_an_admin_grants_only_what_the_organisation_gives(client, users, profile, admin):
    """The admin cannot make someone a member or admin through a grant (that is invitation and hand-over)."""
    client.force_login(admin)
    for role in ("organisation.admin", "organisation.member"):
        body = {"role": role, "user": users[Role.MANAGER].pk}
        assert (
            client.post(f"/account/organisation/{profile.organisation_id}/grants/", body).status_code == 400
        )
    assert not grants.grants_on(profile.organisation).exclude(user=admin).exists()


def test_members_and_the_operator_read(client, users, keys, profile):
    org = profile.organisation
    member = User.objects.create_user("colleague", password="pass-1234", role=Role.ENTERPRISE)
    grants.grant(member, scopes.ORGANISATION_MEMBER, org, by=None)
    client.force_login(member)
    assert client.get(f"/policy/profiles/{org.pk}/").status_code == 200
    assert reads(client, users[Role.OPERATOR], org.pk, keys[Role.OPERATOR]) == (200, 200, 200)
    assert reads(client, users[Role.ENTERPRISE], org.pk, keys[Role.ENTERPRISE]) == (200, 200, 200)
