"""The deals' role × action permission matrix, through the API (/api/deals), written from the rules in
hardtech.deals.permissions and hardtech.deals.workflow:

- the deal is seen by the operator, its team (the lead, the specialists) and its parties (the seller's
  institution, the buyer's enterprise); anybody else gets a 404, as if it did not exist, and an anonymous
  caller a 401;
- the team and the operator work it (edit, tick and add checklist items, log activity, take a step with the
  checklist done); the parties may not (403) but upload documents;
- the lead and the operator manage the team, skip a checklist with a reason and end the deal; a specialist may
  not (403);
- after closing, the parties rate the service, nobody else (403).

And the scoped matrix beside it: a manager granted deal.specialist (or deal.lead) on another deal holds nothing
on this one; an expired grant holds nothing either.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hardtech.accounts import grants
from hardtech.accounts.models import ApiToken, Role, User
from hardtech.deals import services
from hardtech.deals.choices import Stage
from hardtech.deals.models import Deal, DealMember, TeamRole
from hardtech.deals.permissions import DEAL_SPECIALIST
from support.api_calls import api_of

ACTORS = (
    "operator",
    "lead",
    "specialist",
    "other_manager",
    "institution",
    "enterprise",
    "expert",
    "registrar",
    "anonymous",
)


call = api_of("/api/deals")


@dataclass(frozen=True)
class Action:
    """One action: how to take it, what it leaves behind when it was allowed, what the deal must be first."""

    take: Callable  # (client, deal, user, ctx) -> response
    done: Callable[[Deal], bool]  # whether the deal shows the action's effect
    ok: int = 200
    closed: bool = False  # taken on a closed deal


def _upload(client, deal, user, ctx):
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)[1]}"} if user else {}
    upload = SimpleUploadedFile("评估报告.pdf", b"%PDF-1.4 matrix")
    return client.post(
        f"/api/deals/{deal.pk}/documents", data={"title": "评估报告", "file": upload}, headers=headers
    )


def _move(client, deal, user, ctx):
    for item in deal.checklist.filter(stage=deal.stage):
        services.tick(ctx["lead"], item)
    return call(client, "post", f"/{deal.pk}/move", user, {"transition": "to_negotiating"})


def _stage(deal: Deal) -> str:
    return Deal.objects.get(pk=deal.pk).stage


ACTIONS: dict[str, Action] = {
    "view": Action(lambda c, d, u, ctx: call(c, "get", f"/{d.pk}", u), lambda d: True),
    "patch": Action(
        lambda c, d, u, ctx: call(c, "patch", f"/{d.pk}", u, {"title": "矩阵改名"}),
        lambda d: Deal.objects.get(pk=d.pk).title == "矩阵改名",
    ),
    "move": Action(_move, lambda d: _stage(d) == Stage.NEGOTIATING),
    "add_item": Action(
        lambda c, d, u, ctx: call(c, "post", f"/{d.pk}/checklist", u, {"label": "矩阵事项"}),
        lambda d: d.checklist.filter(label="矩阵事项").exists(),
        ok=201,
    ),
    "add_activity": Action(
        lambda c, d, u, ctx: call(
            c, "post", f"/{d.pk}/activities", u, {"kind": "call", "summary": "矩阵电话"}
        ),
        lambda d: d.activities.filter(summary="矩阵电话").exists(),
        ok=201,
    ),
    "team_change": Action(
        lambda c, d, u, ctx: call(
            c, "post", f"/{d.pk}/team", u, {"user": ctx["newcomer"].pk, "role": "legal"}
        ),
        lambda d: DealMember.objects.filter(deal=d, user__username="newcomer").exists(),
        ok=201,
    ),
    "skip": Action(
        lambda c, d, u, ctx: call(
            c, "post", f"/{d.pk}/move", u, {"transition": "skip_to_negotiating", "note": "随合同签署保密协议"}
        ),
        lambda d: _stage(d) == Stage.NEGOTIATING,
    ),
    "end": Action(
        lambda c, d, u, ctx: call(
            c,
            "post",
            f"/{d.pk}/move",
            u,
            {"transition": "end", "note": "需求方放弃", "reason": "buyer_withdrew"},
        ),
        lambda d: _stage(d) == Stage.ENDED,
    ),
    "feedback": Action(
        lambda c, d, u, ctx: call(c, "post", f"/{d.pk}/feedback", u, {"rating": 5, "comment": "满意"}),
        lambda d: d.feedback.exists(),
        closed=True,
    ),
    "upload_document": Action(_upload, lambda d: d.documents.exists(), ok=201),
}

# Allowed (the action's success code) or the refusal, per actor. "ok" stands for the action's success code.
OK = "ok"
HIDDEN = {"other_manager": 404, "expert": 404, "registrar": 404, "anonymous": 401}
EXPECTED: dict[str, dict[str, int | str]] = {
    "view": {"operator": OK, "lead": OK, "specialist": OK, "institution": OK, "enterprise": OK},
    "patch": {"operator": OK, "lead": OK, "specialist": OK, "institution": 403, "enterprise": 403},
    "move": {"operator": OK, "lead": OK, "specialist": OK, "institution": 403, "enterprise": 403},
    "add_item": {"operator": OK, "lead": OK, "specialist": OK, "institution": 403, "enterprise": 403},
    "add_activity": {"operator": OK, "lead": OK, "specialist": OK, "institution": 403, "enterprise": 403},
    "team_change": {"operator": OK, "lead": OK, "specialist": 403, "institution": 403, "enterprise": 403},
    "skip": {"operator": OK, "lead": OK, "specialist": 403, "institution": 403, "enterprise": 403},
    "end": {"operator": OK, "lead": OK, "specialist": 403, "institution": 403, "enterprise": 403},
    "feedback": {"operator": 403, "lead": 403, "specialist": 403, "institution": OK, "enterprise": OK},
    "upload_document": {"operator": OK, "lead": OK, "specialist": OK, "institution": OK, "enterprise": OK},
}
CASES = [
    pytest.param(action, actor, {**HIDDEN, **row}[actor], id=f"{action}-{actor}")
    for action, row in EXPECTED.items()
    for actor in ACTORS
]


def _manager(username: str) -> User:
    return User.objects.create_user(username, password="pass-1234", role=Role.MANAGER)


@pytest.fixture
def ctx(users, deal, settings, tmp_path) -> dict:
    settings.MEDIA_ROOT = tmp_path / "media"
    lead = users[Role.MANAGER]
    specialist = _manager("specialist")
    services.add_member(lead, deal, specialist, TeamRole.objects.get(code="ip"))
    return {
        "operator": users[Role.OPERATOR],
        "lead": lead,
        "specialist": specialist,
        "other_manager": _manager("other-manager"),
        "institution": users[Role.INSTITUTION],
        "enterprise": users[Role.ENTERPRISE],
        "expert": users[Role.EXPERT],
        "registrar": users[Role.REGISTRAR],
        "anonymous": None,
        "newcomer": _manager("newcomer"),
    }


@pytest.mark.parametrize(("action", "actor", "expected"), CASES)
def test_permission_matrix(client, deal, ctx, action, actor, expected):
    spec = ACTIONS[action]
    if spec.closed:
        Deal.objects.filter(pk=deal.pk).update(stage=Stage.CLOSED, closed_at=timezone.now())
        deal.refresh_from_db()
    status = spec.ok if expected == OK else expected
    response = spec.take(client, deal, ctx[actor], ctx)
    assert response.status_code == status, response.content.decode()
    if action != "view":
        assert spec.done(deal) == (expected == OK)


# --- grants are scoped to their deal ------------------------------------------------------------------------


@pytest.fixture
def other_deal(users, other_university, other_enterprise) -> Deal:
    return services.open_deal(
        users[Role.MANAGER], title="另一项技术许可", sellers=[other_university], buyers=[other_enterprise]
    )


SCOPED = ("view", "patch", "add_item", "add_activity", "team_change", "skip", "end")


@pytest.mark.parametrize("action", SCOPED)
def test_a_specialist_of_another_deal_may_not_touch_this_one(client, deal, other_deal, ctx, action):
    granted = ctx["other_manager"]
    services.add_member(ctx["lead"], other_deal, granted, TeamRole.objects.get(code="finance"))
    assert ACTIONS[action].take(client, deal, granted, ctx).status_code == 404
    assert not ACTIONS[action].done(deal) or action == "view"


def test_the_specialist_grant_works_on_its_own_deal(client, other_deal, ctx):
    granted = ctx["other_manager"]
    services.add_member(ctx["lead"], other_deal, granted, TeamRole.objects.get(code="finance"))
    assert ACTIONS["view"].take(client, other_deal, granted, ctx).status_code == 200
    assert ACTIONS["patch"].take(client, other_deal, granted, ctx).status_code == 200
    assert ACTIONS["add_item"].take(client, other_deal, granted, ctx).status_code == 201
    assert (
        ACTIONS["skip"].take(client, other_deal, granted, ctx).status_code == 403
    )  # a specialist, not the lead


@pytest.mark.parametrize("action", ["view", "patch", "skip", "team_change"])
def test_the_lead_of_another_deal_may_not_lead_this_one(client, users, deal, ctx, action, other_university):
    other_lead = ctx["other_manager"]
    services.open_deal(
        other_lead, title="他人牵头的项目", sellers=[other_university], buyers=list(deal.buyers.all())
    )
    assert ACTIONS[action].take(client, deal, other_lead, ctx).status_code == 404


def test_an_expired_grant_holds_nothing(client, deal, ctx):
    late = ctx["other_manager"]
    grants.grant(late, DEAL_SPECIALIST, deal, by=ctx["lead"], expires_at=timezone.now() - timedelta(days=1))
    for action in ("view", "patch", "add_item"):
        assert ACTIONS[action].take(client, deal, late, ctx).status_code == 404
    grants.grant(late, DEAL_SPECIALIST, deal, by=ctx["lead"])  # renewed
    assert ACTIONS["view"].take(client, deal, User.objects.get(pk=late.pk), ctx).status_code == 200
