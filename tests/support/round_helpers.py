"""A small review round for the round tests: experts with accounts at an outside institute (and one at the
item's own university), published items, a three-criterion rubric."""

import json
from decimal import Decimal

from django.test import Client

from hardtech.accounts.models import ApiToken, Role, User
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.review import services
from hardtech.review.models import Round
from hardtech.review.services import CriterionSpec

PASSWORD = "pass-1234"

RUBRIC = [
    CriterionSpec("创新性", Decimal("0.5")),
    CriterionSpec("市场前景", Decimal("0.3")),
    CriterionSpec("团队", Decimal("0.2")),
]


def reviewer(name: str, username: str, organisation: Organisation | None) -> Expert:
    user = User.objects.create_user(username, password=PASSWORD, role=Role.EXPERT)
    return Expert.objects.create(
        name=name,
        organisation=organisation,
        fields=["electronic_information"],
        keywords=["激光器"],
        user=user,
    )


def outside_institute() -> Organisation:
    return Organisation.objects.get_or_create(name="秦岭测试研究院", defaults={"kind": "institute"})[0]


def panel(n: int) -> list[Expert]:
    institute = outside_institute()
    return [reviewer(f"评审专家{i}", f"reviewer{i}", institute) for i in range(1, n + 1)]


def items(university: Organisation, enterprise: Organisation, n: int) -> list[Achievement | Demand]:
    out: list[Achievement | Demand] = []
    for i in range(n):
        if i % 2 == 0:
            a = Achievement.objects.create(
                title=f"评审测试成果{i}",
                field="electronic_information",
                summary="激光器封装",
                status="published",
            )
            a.organisations.add(university)
            out.append(a)
        else:
            out.append(
                Demand.objects.create(
                    title=f"评审测试需求{i}",
                    field="electronic_information",
                    enterprise=enterprise,
                    problem="激光器散热",
                    status="published",
                )
            )
    return out


def make_round(operator: User, records, k: int = 2, max_load: int = 5) -> Round:
    return services.create_round(
        operator,
        title="2026 年度成果评审",
        reviewers_per_item=k,
        max_load=max_load,
        items=records,
        criteria=RUBRIC,
    )


def call(client: Client, method: str, path: str, user: User, body: dict | None = None):
    """/api/review/{path} with the user's token; the JSON answer is response.data."""
    key = ApiToken.issue(user)[1]
    kwargs = {"headers": {"Authorization": f"Bearer {key}"}}
    if method != "get":
        kwargs.update(data=json.dumps(body or {}), content_type="application/json")
    response = getattr(client, method)(f"/api/review/{path}", **kwargs)
    response.data = json.loads(response.content) if response.content else None
    return response
