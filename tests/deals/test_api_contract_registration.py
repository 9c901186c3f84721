"""The technology contract through the API (hardtech.deals.contracts): the team drafts the record from the deal
and edits it with its version, submits it; the registrar returns it for correction or registers it (numbered,
技术交易额 confirmed, never above the total) and corrects it with a reason; each refused with 403, 404, 409 or a
422 naming the field."""

import pytest

from hardtech.accounts.models import Role
from hardtech.deals import services
from support.api_calls import api_of

FORM = {
    "contract_type": "license_patent",
    "seller_region": "610113",
    "signed_on": "2026-05-01",
    "valid_from": "2026-05-01",
    "valid_to": "2028-04-30",
    "total_amount": "120",
    "payment_method": "lump_sum",
    "ip_type": "invention_patent",
    "costs": [{"kind": "equipment", "description": "测试设备", "amount": "20"}],
}


call = api_of("/api/deals")


def fields_of(response) -> dict:
    return {item["loc"][-1]: item["msg"] for item in response.data["detail"]}


@pytest.fixture
def signed(users, deal):
    for step in ("skip_to_negotiating", "skip_to_signed"):
        deal = services.move(users[Role.MANAGER], deal, step, "测试")
    return deal


@pytest.fixture
def drafted(client, users, signed) -> dict:
    response = call(client, "post", f"/{signed.pk}/contract", users[Role.MANAGER], FORM)
    assert response.status_code == 201, response.data
    return response.data


def test_team_drafts_the_record_prefilled_from_the_deal(
    client, users, signed, drafted, enterprise, university
):
    assert drafted["deal"] == signed.pk and drafted["project_name"] == signed.title
    assert drafted["buyer_name"] == enterprise.name and drafted["buyer"] == enterprise.pk
    assert drafted["buyer_credit_code"] == enterprise.credit_code
    assert drafted["seller_name"] == university.name and drafted["seller_kind"] == "university"
    assert drafted["tech_field"] == "electronic_information"
    assert drafted["total_amount"] == "120.00" and drafted["technology_amount"] == "100.00"
    assert drafted["status"] == "draft"
    again = call(client, "post", f"/{signed.pk}/contract", users[Role.MANAGER], FORM)
    assert again.status_code == 422 and fields_of(again)["deal"] == "该项目已有技术合同登记记录"
    assert call(client, "post", f"/{signed.pk}/contract", users[Role.ENTERPRISE], FORM).status_code == 403
    assert call(client, "post", f"/{signed.pk}/contract", users[Role.REGISTRAR], FORM).status_code == 404


def test_bad_records_are_refused_by_field(client, users, signed):
    lead = users[Role.MANAGER]
    backwards = call(client, "post", f"/{signed.pk}/contract", lead, {**FORM, "valid_to": "2025-01-01"})
    assert backwards.status_code == 422 and "有效期止不能早于有效期起" in fields_of(backwards)["valid_to"]
    costly = {**FORM, "costs": [{"kind": "equipment", "amount": "150"}]}
    too_costly = call(client, "post", f"/{signed.pk}/contract", lead, costly)
    assert too_costly.status_code == 422 and "技术交易额不能为负" in fields_of(too_costly)["costs"]
    bad_code = call(client, "post", f"/{signed.pk}/contract", lead, {**FORM, "seller_credit_code": "123"})
    assert bad_code.status_code == 422 and "seller_credit_code" in fields_of(bad_code)
    transfer = call(
        client, "post", f"/{signed.pk}/contract", lead, {**FORM, "contract_type": "transfer_patent"}
    )
    assert transfer.status_code == 422 and "expected_investment" in fields_of(transfer)


def test_edit_with_version_then_submit(client, users, drafted):
    lead, path = users[Role.MANAGER], f"/contracts/{drafted['id']}"
    version = drafted["version"]
    edited = call(client, "patch", path, lead, {"paid_amount": "30", "version": version})
    assert edited.status_code == 200, edited.data
    assert edited.data["paid_amount"] == "30.00" and edited.data["version"] == version + 1
    stale = call(client, "patch", path, lead, {"paid_amount": "40"}, headers={"If-Match": f'W/"{version}"'})
    assert stale.status_code == 409
    too_much = call(client, "patch", path, lead, {"paid_amount": "500"})
    assert too_much.status_code == 422 and fields_of(too_much)["paid_amount"] == "已支付金额不能超过合同总额"
    assert call(client, "patch", path, users[Role.ENTERPRISE], {"paid_amount": "1"}).status_code == 403
    assert call(client, "post", f"{path}/submit", users[Role.ENTERPRISE]).status_code == 403
    submitted = call(client, "post", f"{path}/submit", lead)
    assert submitted.status_code == 200 and submitted.data["status"] == "submitted"
    assert submitted.data["submitted_at"]
    assert call(client, "post", f"{path}/submit", lead).status_code == 403  # already with the registry
    assert call(client, "patch", path, lead, {"paid_amount": "1"}).status_code == 403


def test_registrar_returns_then_registers_and_corrects(client, users, drafted):
    lead, registrar, path = users[Role.MANAGER], users[Role.REGISTRAR], f"/contracts/{drafted['id']}"
    assert call(client, "post", f"{path}/register", registrar, {}).status_code == 404  # a draft is not theirs
    call(client, "post", f"{path}/submit", lead)
    assert call(client, "post", f"{path}/register", lead, {}).status_code == 403
    assert call(client, "post", f"{path}/return", registrar, {"note": " "}).status_code == 422
    returned = call(client, "post", f"{path}/return", registrar, {"note": "请补充付款方式说明"})
    assert returned.status_code == 200 and returned.data["status"] == "returned"
    assert returned.data["registrar_note"] == "请补充付款方式说明"
    assert call(client, "post", f"{path}/submit", lead).status_code == 200

    above = call(client, "post", f"{path}/register", registrar, {"technology_amount": "130"})
    assert above.status_code == 422 and "不能超过合同总额" in fields_of(above)["technology_amount"]
    registered = call(
        client,
        "post",
        f"{path}/register",
        registrar,
        {"technology_amount": "95.5", "contract_type": "license_other"},
    )
    assert registered.status_code == 200, registered.data
    data = registered.data
    assert data["status"] == "registered" and data["technology_amount"] == "95.50"
    assert data["contract_type"] == "license_other"
    assert len(data["registration_no"]) == 16 and data["registration_no"][4:10] == "610131"
    assert "签约" in data["deal_outcome"]  # the deal's own signing items are not done yet
    assert call(client, "post", f"{path}/register", registrar, {}).status_code == 403  # registered once

    no_reason = call(client, "post", f"{path}/correct", registrar, {"paid_amount": "10"})
    assert no_reason.status_code == 422 and "reason" in fields_of(no_reason)
    assert (
        call(client, "post", f"{path}/correct", lead, {"paid_amount": "10", "reason": "x"}).status_code == 403
    )
    corrected = call(
        client, "post", f"{path}/correct", registrar, {"paid_amount": "10", "reason": "付款凭证更新"}
    )
    assert corrected.status_code == 200, corrected.data
    assert corrected.data["paid_amount"] == "10.00" and corrected.data["revisions"] == 1
    # Unchanged content is refused, however the amount is written.
    same = call(client, "post", f"{path}/correct", registrar, {"paid_amount": "10", "reason": "再次更正"})
    assert same.status_code == 422 and fields_of(same)["reason"] == "更正内容与现有登记内容相同"
