"""The team's work on a deal through /api/deals/{id}: the checklist (tick, due dates, own items), the team (the
lead adds and removes specialists, who then see the deal or no longer do), the activity log, versioned
documents uploaded as multipart, and the parties' feedback once the deal is closed."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hardtech.accounts.models import ApiToken, Role, User
from hardtech.deals import services
from hardtech.deals.choices import Stage
from hardtech.deals.models import Deal
from support.api_calls import api_of

PDF = b"%PDF-1.4 test file"


call = api_of("/api/deals")


def upload(client, deal, user, title, content, name="合同草案.pdf", note=""):
    response = client.post(
        f"/api/deals/{deal.pk}/documents",
        data={"title": title, "note": note, "file": SimpleUploadedFile(name, content)},
        headers={"Authorization": f"Bearer {ApiToken.issue(user)[1]}"},
    )
    response.data = json.loads(response.content) if response.content else None
    return response


@pytest.fixture
def newcomer(db):
    return User.objects.create_user("finance-manager", password="pass-1234", role=Role.MANAGER)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- checklist ----------------------------------------------------------------------------------------------


def test_checklist_lists_ticks_and_sets_due_dates(client, users, deal):
    lead = users[Role.MANAGER]
    items = call(client, "get", f"/{deal.pk}/checklist", users[Role.ENTERPRISE]).data
    assert [i["code"] for i in items] == ["needs_confirmed", "nda_signed", "first_meeting"]
    assert all(i["stage"] == "introduced" and i["required"] and not i["done"] for i in items)
    first = items[0]["id"]
    ticked = call(client, "patch", f"/{deal.pk}/checklist/{first}", lead, {"done": True, "note": "已确认"})
    assert ticked.status_code == 200, ticked.data
    assert ticked.data["done"] and ticked.data["done_by"]["id"] == lead.pk and ticked.data["note"] == "已确认"
    dated = call(client, "patch", f"/{deal.pk}/checklist/{first}", lead, {"due_on": "2026-12-31"})
    assert dated.data["due_on"] == "2026-12-31" and dated.data["done"]
    undone = call(client, "patch", f"/{deal.pk}/checklist/{first}", lead, {"done": False, "due_on": None})
    assert not undone.data["done"] and undone.data["due_on"] is None
    bad_date = call(client, "patch", f"/{deal.pk}/checklist/{first}", lead, {"due_on": "31/12/2026"})
    assert bad_date.status_code == 422 and bad_date.data["detail"][0]["msg"] == "日期格式应为 YYYY-MM-DD"


def test_checklist_refusals(client, users, deal, other_enterprise):
    item = deal.checklist.first()
    refused = call(client, "patch", f"/{deal.pk}/checklist/{item.pk}", users[Role.ENTERPRISE], {"done": True})
    assert refused.status_code == 403 and refused.data["detail"] == "无权更新该项目的清单"
    assert (
        call(
            client, "patch", f"/{deal.pk}/checklist/{item.pk}", users[Role.EXPERT], {"done": True}
        ).status_code
        == 404
    )
    other = services.open_deal(
        users[Role.MANAGER], title="另一项目", sellers=[other_enterprise], buyers=[deal.buyers.first()]
    )
    foreign = other.checklist.first()  # an item of another deal is not found under this one
    assert (
        call(
            client, "patch", f"/{deal.pk}/checklist/{foreign.pk}", users[Role.MANAGER], {"done": True}
        ).status_code
        == 404
    )


def test_team_adds_its_own_items_in_the_current_stage(client, users, deal):
    added = call(
        client,
        "post",
        f"/{deal.pk}/checklist",
        users[Role.MANAGER],
        {"label": "  寄送样品 ", "due_on": "2026-12-20"},
    )
    assert added.status_code == 201, added.data
    assert (
        added.data["label"] == "寄送样品"
        and added.data["stage"] == "introduced"
        and not added.data["required"]
    )
    assert (
        call(client, "post", f"/{deal.pk}/checklist", users[Role.INSTITUTION], {"label": "x"}).status_code
        == 403
    )
    assert (
        call(client, "post", f"/{deal.pk}/checklist", users[Role.MANAGER], {"label": ""}).status_code == 422
    )
    assert deal.checklist.count() == 4


# --- team ---------------------------------------------------------------------------------------------------


def test_team_roles_are_listed(client, users):
    roles = call(client, "get", "/team-roles", users[Role.EXPERT]).data
    assert [r["code"] for r in roles] == ["ip", "legal", "finance"]
    assert roles[0]["label"] == "知识产权专员"


def test_lead_adds_a_specialist_who_then_sees_and_works_the_deal(client, users, deal, newcomer):
    assert call(client, "get", f"/{deal.pk}", newcomer).status_code == 404
    added = call(
        client, "post", f"/{deal.pk}/team", users[Role.MANAGER], {"user": newcomer.pk, "role": "finance"}
    )
    assert added.status_code == 201, added.data
    assert added.data["user"]["id"] == newcomer.pk and added.data["role_label"] == "财务专员"
    team = call(client, "get", f"/{deal.pk}/team", users[Role.ENTERPRISE]).data
    assert team["lead"]["id"] == users[Role.MANAGER].pk and [m["user"]["id"] for m in team["members"]] == [
        newcomer.pk
    ]
    assert call(client, "get", "", newcomer).data["count"] == 1
    assert call(client, "patch", f"/{deal.pk}", newcomer, {"summary": "专员补充"}).status_code == 200
    # A specialist does not manage the team.
    other = User.objects.create_user("legal-manager", password="pass-1234", role=Role.MANAGER)
    assert (
        call(client, "post", f"/{deal.pk}/team", newcomer, {"user": other.pk, "role": "legal"}).status_code
        == 403
    )

    removed = call(client, "delete", f"/{deal.pk}/team/{added.data['id']}", users[Role.MANAGER])
    assert removed.status_code == 204
    assert call(client, "get", f"/{deal.pk}", newcomer).status_code == 404
    assert call(client, "get", "", newcomer).data["count"] == 0


def test_team_refusals(client, users, deal, newcomer):
    lead = users[Role.MANAGER]
    not_manager = call(
        client, "post", f"/{deal.pk}/team", lead, {"user": users[Role.EXPERT].pk, "role": "ip"}
    )
    assert not_manager.status_code == 422
    assert not_manager.data["detail"][0] == {
        "loc": ["body", "payload", "user"],
        "msg": "团队成员须为在职的技术经理人",
        "type": "invalid",
    }
    bad_role = call(client, "post", f"/{deal.pk}/team", lead, {"user": newcomer.pk, "role": "chef"})
    assert bad_role.status_code == 422 and "ip、legal、finance" in bad_role.data["detail"][0]["msg"]
    missing = call(client, "post", f"/{deal.pk}/team", lead, {"user": 999999, "role": "ip"})
    assert missing.status_code == 422 and missing.data["detail"][0]["msg"] == "用户不存在"
    the_lead = call(client, "post", f"/{deal.pk}/team", lead, {"user": lead.pk, "role": "ip"})
    assert the_lead.status_code == 422 and "牵头" in the_lead.data["detail"][0]["msg"]
    party = call(
        client, "post", f"/{deal.pk}/team", users[Role.ENTERPRISE], {"user": newcomer.pk, "role": "ip"}
    )
    assert party.status_code == 403
    assert call(client, "delete", f"/{deal.pk}/team/999999", lead).status_code == 404


def test_lead_hands_over(client, users, deal, newcomer):
    assert (
        call(client, "post", f"/{deal.pk}/lead", users[Role.ENTERPRISE], {"user": newcomer.pk}).status_code
        == 403
    )
    handed = call(client, "post", f"/{deal.pk}/lead", users[Role.MANAGER], {"user": newcomer.pk})
    assert handed.status_code == 200 and handed.data["lead"]["id"] == newcomer.pk
    assert call(client, "get", f"/{deal.pk}", users[Role.MANAGER]).status_code == 404  # no longer on the team


# --- activities, documents, stages --------------------------------------------------------------------------


def test_team_logs_activity_parties_read_it(client, users, deal):
    body = {
        "kind": "meeting",
        "summary": "首次对接会谈",
        "body": "双方介绍需求与技术。",
        "occurred_at": "2026-11-30T10:00:00+08:00",
    }
    logged = call(client, "post", f"/{deal.pk}/activities", users[Role.MANAGER], body)
    assert logged.status_code == 201, logged.data
    assert logged.data["kind_label"] == "会谈" and logged.data["author"]["id"] == users[Role.MANAGER].pk
    listed = call(client, "get", f"/{deal.pk}/activities", users[Role.INSTITUTION]).data
    assert [a["summary"] for a in listed] == ["首次对接会谈"]
    assert call(client, "post", f"/{deal.pk}/activities", users[Role.ENTERPRISE], body).status_code == 403
    assert call(client, "get", f"/{deal.pk}/activities", users[Role.EXPERT]).status_code == 404
    bad_kind = call(client, "post", f"/{deal.pk}/activities", users[Role.MANAGER], {**body, "kind": "party"})
    assert bad_kind.status_code == 422 and bad_kind.data["detail"][0]["loc"] == ["body", "payload", "kind"]


def test_documents_upload_as_versions(client, users, deal, media):
    first = upload(client, deal, users[Role.MANAGER], "合同草案", PDF, note="初稿")
    assert first.status_code == 201, first.data
    assert first.data["title"] == "合同草案" and [v["number"] for v in first.data["versions"]] == [1]
    second = upload(client, deal, users[Role.ENTERPRISE], "合同草案", PDF + b" v2", note="企业修改")
    assert second.status_code == 201 and [v["number"] for v in second.data["versions"]] == [2, 1]
    assert second.data["versions"][0]["content_type"] == "application/pdf"
    assert second.data["versions"][0]["uploaded_by"]["id"] == users[Role.ENTERPRISE].pk
    listed = call(client, "get", f"/{deal.pk}/documents", users[Role.INSTITUTION]).data
    assert [(d["title"], len(d["versions"])) for d in listed] == [("合同草案", 2)]
    client.force_login(users[Role.INSTITUTION])
    download = client.get(listed[0]["versions"][0]["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF + b" v2"


def test_document_refusals(client, users, deal, media):
    html = upload(client, deal, users[Role.MANAGER], "说明", b"<html><script>x</script></html>", name="a.pdf")
    assert html.status_code == 422 and "不是 PDF、PNG 或 JPEG" in html.data["detail"][0]["msg"]
    assert upload(client, deal, users[Role.EXPERT], "说明", PDF).status_code == 404
    assert upload(client, deal, users[Role.MANAGER], "", PDF).status_code == 422
    assert call(client, "get", f"/{deal.pk}/documents", users[Role.MANAGER]).data == []


def test_stage_history_is_read_by_who_sees_the_deal(client, users, deal):
    visits = call(client, "get", f"/{deal.pk}/stages", users[Role.INSTITUTION])
    assert visits.status_code == 200 and [v["stage_label"] for v in visits.data] == ["对接"]
    assert visits.data[0]["moved_by"]["id"] == users[Role.MANAGER].pk
    assert call(client, "get", f"/{deal.pk}/stages", users[Role.REGISTRAR]).status_code == 404


# --- feedback -----------------------------------------------------------------------------------------------


def test_parties_rate_a_closed_deal_once_per_side(client, users, deal):
    early = call(client, "post", f"/{deal.pk}/feedback", users[Role.ENTERPRISE], {"rating": 5})
    assert early.status_code == 403 and early.data["detail"] == "项目完结后，由需求方或成果方评价服务"
    Deal.objects.filter(pk=deal.pk).update(stage=Stage.CLOSED)
    buyer = call(
        client, "post", f"/{deal.pk}/feedback", users[Role.ENTERPRISE], {"rating": 4, "comment": "服务及时"}
    )
    assert buyer.status_code == 200, buyer.data
    assert (
        buyer.data["side"] == "buyer" and buyer.data["side_label"] == "需求方" and buyer.data["rating"] == 4
    )
    again = call(client, "post", f"/{deal.pk}/feedback", users[Role.ENTERPRISE], {"rating": 5})
    assert again.data["id"] == buyer.data["id"] and again.data["rating"] == 5
    seller = call(client, "post", f"/{deal.pk}/feedback", users[Role.INSTITUTION], {"rating": 3})
    assert seller.data["side"] == "seller"
    assert call(client, "post", f"/{deal.pk}/feedback", users[Role.MANAGER], {"rating": 5}).status_code == 403
    out_of_range = call(client, "post", f"/{deal.pk}/feedback", users[Role.ENTERPRISE], {"rating": 6})
    assert out_of_range.status_code == 422 and out_of_range.data["detail"][0]["msg"] == "不能大于 5"
    assert deal.feedback.count() == 2


def test_due_dates_come_from_the_stage_checklist(client, users, deal):
    items = call(client, "get", f"/{deal.pk}/checklist", users[Role.MANAGER]).data
    opened = deal.opened_at.date()
    assert {i["code"]: date.fromisoformat(i["due_on"]) - opened for i in items}["nda_signed"].days == 14
