"""Every role × every write action through the API, against a table written from the rules in
hardtech.catalogue.permissions (not from running the code). Each case checks the status code and the effect.

How the table was derived (fixtures: the achievement belongs to the university, the demand to the enterprise;
the institution and enterprise users belong to those organisations; the expert user has no organisation):

- anonymous: every write needs a token → 401, nothing changes.
- a target the caller may not see (visible_listings/can_view: unpublished and neither operator/manager nor
  owner) → 404; visible but not allowed → 403.
- create: CREATORS — Organisation {operator}; Achievement {operator, manager, institution};
  Demand {operator, manager, enterprise}; Expert {operator, manager, institution}.
- update/submit/withdraw (can_edit): operator all; manager all but organisations; otherwise owners only
  (institution → its achievements, experts and own organisation; enterprise → its demands and organisation).
- delete (can_delete): operator; owners while draft/rejected. Target here: a draft.
- update changes a field every editor of the record may set (an organisation's description: its name is the
  operator's); which role sets which field is test_field_permissions' matrix. An owner's change of a published
  listing lands in its pending revision (the published version stays until approved), a curator's at once.
- approve/reject (can_review): operator only. Target here: a pending listing.
"""

import pytest

from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.catalogue.services import with_revision

ANONYMOUS = "anonymous"  # the key the `keys` fixture uses for no token

ROLES = ("operator", "manager", "institution", "enterprise", "expert", ANONYMOUS)

# status code per role, in ROLES order
EXPECTED: dict[tuple[str, str], tuple[int, ...]] = {
    ("achievements", "create"): (201, 201, 201, 403, 403, 401),
    ("achievements", "update"): (200, 200, 200, 403, 403, 401),  # published target
    ("achievements", "delete"): (204, 403, 204, 404, 404, 401),  # draft target
    ("achievements", "submit"): (200, 200, 200, 404, 404, 401),  # draft target
    ("achievements", "approve"): (200, 403, 403, 404, 404, 401),  # pending target
    ("achievements", "reject"): (200, 403, 403, 404, 404, 401),  # pending target
    ("achievements", "withdraw"): (200, 200, 200, 403, 403, 401),  # published target
    ("demands", "create"): (201, 201, 403, 201, 403, 401),
    ("demands", "update"): (200, 200, 403, 200, 403, 401),
    ("demands", "delete"): (204, 403, 404, 204, 404, 401),
    ("demands", "submit"): (200, 200, 404, 200, 404, 401),
    ("demands", "approve"): (200, 403, 404, 403, 404, 401),
    ("demands", "reject"): (200, 403, 404, 403, 404, 401),
    ("demands", "withdraw"): (200, 200, 403, 200, 403, 401),
    ("experts", "create"): (201, 201, 201, 403, 403, 401),
    ("experts", "update"): (200, 200, 200, 403, 403, 401),  # expert at the university, no linked account
    ("organisations", "create"): (201, 403, 403, 403, 403, 401),
    ("organisations", "update"): (200, 403, 200, 403, 403, 401),  # the university
}

# Status the target starts in, and the one a successful action leaves it in.
TRANSITIONS = {
    "submit": ("draft", "pending"),
    "approve": ("pending", "published"),
    "reject": ("pending", "rejected"),
    "withdraw": ("published", "withdrawn"),
    "delete": ("draft", None),
    "update": ("published", "published"),
}
MODELS = {"achievements": Achievement, "demands": Demand, "experts": Expert, "organisations": Organisation}

CASES = [
    pytest.param(resource, action, role, codes[i], id=f"{resource}-{action}-{role}")
    for (resource, action), codes in EXPECTED.items()
    for i, role in enumerate(ROLES)
]


def _create_body(resource: str, orgs: dict[str, Organisation]) -> dict:
    return {
        "achievements": {
            "title": "矩阵新成果",
            "field": "new_materials",
            "summary": "矩阵测试",
            "organisations": [orgs["university"].pk],
        },
        "demands": {
            "title": "矩阵新需求",
            "field": "new_energy",
            "problem": "矩阵测试",
            "enterprise": orgs["enterprise"].pk,
        },
        "experts": {"name": "矩阵新专家", "organisation": orgs["university"].pk, "fields": ["new_materials"]},
        "organisations": {"name": "矩阵新机构", "kind": "service"},
    }[resource]


@pytest.fixture
def targets(achievement, demand, expert, university, enterprise) -> dict:
    return {
        "achievements": achievement,
        "demands": demand,
        "experts": expert,
        "organisations": university,
        "orgs": {"university": university, "enterprise": enterprise},
    }


@pytest.mark.parametrize(("resource", "action", "role", "expected"), CASES)
def test_permission_matrix(api, keys, targets, resource, action, role, expected):
    model, key = MODELS[resource], keys[role]
    if action == "create":
        before = model.objects.count()
        response = api.call("post", resource, key, _create_body(resource, targets["orgs"]))
        assert response.status_code == expected, response.content
        assert model.objects.count() == before + (1 if expected == 201 else 0)
        return

    target = targets[resource]
    if action in TRANSITIONS and resource in ("achievements", "demands"):
        start, done = TRANSITIONS[action]
        model.objects.filter(pk=target.pk).update(status=start)
    path = f"{resource}/{target.pk}"

    if action == "update":
        label = {"experts": "name", "organisations": "description"}.get(resource, "title")
        original = getattr(target, label)
        response = api.call("patch", path, key, {label: "矩阵改名"})
        assert response.status_code == expected, response.content
        target.refresh_from_db()
        edited = with_revision(target) if resource in ("achievements", "demands") else target
        assert getattr(edited, label) == ("矩阵改名" if expected == 200 else original)
        return

    if action == "delete":
        response = api.call("delete", path, key)
        assert response.status_code == expected, response.content
        assert model.objects.filter(pk=target.pk).exists() == (expected != 204)
        return

    body = {"note": "材料不全"} if action == "reject" else None
    response = api.call("post", f"{path}/{action}", key, body)
    assert response.status_code == expected, response.content
    target.refresh_from_db()
    assert target.status == (done if expected == 200 else start)
    if expected == 200:
        assert response.data["status"] == done


def test_table_covers_every_role_and_action():
    listing_actions = {"create", "update", "delete", "submit", "approve", "reject", "withdraw"}
    for resource in ("achievements", "demands"):
        assert {a for r, a in EXPECTED if r == resource} == listing_actions
    for resource in ("experts", "organisations"):
        assert {a for r, a in EXPECTED if r == resource} >= {"create", "update"}
    assert all(len(codes) == len(ROLES) for codes in EXPECTED.values())
