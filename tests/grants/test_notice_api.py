"""/api/grants 公示 and 异议: public reads and objections (no contact or bank details out), the operator's
decisions, notices, resolutions and finalisation (403 for others, 404 for what they may not see, 409 for a wrong
state, 422 for bad input)."""

from decimal import Decimal

import pytest
from django.test import override_settings

from hardtech.grants.choices import ApplicationStatus
from hardtech.grants.models import Notice, Objection
from hardtech.grants.notices import today
from support.api_calls import api_of
from support.grant_applications import checked_application
from support.grant_reviews import decided, ended, item_of, published, second_applicant
from support.round_helpers import RUBRIC

pytestmark = pytest.mark.django_db
call_api = api_of("/api/grants")
TEXT = "该企业的研发费用与税务申报数据不一致。"


def _objection(**changes):
    return {"name": "赵先生", "phone": "13712345678", "content": TEXT, **changes}


def test_public_reads_show_applicant_article_amount_only(client, operator, applicant_user, applicant, call):
    app = decided(applicant_user, operator, call, applicant, {"6": "40.00"})
    notice = published(operator, call)
    listing = call_api(client, "get", "/notices")
    assert listing.status_code == 200 and listing.data["items"][0]["id"] == notice.pk
    assert listing.data["items"][0]["running"] is True
    assert call_api(client, "get", "/notices", status="final").data["count"] == 0
    assert call_api(client, "get", "/notices", status="closed").status_code == 422
    detail = call_api(client, "get", f"/notices/{notice.pk}")
    assert detail.data["entries"] == [
        {
            "id": notice.entries.get().pk,
            "applicant": "秦创测试科技有限公司",
            "article": "6",
            "article_title": "高新技术企业",
            "amount": "40.00",
        }
    ]
    assert detail.data["objections"] is None
    assert app.bank_account_number not in detail.content.decode()


def test_anyone_objects_and_bad_input_is_a_422(client, operator, applicant_user, applicant, call):
    decided(applicant_user, operator, call, applicant, {"6": "40.00"})
    notice = published(operator, call)
    entry = notice.entries.get()
    made = call_api(client, "post", f"/notices/{notice.pk}/objections", body=_objection(entry=entry.pk))
    assert made.status_code == 201 and made.data["status"] == "open"
    assert Objection.objects.get(pk=made.data["id"]).entry == entry
    bad = call_api(client, "post", f"/notices/{notice.pk}/objections", body=_objection(phone="1"))
    assert bad.status_code == 422 and bad.data["detail"][0]["loc"][-1] == "phone"
    again = call_api(client, "post", f"/notices/{notice.pk}/objections", body=_objection(entry=entry.pk))
    assert again.status_code == 422
    seen = call_api(client, "get", f"/notices/{notice.pk}", operator)
    assert seen.data["objections"][0]["phone"] == "13712345678"


@override_settings(HARDTECH_ANON_COSTLY_RATE="2/m")
def test_anonymous_objections_are_rate_limited(client, operator, applicant_user, applicant, call):
    decided(applicant_user, operator, call, applicant, {"6": "40.00"})
    notice = published(operator, call)
    codes = [
        call_api(
            client, "post", f"/notices/{notice.pk}/objections", body=_objection(content=f"{TEXT}{n}")
        ).status_code
        for n in range(3)
    ]
    assert codes == [201, 201, 429]


def test_decisions_through_the_api(client, operator, applicant_user, applicant, call):
    app = checked_application(applicant_user, operator, call, applicant, articles=["6"])
    item = item_of(app, "6")
    body = {"item": item.pk, "approve": True, "amount": "40.00", "reason": "符合条件"}
    assert call_api(client, "post", "/decisions", applicant_user, body).status_code == 403
    _, stranger = second_applicant()
    assert call_api(client, "post", "/decisions", stranger, body).status_code == 404
    too_much = call_api(client, "post", "/decisions", operator, {**body, "amount": "41.00"})
    assert too_much.status_code == 422
    done = call_api(client, "post", "/decisions", operator, body)
    assert done.status_code == 200 and done.data["approved_amount"] == "40.00"
    read = call_api(client, "get", f"/applications/{app.pk}/decisions", operator)
    assert read.data["items"][0]["decision"] == "approved" and read.data["review"] is None
    concluded = call_api(client, "post", "/decisions/conclude", operator, {"application": app.pk})
    assert concluded.data["status"] == ApplicationStatus.DECIDED
    late = call_api(client, "post", "/decisions", operator, body)
    assert late.status_code == 409


def test_review_notice_resolve_finalise(client, operator, applicant_user, applicant, call):
    reviewed = checked_application(applicant_user, operator, call, applicant, articles=["8"])
    sent = call_api(
        client,
        "post",
        "/reviews",
        operator,
        {
            "call": call.pk,
            "applications": [reviewed.pk],
            "title": "评审",
            "criteria": [{"name": c.name, "weight": str(c.weight)} for c in RUBRIC],
        },
    )
    assert sent.status_code == 201 and sent.data["applications"] == [reviewed.pk]
    other, other_user = second_applicant()
    decided(other_user, operator, call, other, {"6": "40.00"})
    made = call_api(
        client, "post", "/notices", operator, {"call": call.pk, "title": "公示", "starts_on": str(today())}
    )
    assert made.status_code == 201 and len(made.data["entries"]) == 1
    notice_id = made.data["id"]
    lodged = call_api(client, "post", f"/notices/{notice_id}/objections", body=_objection())
    resolve = f"/objections/{lodged.data['id']}/resolve"
    assert (
        call_api(client, "post", resolve, applicant_user, {"upheld": False, "reason": "x"}).status_code == 403
    )
    assert (
        call_api(client, "post", resolve, operator, {"upheld": False, "reason": "核实无误"}).status_code
        == 200
    )
    assert call_api(client, "post", resolve, operator, {"upheld": False, "reason": "再议"}).status_code == 409
    early = call_api(client, "post", f"/notices/{notice_id}/finalise", operator)
    assert early.status_code == 422
    ended(Notice.objects.get(pk=notice_id))
    final = call_api(client, "post", f"/notices/{notice_id}/finalise", operator)
    assert final.status_code == 200 and final.data["status"] == "final"
    assert call_api(client, "post", f"/notices/{notice_id}/finalise", operator).status_code == 409
    amount = Decimal(final.data["entries"][0]["amount"])
    assert amount == Decimal("40.00")
