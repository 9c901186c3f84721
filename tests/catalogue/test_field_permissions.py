"""Who may set which field: one rule (permissions.editable_fields), the same on the web forms and the API.

The table is written from the rules, not read off the code: an organisation's identity (name, kind, parent)
is the operator's, since it decides ownership and what the support policy pays; a demand's enterprise is
set by the curators (operator, manager), an enterprise user publishes as itself; an expert's organisation by
the curators and the institution (within its family), not by the expert; an achievement's organisations by
its editors (an owner adds its own family and invites others, see test_co_ownership). Every other field of
a record may be set by whoever may edit the record.

Targets: the enterprise user's own organisation, the enterprise's demand, the university's achievement, and
an expert at the university whose account is the expert user's.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.catalogue import permissions
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.catalogue.services import with_revision
from support.form_post import posted_fields

OP, MAN, INST, ENT, EXP = Role.OPERATOR, Role.MANAGER, Role.INSTITUTION, Role.ENTERPRISE, Role.EXPERT
ANON = "anonymous"
ROLES = [OP, MAN, INST, ENT, EXP, ANON]

WHO_SETS: dict[tuple[str, str], set[str]] = {
    ("organisation", "name"): {OP},
    ("organisation", "kind"): {OP},
    ("organisation", "parent"): {OP},
    ("organisation", "description"): {OP, ENT},
    ("demand", "enterprise"): {OP, MAN},
    ("demand", "title"): {OP, MAN, ENT},
    ("achievement", "organisations"): {OP, MAN, INST},
    ("achievement", "summary"): {OP, MAN, INST},
    ("expert", "organisation"): {OP, MAN, INST},
    ("expert", "bio"): {OP, MAN, INST, EXP},
}
# Who may edit each target at all (the record-level matrices test this; here it tells 403-for-the-record from
# 403-for-the-field).
EDITORS = {
    "organisation": {OP, ENT},
    "demand": {OP, MAN, ENT},
    "achievement": {OP, MAN, INST},
    "expert": {OP, MAN, INST, EXP},
}
API_PATH = {
    "organisation": "organisations",
    "demand": "demands",
    "achievement": "achievements",
    "expert": "experts",
}

CASES = [
    pytest.param(model, name, role, role in roles, id=f"{model}.{name}-{role}")
    for (model, name), roles in WHO_SETS.items()
    for role in ROLES
]


@pytest.fixture
def world(users, university, enterprise, other_enterprise, achievement, demand) -> dict:
    lab = Organisation.objects.create(name="测试大学光电实验室", kind="key_lab", parent=university)
    expert = Expert.objects.create(name="矩阵专家", organisation=university, user=users[EXP], bio="原简介")
    return {
        "targets": {
            "organisation": enterprise,
            "demand": demand,
            "achievement": achievement,
            "expert": expert,
        },
        # a new value for each field, valid for every role that may set it
        "values": {
            "name": "改名后的公司",
            "kind": "university",
            "parent": other_enterprise.pk,
            "description": "新的简介",
            "enterprise": other_enterprise.pk,
            "title": "新的名称",
            "organisations": [university.pk, lab.pk],
            "summary": "新的简介",
            "organisation": lab.pk,
            "bio": "新的简介",
        },
    }


def stored(obj, name: str):
    """The value as its editors now see it: an owner's change of a published listing waits in its revision."""
    obj = type(obj).objects.get(pk=obj.pk)
    if isinstance(obj, Achievement | Demand):
        obj = with_revision(obj)
    if name in ("organisations",):
        return sorted(obj.organisations.values_list("pk", flat=True))
    field = obj._meta.get_field(name)
    return getattr(obj, field.attname)


def user_of(users, role: str):
    return None if role == ANON else users[role]


@pytest.mark.parametrize(("model", "name", "role", "allowed"), CASES)
def test_the_rule(users, world, model, name, role, allowed):
    user = AnonymousUser() if role == ANON else users[role]
    assert (name in permissions.editable_fields(user, world["targets"][model])) is allowed


@pytest.mark.parametrize(("model", "name", "role", "allowed"), CASES)
def test_api_applies_the_rule(api_as, users, world, model, name, role, allowed):
    target, value = world["targets"][model], world["values"][name]
    before = stored(target, name)
    response = api_as(user_of(users, role), "patch", f"{API_PATH[model]}/{target.pk}", {name: value})
    if allowed:
        assert response.status_code == 200, response.data
        assert stored(target, name) == value
        return
    assert response.status_code == {ANON: 401}.get(role, 403), response.data
    assert stored(target, name) == before
    if role in EDITORS[model]:  # refused for the field, which the message names
        label = target._meta.get_field(name).verbose_name
        assert f"{label}（{name}）" in response.data["detail"]


@pytest.mark.parametrize(("model", "name", "role", "allowed"), CASES)
def test_web_form_applies_the_rule(web_as, users, world, model, name, role, allowed):
    target, value = world["targets"][model], world["values"][name]
    before = stored(target, name)
    url = reverse(f"{model}_edit", args=[target.pk])
    client = web_as(user_of(users, role))
    page = client.get(url)
    if role not in EDITORS[model]:
        assert page.status_code in (302, 403, 404)
        return
    assert (name in page.context["form"].fields) is allowed
    # Post the form as rendered with the field set to the new value; for a field the form does not offer,
    # this is a forged input, which must change nothing.
    data = posted_fields(page.content.decode())
    data[name] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert stored(target, name) == (value if allowed else before)


def test_enterprise_cannot_change_its_identity_over_the_api(api_as, users, enterprise, university):
    """The issue's attack: an enterprise user renames itself, turns into a university and moves under one."""
    body = {"name": "改名公司", "kind": "university", "parent": university.pk}
    response = api_as(users[ENT], "patch", f"organisations/{enterprise.pk}", body)
    assert response.status_code == 403
    assert all(label in response.data["detail"] for label in ("名称", "类型", "上级机构"))
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.kind, enterprise.parent_id, enterprise.version) == (
        "秦创测试科技有限公司",
        "enterprise",
        None,
        1,
    )


def test_sending_back_unchanged_identity_is_no_change(api_as, users, enterprise):
    """A client may send back the record it read: a reserved field left as it is is not a change."""
    body = {"name": enterprise.name, "kind": enterprise.kind, "parent": None, "description": "新的简介"}
    response = api_as(users[ENT], "patch", f"organisations/{enterprise.pk}", body)
    assert response.status_code == 200 and response.data["description"] == "新的简介"
