"""/api/grants/payments and /ledger: the operator makes, sends and settles a batch by token (the bank file as
xlsx, the result as multipart); a wrong state is a 409, a duplicate result file or an overpaying batch a 422,
anyone else a 403; the journal's debits equal its credits; revoke, recover and reverse by the API."""

from decimal import Decimal

import pytest

from hardtech.accounts.models import ApiToken
from hardtech.grants import ledger
from hardtech.grants.choices import BatchStatus
from support.api_calls import api_of
from support.grant_awards import award, bank_result, item_of

api = api_of("/api/grants")


@pytest.fixture
def approved(operator, call, applicant):
    return award(operator, call, applicant, {"6": "40.00", "8": "60.00"})


def _upload(client, path, user, upload):
    token = ApiToken.issue(user)[1]
    return client.post(f"/api/grants{path}", {"file": upload}, headers={"Authorization": f"Bearer {token}"})


def test_a_batch_from_creation_to_settlement(client, operator, approved):
    payables = api(client, "get", "/payments/payables", operator, year=2026)
    assert payables.status_code == 200 and [p["amount"] for p in payables.data] == ["40.00", "60.00"]
    made = api(client, "post", "/payments", operator, {"year": 2026})
    assert made.status_code == 201 and made.data["number"] == "BF2026001" and made.data["total"] == "100.00"
    batch_id = made.data["id"]
    assert _file(client, operator, batch_id).status_code == 409
    sent = api(client, "post", f"/payments/{batch_id}/send", operator)
    assert sent.status_code == 200 and sent.data["status"] == BatchStatus.SENT
    assert api(client, "post", f"/payments/{batch_id}/send", operator).status_code == 409
    file = _file(client, operator, batch_id)
    assert file.status_code == 200 and file["Content-Type"].startswith("application/vnd.openxmlformats")
    first = _upload(
        client, f"/payments/{batch_id}/result", operator, bank_result(file.content, failed={2: "户名不符"})
    )
    assert first.status_code == 201 and (first.json()["paid"], first.json()["failed"]) == (1, 1)
    again = _upload(client, f"/payments/{batch_id}/result", operator, bank_result(file.content))
    assert again.status_code == 409  # the batch is settled now


def _file(client, operator, batch_id):
    token = ApiToken.issue(operator)[1]
    return client.get(f"/api/grants/payments/{batch_id}/file", headers={"Authorization": f"Bearer {token}"})


def test_a_duplicate_result_file_is_a_422(client, operator, approved):
    batch_id = api(client, "post", "/payments", operator, {"year": 2026}).data["id"]
    api(client, "post", f"/payments/{batch_id}/send", operator)
    partial = bank_result(_file(client, operator, batch_id).content, only={1})
    first = _upload(client, f"/payments/{batch_id}/result", operator, partial)
    assert first.status_code == 201 and first.json()["batch"]["status"] == BatchStatus.SENT
    partial.seek(0)
    duplicate = _upload(client, f"/payments/{batch_id}/result", operator, partial)
    assert duplicate.status_code == 422 and "不能重复导入" in duplicate.content.decode()


def test_an_overpaying_batch_is_a_422(client, operator, approved):
    batch_id = api(client, "post", "/payments", operator, {"year": 2026}).data["id"]
    ledger.revoke(operator, item_of(approved, "8"), "核减", Decimal("1.00"))
    refused = api(client, "post", f"/payments/{batch_id}/send", operator)
    assert refused.status_code == 422 and "拨付批次超额" in refused.content.decode()


def test_only_the_operator(client, users, approved):
    for path in ("/payments", "/ledger", "/ledger/awards", "/payments/payables"):
        assert api(client, "get", path, users["enterprise"]).status_code == 403
    assert api(client, "post", "/payments", users["enterprise"], {"year": 2026}).status_code == 403


def test_the_journal_ties_out_and_corrections_go_through_the_api(client, operator, approved):
    journal = api(client, "get", "/ledger", operator, year=2026)
    assert journal.status_code == 200 and journal.data["balanced"] and journal.data["debit"] == "100.00"
    eight = item_of(approved, "8")
    revoked = api(
        client,
        "post",
        f"/applications/{approved.pk}/revoke",
        operator,
        {"reason": "核减", "amounts": {str(eight.pk): "20.00"}},
    )
    assert revoked.status_code == 200
    assert ledger.balances(eight).approved == Decimal("40.00")
    too_much = api(client, "post", f"/ledger/items/{eight.pk}/recover", operator, {"amount": "1.00"})
    assert too_much.status_code == 422
    approval = journal.data["items"][-1]["id"]
    # 第六条's approval (the first entry): still all payable, so it may be reversed — once.
    reversed_ = api(client, "post", f"/ledger/entries/{approval}/reverse", operator, {"reason": "重复核定"})
    assert reversed_.status_code == 201 and reversed_.data["reverses"] == approval
    again = api(client, "post", f"/ledger/entries/{approval}/reverse", operator, {"reason": "重复核定"})
    assert again.status_code == 422
    awards = api(client, "get", "/ledger/awards", operator, year=2026)
    assert {a["article"]: a["balances"]["approved"] for a in awards.data}["8"] == "40.00"
