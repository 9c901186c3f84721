"""The permission matrix for scoped grants, through the API: a user whose account has no home organisation
but holds organisation.member (enterprise) or organisation.admin (institution) on the record's organisation acts
as its owner; the same user granted on another organisation (an outsider) does not. Written from the rules in
hardtech.catalogue.permissions: owners edit, submit and withdraw their listings and delete their drafts; a record
the caller cannot see (an unpublished listing of someone else) is a 404, a visible one it may not touch a 403."""

import pytest

from hardtech.accounts import grants, scopes
from hardtech.accounts.models import ApiToken, Role, User
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.catalogue.services import with_revision

GRANTEES = ("member", "outsider")
EXPECTED: dict[tuple[str, str], tuple[int, int]] = {
    ("demands", "update"): (200, 403),  # published target
    ("demands", "submit"): (200, 404),  # draft target
    ("demands", "withdraw"): (200, 403),  # published target
    ("demands", "delete"): (204, 404),  # draft target
    ("achievements", "update"): (200, 403),
    ("achievements", "submit"): (200, 404),
    ("achievements", "withdraw"): (200, 403),
    ("achievements", "delete"): (204, 404),
    ("experts", "update"): (200, 403),  # an expert of the university
    ("organisations", "update"): (200, 403),  # the organisation itself
}
START = {"update": "published", "submit": "draft", "withdraw": "published", "delete": "draft"}
DONE = {"submit": "pending", "withdraw": "withdrawn"}
MODELS = {"achievements": Achievement, "demands": Demand, "experts": Expert, "organisations": Organisation}
CASES = [
    pytest.param(resource, action, grantee, codes[i], id=f"{resource}-{action}-{grantee}")
    for (resource, action), codes in EXPECTED.items()
    for i, grantee in enumerate(GRANTEES)
]


def _grantee(name: str, role: str, scoped_role: str, org: Organisation) -> str:
    user = User.objects.create_user(name, password="pass-1234", role=role)
    grants.grant(user, scoped_role, org, by=None)
    return ApiToken.issue(user)[1]


@pytest.fixture
def targets(achievement, demand, expert, university, other_university, enterprise, other_enterprise) -> dict:
    """Per resource: the record, and the keys of its organisation's grantee and of an outsider."""
    institution = {
        "member": _grantee("lab-admin", Role.INSTITUTION, scopes.ORGANISATION_ADMIN, university),
        "outsider": _grantee("other-admin", Role.INSTITUTION, scopes.ORGANISATION_ADMIN, other_university),
    }
    company = {
        "member": _grantee("colleague", Role.ENTERPRISE, scopes.ORGANISATION_MEMBER, enterprise),
        "outsider": _grantee("stranger", Role.ENTERPRISE, scopes.ORGANISATION_MEMBER, other_enterprise),
    }
    return {
        "achievements": (achievement, institution),
        "experts": (expert, institution),
        "organisations": (university, institution),
        "demands": (demand, company),
    }


@pytest.mark.parametrize(("resource", "action", "grantee", "expected"), CASES)
def test_scoped_permission_matrix(api, targets, resource, action, grantee, expected):
    target, keys = targets[resource]
    model, key, path = MODELS[resource], keys[grantee], f"{resource}/{target.pk}"
    if resource in ("achievements", "demands"):
        model.objects.filter(pk=target.pk).update(status=START[action])
    if action == "update":
        label = {"experts": "name", "organisations": "description"}.get(resource, "title")
        response = api.call("patch", path, key, {label: "成员改名"})
        assert response.status_code == expected, response.content
        target.refresh_from_db()
        # An owner's edit of a published listing waits in its pending revision.
        edited = with_revision(target) if resource in ("achievements", "demands") else target
        assert (getattr(edited, label) == "成员改名") == (expected == 200)
    elif action == "delete":
        assert api.call("delete", path, key).status_code == expected
        assert model.objects.filter(pk=target.pk).exists() == (expected != 204)
    else:
        assert api.call("post", f"{path}/{action}", key).status_code == expected
        target.refresh_from_db()
        assert target.status == (DONE[action] if expected == 200 else START[action])


def test_a_profile_reader_evaluates_the_granted_profile_only(api, enterprise, other_enterprise):
    from hardtech.policies.permissions import PROFILE_READER

    key = _grantee("deal-manager", Role.MANAGER, PROFILE_READER, enterprise)
    for org, expected in ((enterprise, 200), (other_enterprise, 403)):
        body = {"year": 2026, "organisation": org.pk}
        assert api.call("post", "policy/evaluate", key, body).status_code == expected
