"""The web permission matrix: every role × every action, with the outcome the rules in
hardtech.catalogue.permissions promise (written from the rules, not read off the code's behaviour).

    yes    the action succeeds (2xx/3xx) and has its effect (an owner's edit of a published listing: in its
           pending revision, which the published version keeps waiting for review)
    no     refused while logged in (403, or 404 where the record is not even visible) with no effect
    login  anonymous: redirected to the login page, no effect
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.catalogue.services import with_revision

pytestmark = pytest.mark.django_db

OP, MAN, INST, ENT, EXP, ANON = (
    Role.OPERATOR,
    Role.MANAGER,
    Role.INSTITUTION,
    Role.ENTERPRISE,
    Role.EXPERT,
    "anonymous",
)
ROLES = [OP, MAN, INST, ENT, EXP, ANON]

# Targets: the achievement belongs to the institution user's university, the demand to the enterprise user's
# company, the expert works at that university and is the expert user's own profile, the organisation is the
# enterprise user's company. Delete targets are drafts (owners may delete only drafts and rejected listings).
EXPECTED: dict[tuple[str, str], dict[str, str]] = {
    #                           operator      manager       institution    enterprise     expert        anonymous
    ("achievement", "create"): {OP: "yes", MAN: "yes", INST: "yes", ENT: "no", EXP: "no", ANON: "login"},
    ("achievement", "edit"): {OP: "yes", MAN: "yes", INST: "yes", ENT: "no", EXP: "no", ANON: "login"},
    ("achievement", "delete"): {OP: "yes", MAN: "no", INST: "yes", ENT: "no", EXP: "no", ANON: "login"},
    ("achievement", "submit"): {OP: "yes", MAN: "yes", INST: "yes", ENT: "no", EXP: "no", ANON: "login"},
    ("achievement", "approve"): {OP: "yes", MAN: "no", INST: "no", ENT: "no", EXP: "no", ANON: "login"},
    ("achievement", "reject"): {OP: "yes", MAN: "no", INST: "no", ENT: "no", EXP: "no", ANON: "login"},
    ("demand", "create"): {OP: "yes", MAN: "yes", INST: "no", ENT: "yes", EXP: "no", ANON: "login"},
    ("demand", "edit"): {OP: "yes", MAN: "yes", INST: "no", ENT: "yes", EXP: "no", ANON: "login"},
    ("demand", "delete"): {OP: "yes", MAN: "no", INST: "no", ENT: "yes", EXP: "no", ANON: "login"},
    ("demand", "submit"): {OP: "yes", MAN: "yes", INST: "no", ENT: "yes", EXP: "no", ANON: "login"},
    ("demand", "approve"): {OP: "yes", MAN: "no", INST: "no", ENT: "no", EXP: "no", ANON: "login"},
    ("demand", "reject"): {OP: "yes", MAN: "no", INST: "no", ENT: "no", EXP: "no", ANON: "login"},
    ("expert", "create"): {OP: "yes", MAN: "yes", INST: "yes", ENT: "no", EXP: "no", ANON: "login"},
    ("expert", "edit"): {OP: "yes", MAN: "yes", INST: "yes", ENT: "no", EXP: "yes", ANON: "login"},
    ("organisation", "create"): {OP: "yes", MAN: "no", INST: "no", ENT: "no", EXP: "no", ANON: "login"},
    ("organisation", "edit"): {OP: "yes", MAN: "no", INST: "no", ENT: "yes", EXP: "no", ANON: "login"},
}


@dataclass
class Attempt:
    url: str
    data: dict
    happened: Callable[[], bool]


def _achievement(university, status: str) -> Achievement:
    item = Achievement.objects.create(title="矩阵成果", field="new_materials", summary="简介", status=status)
    item.organisations.add(university)
    return item


def _demand(enterprise, status: str) -> Demand:
    return Demand.objects.create(
        title="矩阵需求", field="new_materials", enterprise=enterprise, problem="难题", status=status
    )


def _status_becomes(obj, status: str) -> Callable[[], bool]:
    return lambda: type(obj).objects.get(pk=obj.pk).status == status


def _gone(obj) -> Callable[[], bool]:
    return lambda: not type(obj).objects.filter(pk=obj.pk).exists()


def _workflow(model: str, action: str, make: Callable[[str], object]) -> Attempt:
    start, end = {
        "submit": ("draft", "pending"),
        "approve": ("pending", "published"),
        "reject": ("pending", "rejected"),
        "delete": ("draft", None),
    }[action]
    obj = make(start)
    happened = _gone(obj) if action == "delete" else _status_becomes(obj, end)
    return Attempt(reverse(f"{model}_{action}", args=[obj.pk]), {"note": "材料不全"}, happened)


def attempt(model: str, action: str, users, university, enterprise) -> Attempt:
    achievement_data = {
        "title": "改后的名称",
        "field": "new_materials",
        "summary": "简介",
        "organisations": [university.pk],
    }
    demand_data = {
        "title": "改后的名称",
        "field": "new_materials",
        "problem": "难题",
        "enterprise": enterprise.pk,
    }
    if model == "achievement":
        if action == "create":
            return Attempt(
                reverse("achievement_create"),
                achievement_data,
                lambda: Achievement.objects.filter(title="改后的名称").exists(),
            )
        if action == "edit":
            obj = _achievement(university, "published")
            return Attempt(
                reverse("achievement_edit", args=[obj.pk]),
                achievement_data,
                lambda: with_revision(Achievement.objects.get(pk=obj.pk)).title == "改后的名称",
            )
        return _workflow(model, action, lambda status: _achievement(university, status))
    if model == "demand":
        if action == "create":
            return Attempt(
                reverse("demand_create"),
                demand_data,
                lambda: Demand.objects.filter(title="改后的名称").exists(),
            )
        if action == "edit":
            obj = _demand(enterprise, "published")
            return Attempt(
                reverse("demand_edit", args=[obj.pk]),
                demand_data,
                lambda: with_revision(Demand.objects.get(pk=obj.pk)).title == "改后的名称",
            )
        return _workflow(model, action, lambda status: _demand(enterprise, status))
    if model == "expert":
        data = {"name": "改后的名称", "organisation": university.pk, "fields": ["new_materials"]}
        if action == "create":
            return Attempt(
                reverse("expert_create"), data, lambda: Expert.objects.filter(name="改后的名称").exists()
            )
        obj = Expert.objects.create(name="矩阵专家", organisation=university, user=users[EXP])
        return Attempt(
            reverse("expert_edit", args=[obj.pk]),
            data,
            lambda: Expert.objects.get(pk=obj.pk).name == "改后的名称",
        )
    data = {"name": "改后的名称", "kind": "enterprise", "description": "改后的简介"}
    if action == "create":
        return Attempt(
            reverse("organisation_create"),
            data,
            lambda: Organisation.objects.filter(name="改后的名称").exists(),
        )
    data["name"] = enterprise.name
    return Attempt(
        reverse("organisation_edit", args=[enterprise.pk]),
        data,
        lambda: Organisation.objects.get(pk=enterprise.pk).description == "改后的简介",
    )


CASES = [
    (model, action, role, outcome)
    for (model, action), row in EXPECTED.items()
    for role, outcome in row.items()
]


def test_matrix_covers_every_role():
    assert all(set(row) == set(ROLES) for row in EXPECTED.values())


STATUS = {"yes": {302}, "no": {403, 404}, "login": {302}}


def _form_errors(response) -> object:
    form = response.context.get("form") if response.context else None
    return form.errors if form is not None else response.status_code


@pytest.mark.parametrize(
    ("model", "action", "role", "expected"), CASES, ids=[f"{m}-{a}-{r}-{e}" for m, a, r, e in CASES]
)
def test_web_permission(client_for, users, university, enterprise, model, action, role, expected):
    target = attempt(model, action, users, university, enterprise)
    client = client_for(role)
    if action in ("create", "edit"):
        form_page = client.get(target.url)
        assert form_page.status_code in ({200} if expected == "yes" else STATUS[expected])
    response = client.post(target.url, target.data)
    assert response.status_code in STATUS[expected], _form_errors(response)
    assert target.happened() == (expected == "yes")
    if expected == "login":
        assert response["Location"].startswith(reverse("login"))
