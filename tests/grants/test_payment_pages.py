"""The payment pages end to end for the operator: the payable awards and a batch made from them, sent, its bank
file downloaded and the bank's result uploaded (a refused file shows each reason on the form); the pages are the
operator's alone."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hardtech.grants import ledger, payments
from hardtech.grants.choices import ApplicationStatus, BatchStatus
from hardtech.grants.models import JournalEntry, PaymentBatch
from support.grant_awards import award, bank_result, item_of, loose_batch


@pytest.fixture
def approved(operator, call, applicant, other_enterprise):
    award(operator, call, other_enterprise, {"7": "10.00"}, bank=False)
    return award(operator, call, applicant, {"6": "40.00", "8": "60.00"})


def test_the_operator_pays_a_batch_through_the_pages(client, operator, approved):
    client.force_login(operator)
    page = client.get(reverse("grants:payments"), {"year": 2026})
    html = page.content.decode()
    assert page.status_code == 200 and "收款账户未填写完整" in html and "100.00" in html
    six = item_of(approved, "6")
    response = client.post(reverse("grants:payments"), {"year": "2026", "items": [six.pk], "note": "第一批"})
    batch = PaymentBatch.objects.get()
    assert response["Location"] == reverse("grants:payment", args=[batch.pk])
    assert [line.item_id for line in batch.lines.all()] == [six.pk]
    detail = client.get(reverse("grants:payment", args=[batch.pk])).content.decode()
    assert "BF2026001-0001" in detail and "提交银行" in detail
    client.post(reverse("grants:payment_send", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.SENT
    file = client.get(reverse("grants:payment_file", args=[batch.pk]))
    assert file["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(file.content)).active
    assert sheet["B2"].value == "BF2026001-0001" and sheet["G2"].value == 400000
    upload = bank_result(file.content)
    response = client.post(reverse("grants:payment_result", args=[batch.pk]), {"file": upload})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.SETTLED
    assert ledger.balances(six).paid == Decimal("40.00")


def test_a_refused_result_file_shows_every_reason_on_the_form(client, operator, approved):
    client.force_login(operator)
    client.post(reverse("grants:payments"), {"year": "2026"})
    batch = PaymentBatch.objects.get()
    client.post(reverse("grants:payment_send", args=[batch.pk]))
    file = client.get(reverse("grants:payment_file", args=[batch.pk])).content
    upload = bank_result(file, **{"金额（元）": 1})
    page = client.post(reverse("grants:payment_result", args=[batch.pk]), {"file": upload})
    assert page.status_code == 200
    assert "金额 1.00 元与批次中的" in page.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.SENT


def test_the_ledger_page_ties_out(client, operator, approved):
    client.force_login(operator)
    page = client.get(reverse("grants:ledger"), {"year": 2026})
    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["totals"].debit == page.context["totals"].credit == Decimal("110.00")
    assert "平衡" in html and "核定支持" in html
    assert page.context["award_totals"].approved == Decimal("110.00")
    mine = client.get(reverse("grants:ledger"), {"q": approved.number})
    assert mine.context["award_totals"].payable == Decimal("100.00")


def test_revoking_and_recovering_through_the_pages(client, operator, approved):
    client.force_login(operator)
    eight = item_of(approved, "8")
    url = reverse("grants:revoke", args=[approved.pk])
    page = client.post(url, {"reason": "核减", f"item_{eight.pk}": ""})
    assert page.status_code == 200 and "请选择全部撤销" in page.content.decode()
    response = client.post(url, {"reason": "核减研发费用", f"item_{eight.pk}": "20.00"})
    assert response["Location"] == reverse("grants:application", args=[approved.pk])
    assert ledger.balances(eight).approved == Decimal("40.00")
    client.post(url, {"reason": "提供虚假材料", "everything": "on"})
    approved.refresh_from_db()
    assert approved.status == ApplicationStatus.REVOKED


@pytest.mark.parametrize("name", ["payments", "ledger"])
def test_the_money_pages_are_the_operators(client, users, name, approved):
    client.force_login(users["enterprise"])
    assert client.get(reverse(f"grants:{name}")).status_code == 403
    assert client.get(reverse("grants:revoke", args=[approved.pk])).status_code == 403


def test_the_applicant_sees_its_awards_and_the_operator_the_actions(client, users, operator, approved):
    client.force_login(users["enterprise"])
    html = client.get(reverse("grants:application", args=[approved.pk])).content.decode()
    assert 'id="application-money"' in html and "60.00" in html
    assert 'id="revoke-link"' not in html
    client.force_login(operator)
    html = client.get(reverse("grants:application", args=[approved.pk])).content.decode()
    assert 'id="revoke-link"' in html


def test_reversing_an_entry_and_recording_a_recovery_on_the_pages(client, operator, approved):
    client.force_login(operator)
    six = item_of(approved, "6")
    approval = JournalEntry.objects.filter(postings__item=six).first()
    page = client.get(reverse("grants:ledger"))
    assert reverse("grants:ledger_reverse", args=[approval.pk]) in page.content.decode()
    client.post(reverse("grants:ledger_reverse", args=[approval.pk]), {"reason": "重复核定"})
    assert ledger.balances(six).approved == Decimal("0.00")
    assert (
        reverse("grants:ledger_reverse", args=[approval.pk])
        not in client.get(reverse("grants:ledger")).content.decode()
    )
    eight = item_of(approved, "8")
    batch = loose_batch()
    ledger.send(operator, batch, [(eight, Decimal("60.00"))])
    ledger.settle(operator, batch, eight, Decimal("60.00"), paid=True)
    ledger.revoke(operator, eight, "提供虚假材料")
    url = reverse("grants:recover", args=[eight.pk])
    assert "60.00 万元" in client.get(url).content.decode()
    refused = client.post(url, {"amount": "60.01"})
    assert refused.status_code == 200 and "超过应追回余额" in refused.content.decode()
    client.post(url, {"amount": "60.00", "memo": "退款凭证 001"})
    assert ledger.balances(eight).receivable == Decimal("0.00")


def test_the_applicant_sees_why_a_payment_failed(client, users, operator, approved):
    batch = payments.send_batch(
        operator, payments.create_batch(operator, year=2026, items=[item_of(approved, "8")])
    )
    payments.import_result(
        operator, batch, bank_result(payments.bank_file(batch), failed={1: "收款账号不存在"})
    )
    client.force_login(users["enterprise"])
    html = client.get(reverse("grants:application", args=[approved.pk])).content.decode()
    assert "拨付失败：收款账号不存在" in html
