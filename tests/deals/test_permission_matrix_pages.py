"""The deals' role × action permission matrix on the pages (the URL names of hardtech.deals.urls), from the same
rules as the API matrix (hardtech.deals.permissions): a deal is shown to the operator, its team and its parties;
anybody else gets a 404, an anonymous visitor the sign-in page. The team and the operator work it; the parties
are refused (403) but upload documents; the lead and the operator manage the team, skip with a reason and end
it; after closing the parties rate the service. A page whose URL name does not exist (yet) is skipped.

Allowed writes answer with a redirect back to the deal, and the action's effect is checked too (a refused step
leaves the deal as it was); a manager granted on another deal holds nothing on this one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.deals import services
from hardtech.deals.choices import ContractStatus, Stage
from hardtech.deals.models import Contract, Deal, DealMember, Document, TeamRole

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
OK, LOGIN = "ok", "login"
ELSEWHERE = "elsewhere"  # sent on to another page (the operator's "my figures" is the ranking)


def url(name: str, *args) -> str:
    try:
        return reverse(f"deals:{name}", args=args)
    except NoReverseMatch:
        pytest.skip(f"no page deals:{name} yet")


def _stage(deal: Deal) -> str:
    return Deal.objects.get(pk=deal.pk).stage


def _tick_all(deal: Deal, ctx: dict) -> None:
    for item in deal.checklist.filter(stage=deal.stage):
        services.tick(ctx["lead"], item)


def _upload_first(deal: Deal, ctx: dict) -> None:
    upload = SimpleUploadedFile("评估报告.pdf", b"%PDF-1.4 matrix")
    ctx["version"] = services.upload_document(ctx["lead"], deal, "评估报告", upload)


def _close(deal: Deal, ctx: dict) -> None:
    Deal.objects.filter(pk=deal.pk).update(stage=Stage.CLOSED, closed_at=timezone.now())


def _contract(deal: Deal, ctx: dict, status: str = ContractStatus.DRAFT) -> None:
    ctx["contract"] = Contract.objects.create(
        deal=deal,
        project_name=deal.title,
        contract_type="license_patent",
        buyer_name="秦创测试科技有限公司",
        buyer_kind="enterprise",
        buyer_region="610131",
        seller_name="西安测试大学",
        seller_kind="university",
        seller_region="610113",
        signed_on=date(2026, 5, 1),
        valid_from=date(2026, 5, 1),
        valid_to=date(2028, 4, 30),
        total_amount=100,
        payment_method="lump_sum",
        ip_type="invention_patent",
        tech_field="electronic_information",
        status=status,
    )


def _submitted_contract(deal: Deal, ctx: dict) -> None:
    _contract(deal, ctx, ContractStatus.SUBMITTED)


def _contract_status(ctx: dict) -> str:
    return Contract.objects.get(pk=ctx["contract"].pk).status


@dataclass(frozen=True)
class Page:
    """A page action: the URL name and its arguments, the POST data (None: a GET), what it leaves behind."""

    name: str
    args: Callable[[Deal, dict], tuple] = lambda d, ctx: (d.pk,)
    data: Callable[[dict], dict] | None = None
    done: Callable[[Deal], bool] | None = None
    before: tuple[Callable[[Deal, dict], None], ...] = field(default_factory=tuple)


def _step(**extra) -> Callable[[dict], dict]:
    return lambda ctx: {"note": "矩阵说明", **extra}


PAGES: dict[str, Page] = {
    "view": Page("detail"),
    "edit_form": Page("edit"),
    "edit": Page(
        "edit",
        data=lambda ctx: {"title": "矩阵改名", "summary": "", "amount": "", "version": 1},
        done=lambda d: Deal.objects.get(pk=d.pk).title == "矩阵改名",
    ),
    "move": Page(
        "step",
        args=lambda d, ctx: (d.pk, "to_negotiating"),
        data=lambda ctx: {"note": ""},
        done=lambda d: _stage(d) == Stage.NEGOTIATING,
        before=(_tick_all,),
    ),
    "skip": Page(
        "step",
        args=lambda d, ctx: (d.pk, "skip_to_negotiating"),
        data=_step(),
        done=lambda d: _stage(d) == Stage.NEGOTIATING,
    ),
    "end": Page(
        "step",
        args=lambda d, ctx: (d.pk, "end"),
        data=_step(reason="funding"),
        done=lambda d: _stage(d) == Stage.ENDED,
    ),
    "add_item": Page(
        "item_add",
        data=lambda ctx: {"label": "矩阵事项"},
        done=lambda d: d.checklist.filter(label="矩阵事项").exists(),
    ),
    "tick": Page(
        "item_tick",
        args=lambda d, ctx: (d.pk, d.checklist.order_by("pk").first().pk),
        data=lambda ctx: {"done": "on"},
        done=lambda d: d.checklist.order_by("pk").first().done_at is not None,
    ),
    "add_activity": Page(
        "activity_add",
        data=lambda ctx: {"kind": "call", "summary": "矩阵电话"},
        done=lambda d: d.activities.filter(summary="矩阵电话").exists(),
    ),
    "team_change": Page(
        "member_add",
        data=lambda ctx: {"user": ctx["newcomer"].pk, "role": TeamRole.objects.get(code="legal").pk},
        done=lambda d: DealMember.objects.filter(deal=d, user__username="newcomer").exists(),
    ),
    "upload_document": Page(
        "document_upload",
        data=lambda ctx: {"title": "矩阵文档", "file": SimpleUploadedFile("m.pdf", b"%PDF-1.4 matrix")},
        done=lambda d: Document.objects.filter(deal=d, title="矩阵文档").exists(),
    ),
    "download_document": Page("document", args=lambda d, ctx: (ctx["version"].pk,), before=(_upload_first,)),
    "feedback_form": Page("feedback", before=(_close,)),
    "feedback": Page(
        "feedback",
        data=lambda ctx: {"rating": "5", "comment": "满意"},
        done=lambda d: d.feedback.exists(),
        before=(_close,),
    ),
    "contract_view": Page("contract", args=lambda d, ctx: (ctx["contract"].pk,), before=(_contract,)),
    "contract_form": Page("contract_new"),
    "contract_submit": Page(
        "contract_submit",
        args=lambda d, ctx: (ctx["contract"].pk,),
        data=lambda ctx: {},
        done=lambda d: d.contract.status == ContractStatus.SUBMITTED,
        before=(_contract,),
    ),
    "contract_register": Page(
        "contract_register",
        args=lambda d, ctx: (ctx["contract"].pk,),
        data=lambda ctx: {"contract_type": "license_patent", "technology_amount": "100"},
        done=lambda d: d.contract.status == ContractStatus.REGISTERED,
        before=(_submitted_contract,),
    ),
    "contract_edit_form": Page(
        "contract_edit", args=lambda d, ctx: (ctx["contract"].pk,), before=(_contract,)
    ),
    "contract_return": Page(
        "contract_return",
        args=lambda d, ctx: (ctx["contract"].pk,),
        data=lambda ctx: {"note": "请补充付款方式"},
        done=lambda d: d.contract.status == ContractStatus.RETURNED,
        before=(_submitted_contract,),
    ),
    "item_due": Page(
        "item_due",
        args=lambda d, ctx: (d.pk, d.checklist.order_by("pk").first().pk),
        data=lambda ctx: {"due_on": "2030-01-31"},
        done=lambda d: d.checklist.order_by("pk").first().due_on == date(2030, 1, 31),
    ),
    "team_remove": Page(
        "member_remove",
        args=lambda d, ctx: (d.pk, DealMember.objects.get(deal=d, user=ctx["specialist"]).pk),
        data=lambda ctx: {},
        done=lambda d: not DealMember.objects.filter(deal=d, user__username="specialist").exists(),
    ),
    "lead_change": Page(
        "lead_change",
        data=lambda ctx: {"lead": ctx["newcomer"].pk},
        done=lambda d: Deal.objects.get(pk=d.pk).lead.username == "newcomer",
    ),
    "board": Page("board", args=lambda d, ctx: ()),
    "list": Page("list", args=lambda d, ctx: ()),
    "open_form": Page("open", args=lambda d, ctx: ()),
    "workspace": Page("workspace", args=lambda d, ctx: ()),
    "registry": Page("registry", args=lambda d, ctx: ()),
    "contracts_export": Page("contracts_export", args=lambda d, ctx: ()),
    "contracts_import": Page("contracts_import", args=lambda d, ctx: ()),
    "performance": Page("performance", args=lambda d, ctx: ()),
    "performance_export": Page("performance_export", args=lambda d, ctx: ()),
    "performance_mine": Page("performance_mine", args=lambda d, ctx: ()),
}

HIDDEN = {"other_manager": 404, "expert": 404, "registrar": 404, "anonymous": LOGIN}
TEAM_WORK = {"operator": OK, "lead": OK, "specialist": OK, "institution": 403, "enterprise": 403}
LEAD_WORK = {"operator": OK, "lead": OK, "specialist": 403, "institution": 403, "enterprise": 403}
EVERYONE_WHO_SEES = dict.fromkeys(("operator", "lead", "specialist", "institution", "enterprise"), OK)
SIGNED_IN = dict.fromkeys(ACTORS, OK)
BY_ROLE = {**dict.fromkeys(ACTORS, 403), "anonymous": LOGIN}
EXPECTED: dict[str, dict[str, int | str]] = {
    "view": EVERYONE_WHO_SEES,
    "edit_form": TEAM_WORK,
    "edit": TEAM_WORK,
    "move": TEAM_WORK,
    "skip": LEAD_WORK,
    "end": LEAD_WORK,
    "add_item": TEAM_WORK,
    "tick": TEAM_WORK,
    "add_activity": TEAM_WORK,
    "team_change": LEAD_WORK,
    "upload_document": EVERYONE_WHO_SEES,
    # A download is a 404 for anyone who does not see the deal, the anonymous visitor included.
    "download_document": {**EVERYONE_WHO_SEES, "anonymous": 404},
    "feedback_form": {"operator": 403, "lead": 403, "specialist": 403, "institution": OK, "enterprise": OK},
    "feedback": {"operator": 403, "lead": 403, "specialist": 403, "institution": OK, "enterprise": OK},
    "contract_view": EVERYONE_WHO_SEES,  # a draft: the registrar sees it once submitted
    "contract_form": TEAM_WORK,
    "contract_submit": TEAM_WORK,
    # A submitted record: the registrar sees it (and registers it); the team and the parties see it only.
    "contract_register": {
        "operator": OK,
        "registrar": OK,
        "lead": 403,
        "specialist": 403,
        "institution": 403,
        "enterprise": 403,
    },
    "contract_edit_form": TEAM_WORK,
    "contract_return": {
        "operator": OK,
        "registrar": OK,
        "lead": 403,
        "specialist": 403,
        "institution": 403,
        "enterprise": 403,
    },
    "item_due": TEAM_WORK,
    "team_remove": LEAD_WORK,
    "lead_change": LEAD_WORK,
    # Pages that are no one deal's: signed in, or by global role.
    "board": {**SIGNED_IN, "anonymous": LOGIN},
    "list": {**SIGNED_IN, "anonymous": LOGIN},
    "open_form": {**BY_ROLE, "operator": OK, "lead": OK, "specialist": OK, "other_manager": OK},
    "workspace": {**BY_ROLE, "operator": OK, "lead": OK, "specialist": OK, "other_manager": OK},
    "registry": {**BY_ROLE, "operator": OK, "registrar": OK},
    "contracts_export": {**BY_ROLE, "operator": OK, "registrar": OK},
    "contracts_import": {**BY_ROLE, "operator": OK, "registrar": OK},
    "performance": {**BY_ROLE, "operator": OK},
    "performance_export": {**BY_ROLE, "operator": OK},
    "performance_mine": {**BY_ROLE, "operator": ELSEWHERE, "lead": OK, "specialist": OK, "other_manager": OK},
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


def take(client, page: Page, deal: Deal, user: User | None, ctx: dict):
    target = url(page.name, *page.args(deal, ctx))
    if user is not None:
        client.force_login(user)
    if page.data is None:
        return client.get(target)
    return client.post(target, page.data(ctx))


def check(response, page: Page, expected: int | str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    elif expected == ELSEWHERE:
        assert response.status_code == 302 and not response["Location"].startswith(reverse("login"))
    elif expected == OK:
        wanted = 200 if page.data is None else 302
        assert response.status_code == wanted, response.content.decode()[:500]
        if wanted == 302:
            assert not response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("action", "actor", "expected"), CASES)
def test_page_permission_matrix(client, deal, ctx, action, actor, expected):
    page = PAGES[action]
    for prepare in page.before:
        prepare(deal, ctx)
    deal.refresh_from_db()
    response = take(client, page, deal, ctx[actor], ctx)
    check(response, page, expected)
    if page.done is not None:
        assert page.done(deal) == (expected == OK)


# --- grants are scoped to their deal ------------------------------------------------------------------------


@pytest.fixture
def other_deal(users, other_university, other_enterprise) -> Deal:
    return services.open_deal(
        users[Role.MANAGER], title="另一项技术许可", sellers=[other_university], buyers=[other_enterprise]
    )


@pytest.mark.parametrize(
    "action", ["view", "edit_form", "edit", "add_item", "add_activity", "skip", "team_change"]
)
def test_a_specialist_of_another_deal_gets_404_here(client, deal, other_deal, ctx, action):
    granted = ctx["other_manager"]
    services.add_member(ctx["lead"], other_deal, granted, TeamRole.objects.get(code="finance"))
    page = PAGES[action]
    assert take(client, page, deal, granted, ctx).status_code == 404
    if page.done is not None:
        assert not page.done(deal)
    own = take(client, PAGES["view"], other_deal, granted, ctx)
    assert own.status_code == 200
