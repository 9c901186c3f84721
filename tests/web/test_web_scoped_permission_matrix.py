"""The web permission matrix for scoped grants: a user without a home organisation who holds
organisation.member (enterprise) or organisation.admin (institution) on the record's organisation edits, submits
and deletes its listings and edits the organisation, as its own users do; the same user granted on another
organisation is refused (403, or 404 where the record is not visible to it) and nothing changes. A
profile.reader reads the granted enterprise's 一企一档 page and no other."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from hardtech.accounts import grants, scopes
from hardtech.accounts.models import Role, User
from hardtech.catalogue.models import Achievement, Demand, Organisation
from hardtech.catalogue.services import with_revision

pytestmark = pytest.mark.django_db

#                                   member  outsider
EXPECTED: dict[tuple[str, str], tuple[bool, bool]] = {
    ("demand", "edit"): (True, False),
    ("demand", "submit"): (True, False),
    ("demand", "delete"): (True, False),
    ("achievement", "edit"): (True, False),
    ("achievement", "submit"): (True, False),
    ("achievement", "delete"): (True, False),
    ("organisation", "edit"): (True, False),
}
CASES = [
    pytest.param(model, action, grantee, row[i], id=f"{model}-{action}-{grantee}")
    for (model, action), row in EXPECTED.items()
    for i, grantee in enumerate(("member", "outsider"))
]


def _client(name: str, role: str, scoped_role: str, org: Organisation) -> Client:
    user = User.objects.create_user(name, password="pass-1234", role=role)
    grants.grant(user, scoped_role, org, by=None)
    client = Client()
    client.force_login(user)
    return client


def _attempt(model: str, action: str, university, enterprise) -> tuple[str, dict, Callable[[], bool]]:
    """The URL, the form data and whether the action took effect."""
    if model == "organisation":
        data = {"name": university.name, "kind": "university", "description": "成员改的简介"}
        return (
            reverse("organisation_edit", args=[university.pk]),
            data,
            lambda: Organisation.objects.get(pk=university.pk).description == "成员改的简介",
        )
    status = "published" if action == "edit" else "draft"
    if model == "achievement":
        obj = Achievement.objects.create(
            title="成员成果", field="new_materials", summary="简介", status=status
        )
        obj.organisations.add(university)
        data = {
            "title": "成员改名",
            "field": "new_materials",
            "summary": "简介",
            "organisations": [university.pk],
        }
    else:
        obj = Demand.objects.create(
            title="成员需求", field="new_materials", enterprise=enterprise, problem="难题", status=status
        )
        data = {"title": "成员改名", "field": "new_materials", "problem": "难题", "enterprise": enterprise.pk}
    manager = type(obj).objects
    effect = {
        "edit": lambda: with_revision(manager.get(pk=obj.pk)).title == "成员改名",
        "submit": lambda: manager.get(pk=obj.pk).status == "pending",
        "delete": lambda: not manager.filter(pk=obj.pk).exists(),
    }[action]
    return reverse(f"{model}_{action}", args=[obj.pk]), data, effect


@pytest.mark.parametrize(("model", "action", "grantee", "allowed"), CASES)
def test_web_scoped_permission(
    university, other_university, enterprise, other_enterprise, model, action, grantee, allowed
):
    if model == "demand":
        org = enterprise if grantee == "member" else other_enterprise
        client = _client("colleague", Role.ENTERPRISE, scopes.ORGANISATION_MEMBER, org)
    else:
        org = university if grantee == "member" else other_university
        client = _client("lab-admin", Role.INSTITUTION, scopes.ORGANISATION_ADMIN, org)
    url, data, happened = _attempt(model, action, university, enterprise)
    response = client.post(url, data)
    assert response.status_code in ({302} if allowed else {403, 404})
    assert happened() == allowed


def test_a_profile_reader_reads_the_granted_profile_only(enterprise, other_enterprise):
    from hardtech.policies.permissions import PROFILE_READER

    client = _client("deal-manager", Role.MANAGER, PROFILE_READER, enterprise)
    assert client.get(f"/policy/profiles/{enterprise.pk}/").status_code == 200
    assert client.get(f"/policy/profiles/{other_enterprise.pk}/").status_code == 403
