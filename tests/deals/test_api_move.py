"""POST /api/deals/{id}/move: the refusals of core.workflow.run as the API documents them — a step the caller may
not take is a 403, a step from the wrong stage a 409, an unfinished checklist, a missing reason, note or
landing a 422 naming the field; the lead skips the checklist with a reason, which the stage history keeps."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from hardtech.accounts.models import Role, User
from hardtech.audit.models import AuditEntry
from hardtech.deals import services
from hardtech.deals.choices import ContractStatus, Stage
from hardtech.deals.models import Contract, TeamRole
from support.api_calls import api_of

call = api_of("/api/deals")


def move(client, deal, user, transition, note="", **data):
    return call(client, "post", f"/{deal.pk}/move", user, {"transition": transition, "note": note, **data})


def errors(response) -> dict:
    """The 422's items by the field they name."""
    return {item["loc"][-1]: item["msg"] for item in response.data["detail"]}


def finish_checklist(deal, user):
    for item in deal.checklist.filter(stage=deal.stage):
        services.tick(user, item)


@pytest.fixture
def specialist(deal, users):
    member = User.objects.create_user("ip-specialist", password="pass-1234", role=Role.MANAGER)
    services.add_member(users[Role.MANAGER], deal, member, TeamRole.objects.get(code="ip"))
    return member


def test_unfinished_checklist_is_a_422_naming_it(client, users, deal):
    response = move(client, deal, users[Role.MANAGER], "to_negotiating")
    assert response.status_code == 422
    assert response.data["detail"][0]["loc"] == ["body", "payload", "checklist"]
    assert "保密协议" in errors(response)["checklist"]
    deal.refresh_from_db()
    assert deal.stage == Stage.INTRODUCED


def test_a_finished_checklist_moves_on(client, users, deal, specialist):
    finish_checklist(deal, users[Role.MANAGER])
    response = move(client, deal, specialist, "to_negotiating", "双方有意向")  # a specialist works the deal
    assert response.status_code == 200, response.data
    assert response.data["stage"] == "negotiating" and response.data["stage_note"] == "双方有意向"
    assert response.data["version"] == deal.version + 1
    visits = call(client, "get", f"/{deal.pk}/stages", users[Role.ENTERPRISE]).data
    assert [v["stage"] for v in visits] == ["introduced", "negotiating"]
    assert visits[1]["moved_by"]["id"] == specialist.pk and visits[1]["note"] == "双方有意向"
    assert visits[0]["left_at"] is not None and visits[1]["override"] == ""


def test_wrong_stage_is_a_409(client, users, deal):
    services.move(users[Role.MANAGER], deal, "skip_to_negotiating", "保密协议随合同签署")
    response = move(client, deal, users[Role.MANAGER], "to_negotiating")
    assert response.status_code == 409
    assert response.data["detail"] == "“洽谈”状态不能进入洽谈"


def test_parties_may_not_move_and_strangers_do_not_see(client, users, deal):
    finish_checklist(deal, users[Role.MANAGER])
    for role in (Role.ENTERPRISE, Role.INSTITUTION):
        refused = move(client, deal, users[role], "to_negotiating")
        assert refused.status_code == 403 and refused.data["detail"] == "无权进入洽谈"
    for role in (Role.EXPERT, Role.REGISTRAR):
        assert move(client, deal, users[role], "to_negotiating").status_code == 404
    assert move(client, deal, None, "to_negotiating").status_code == 401
    deal.refresh_from_db()
    assert deal.stage == Stage.INTRODUCED


def test_lead_skips_with_a_reason_a_specialist_may_not(client, users, deal, specialist):
    no_reason = move(client, deal, users[Role.MANAGER], "skip_to_negotiating")
    assert no_reason.status_code == 422 and "阶段说明" in errors(no_reason)["note"]
    assert move(client, deal, specialist, "skip_to_negotiating", "急").status_code == 403
    skipped = move(client, deal, users[Role.MANAGER], "skip_to_negotiating", "保密协议随合同一并签署")
    assert skipped.status_code == 200 and skipped.data["stage"] == "negotiating"
    visits = call(client, "get", f"/{deal.pk}/stages", users[Role.MANAGER]).data
    assert visits[-1]["override"] == "保密协议随合同一并签署" and visits[-1]["note"] == ""


def test_unknown_transition_is_a_422(client, users, deal):
    response = move(client, deal, users[Role.MANAGER], "to_moon")
    assert response.status_code == 422 and errors(response)["transition"] == "没有“to_moon”这一步"
    assert move(client, deal, users[Role.MANAGER], "to_closed").status_code == 409  # a step of another stage


def test_end_needs_a_note_and_a_reason_from_the_list(client, users, deal, specialist):
    lead = users[Role.MANAGER]
    assert move(client, deal, specialist, "end", "谈不拢", reason="price").status_code == 403
    no_note = move(client, deal, lead, "end", reason="price")
    assert no_note.status_code == 422 and "note" in errors(no_note)
    no_reason = move(client, deal, lead, "end", "谈不拢")
    assert no_reason.status_code == 422 and errors(no_reason)["reason"] == "请选择终止原因"
    bad_reason = move(client, deal, lead, "end", "谈不拢", reason="bogus")
    assert bad_reason.status_code == 422
    ended = move(client, deal, lead, "end", "价格谈不拢", reason="price")
    assert ended.status_code == 200
    assert ended.data["stage"] == "ended" and ended.data["end_reason_label"] == "价格或条款未谈拢"
    assert ended.data["closed_at"] and ended.data["steps"] == []
    again = move(client, deal, lead, "end", "再次终止", reason="price")
    assert again.status_code == 403  # nobody leads a finished deal


def test_operator_may_take_any_step(client, users, deal):
    operator = users[Role.OPERATOR]
    steps = {s["name"] for s in call(client, "get", f"/{deal.pk}", operator).data["steps"]}
    assert steps == {"to_negotiating", "skip_to_negotiating", "end"}
    assert move(client, deal, operator, "skip_to_negotiating", "管委会推进").status_code == 200


def test_registered_needs_the_contract_and_landed_a_landing(client, users, deal):
    lead = users[Role.MANAGER]
    for step in ("skip_to_negotiating", "skip_to_signed"):
        services.move(lead, deal, step, "测试")
    unregistered = move(client, deal, lead, "skip_to_registered", "测试")
    assert unregistered.status_code == 422 and "认定登记" in errors(unregistered)["stage"]
    Contract.objects.create(
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
        status=ContractStatus.REGISTERED,
    )
    for step in ("skip_to_registered", "skip_to_implementing"):
        assert move(client, deal, lead, step, "测试").status_code == 200
    no_landing = move(client, deal, lead, "skip_to_landed", "测试")
    assert no_landing.status_code == 422 and "落地形式" in errors(no_landing)["landing"]
    bad_landing = move(client, deal, lead, "skip_to_landed", "测试", landing="moon")
    assert bad_landing.status_code == 422
    landed = move(client, deal, lead, "skip_to_landed", "测试", landing="company")
    assert landed.status_code == 200 and landed.data["landing"] == "company"
    assert landed.data["landing_label"] == "成立企业"


def test_api_steps_and_edits_are_audited_with_who_and_why(client, users, deal):
    lead = users[Role.MANAGER]
    assert call(client, "patch", f"/{deal.pk}", lead, {"amount": "55"}).status_code == 200
    assert move(client, deal, lead, "skip_to_negotiating", "保密协议随合同签署").status_code == 200
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(deal)), object_id=str(deal.pk)
    ).order_by("id")
    edit, step = list(entries)[-2:]
    assert edit.actor == lead and edit.channel == "api" and "amount" in edit.changes
    assert step.actor == lead and step.channel == "api"
    assert step.changes["transition"] == "越过清单进入洽谈" and "stage" in step.changes
