"""The contract pages end to end: the team fills in the form (prefilled from the deal, with cost lines) and
submits; the registrar finds it first in the queue, returns or registers it (the certificate appears); a
registered record is corrected with a reason."""

from decimal import Decimal

from django.urls import reverse

from hardtech.deals import contracts
from hardtech.deals.choices import ContractStatus
from hardtech.deals.models import Contract
from support.contract_helpers import ZONE, form_fields, registered, submitted
from support.form_post import posted_fields


def _form_data(html: str, **changes) -> dict:
    data = {k: v[0] if len(v) == 1 else v for k, v in posted_fields(html).items()}
    data.update(changes)
    return data


def test_team_fills_in_the_form_from_the_deal(client, deal, users, enterprise):
    client.force_login(users["manager"])
    url = reverse("deals:contract_new", args=[deal.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert deal.title in html and enterprise.credit_code in html and "非技术性费用" in html
    data = _form_data(
        html,
        contract_type="development_commissioned",
        seller_region=ZONE,
        signed_on="2026-03-02",
        valid_from="2026-03-02",
        valid_to="2027-03-01",
        total_amount="100",
        paid_amount="0",
        payment_method="lump_sum",
        ip_type="secret",
        **{"costs-0-kind": "equipment", "costs-0-description": "设备", "costs-0-amount": "12.5"},
    )
    response = client.post(url, data)
    contract = Contract.objects.get(deal=deal)
    assert response.status_code == 302 and response["Location"] == reverse(
        "deals:contract", args=[contract.pk]
    )
    assert contract.technology_amount == Decimal("87.50") and contract.costs.count() == 1
    # A second visit to "new" leads to the record.
    assert client.get(url)["Location"] == reverse("deals:contract", args=[contract.pk])


def test_costs_above_the_total_are_shown_on_the_form(client, deal, users):
    contract = contracts.draft_contract(users["manager"], deal, form_fields())
    client.force_login(users["manager"])
    url = reverse("deals:contract_edit", args=[contract.pk])
    data = _form_data(client.get(url).content.decode(), **{"costs-2-kind": "parts", "costs-2-amount": "190"})
    page = client.post(url, data)
    assert page.status_code == 200 and "技术交易额不能为负" in page.content.decode()
    assert Contract.objects.get(pk=contract.pk).version == contract.version


def test_unchanged_edit_round_trips(client, deal, users):
    contract = contracts.draft_contract(users["manager"], deal, form_fields(), [("materials", "样品", "3")])
    client.force_login(users["manager"])
    url = reverse("deals:contract_edit", args=[contract.pk])
    response = client.post(url, _form_data(client.get(url).content.decode()))
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.costs.count() == 1 and contract.technology_amount == Decimal("97.00")


def test_submit_register_and_certificate(client, deal, users):
    contract = contracts.draft_contract(users["manager"], deal, form_fields())
    client.force_login(users["manager"])
    client.post(reverse("deals:contract_submit", args=[contract.pk]))
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.SUBMITTED
    client.force_login(users["registrar"])
    queue = client.get(reverse("deals:registry")).content.decode()
    assert contract.project_name in queue
    page = client.get(reverse("deals:contract", args=[contract.pk])).content.decode()
    assert 'id="register-form"' in page
    response = client.post(
        reverse("deals:contract_register", args=[contract.pk]),
        {"contract_type": "development_cooperative", "technology_amount": "95", "note": "材料齐全"},
        follow=True,
    )
    contract.refresh_from_db()
    html = response.content.decode()
    assert (
        contract.status == ContractStatus.REGISTERED and contract.contract_type == "development_cooperative"
    )
    assert contract.registration_no in html and 'id="certificate"' in html and "认定登记专用章" in html
    assert "登记机构" in html and "95.00 万元" in html


def test_registrar_returns_with_a_note(client, deal, users):
    contract = submitted(deal, users)
    client.force_login(users["registrar"])
    client.post(reverse("deals:contract_return", args=[contract.pk]), {"note": "请补充有效期"})
    contract.refresh_from_db()
    assert contract.status == ContractStatus.RETURNED
    client.force_login(users["manager"])
    assert "请补充有效期" in client.get(reverse("deals:contract", args=[contract.pk])).content.decode()


def test_correction_page_keeps_the_revision(client, deal, users):
    contract = registered(deal, users)
    client.force_login(users["registrar"])
    url = reverse("deals:contract_correct", args=[contract.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = _form_data(page.content.decode(), paid_amount="45", reason="以银行回单为准")
    response = client.post(url, data)
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.paid_amount == Decimal("45.00") and contract.technology_amount == Decimal("74.50")
    detail = client.get(reverse("deals:contract", args=[contract.pk])).content.decode()
    assert "更正记录" in detail and "以银行回单为准" in detail


def test_correction_without_a_reason_is_refused(client, deal, users):
    contract = registered(deal, users)
    client.force_login(users["registrar"])
    url = reverse("deals:contract_correct", args=[contract.pk])
    data = _form_data(client.get(url).content.decode(), paid_amount="45", reason="")
    assert client.post(url, data).status_code == 200
    assert Contract.objects.get(pk=contract.pk).revisions.count() == 0
