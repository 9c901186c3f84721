"""/api/deals/contracts: each role reads the technology contracts it may see — the operator all, the registrar
every submitted one (never a draft), the deal's team and parties their deal's, nobody else — filtered by status,
type and signing year; amounts are Decimal strings; one the caller may not see is a 404."""

from datetime import date
from decimal import Decimal

import pytest

from hardtech.accounts.models import Role, User
from hardtech.deals.choices import ContractStatus
from hardtech.deals.models import Contract, ContractCost
from support.api_calls import api_of

call = api_of("/api/deals")


def make_contract(deal=None, status=ContractStatus.DRAFT, **fields) -> Contract:
    values = {
        "deal": deal,
        "project_name": deal.title if deal else "既有登记合同",
        "contract_type": "license_patent",
        "buyer_name": "秦创测试科技有限公司",
        "buyer_kind": "enterprise",
        "buyer_region": "610131",
        "seller_name": "西安测试大学",
        "seller_kind": "university",
        "seller_region": "610113",
        "signed_on": date(2026, 5, 1),
        "valid_from": date(2026, 5, 1),
        "valid_to": date(2028, 4, 30),
        "total_amount": Decimal("120.00"),
        "technology_amount": Decimal("100.50"),
        "payment_method": "lump_sum",
        "ip_type": "invention_patent",
        "tech_field": "electronic_information",
        "status": status,
        **fields,
    }
    return Contract.objects.create(**values)


@pytest.fixture
def contract(deal) -> Contract:
    made = make_contract(deal)
    ContractCost.objects.create(
        contract=made, kind="equipment", description="测试设备", amount=Decimal("19.50")
    )
    return made


@pytest.mark.parametrize(
    ("role", "draft_seen", "submitted_seen"),
    [
        (Role.OPERATOR, True, True),
        (Role.MANAGER, True, True),  # the deal's lead
        (Role.INSTITUTION, True, True),  # the seller
        (Role.ENTERPRISE, True, True),  # the buyer
        (Role.REGISTRAR, False, True),
        (Role.EXPERT, False, False),
    ],
)
def test_contracts_visible_per_role(client, users, contract, role, draft_seen, submitted_seen):
    user = users[role]
    assert (call(client, "get", "/contracts", user).data["count"] == 1) == draft_seen
    assert call(client, "get", f"/contracts/{contract.pk}", user).status_code == (200 if draft_seen else 404)
    Contract.objects.filter(pk=contract.pk).update(status=ContractStatus.SUBMITTED)
    assert (call(client, "get", "/contracts", user).data["count"] == 1) == submitted_seen
    assert call(client, "get", f"/contracts/{contract.pk}", user).status_code == (
        200 if submitted_seen else 404
    )


def test_contracts_are_hidden_from_other_managers_and_anonymous(client, contract):
    stranger = User.objects.create_user("manager2", password="pass-1234", role=Role.MANAGER)
    assert call(client, "get", "/contracts", stranger).data["count"] == 0
    assert call(client, "get", f"/contracts/{contract.pk}", stranger).status_code == 404
    assert call(client, "get", "/contracts").status_code == 401


def test_contract_detail_in_the_registration_form_fields(client, users, contract):
    response = call(client, "get", f"/contracts/{contract.pk}", users[Role.MANAGER])
    assert response.status_code == 200 and response["ETag"] == f'W/"{contract.version}"'
    data = response.data
    assert data["deal"] == contract.deal_id and data["contract_type_label"] == "技术许可（专利实施许可）"
    assert data["total_amount"] == "120.00" and data["technology_amount"] == "100.50"
    assert data["costs"] == [
        {"kind": "equipment", "kind_label": "设备", "description": "测试设备", "amount": "19.50"}
    ]
    assert data["buyer_in_zone"] and not data["seller_in_zone"]
    assert data["status"] == "draft" and data["status_label"] == "草稿" and data["registration_no"] is None
    assert data["revisions"] == 0


def test_contract_filters(client, users, contract):
    make_contract(
        None,
        ContractStatus.REGISTERED,
        contract_type="consulting",
        signed_on=date(2025, 3, 1),
        valid_from=date(2025, 3, 1),
        registration_no="2025610131000001",
        imported=True,
    )
    operator = users[Role.OPERATOR]

    def names(**query):
        return [c["project_name"] for c in call(client, "get", "/contracts", operator, **query).data["items"]]

    assert names() == [contract.project_name, "既有登记合同"]  # the latest signed first
    assert names(status="registered") == ["既有登记合同"] and names(status="draft") == [contract.project_name]
    assert names(type="consulting") == ["既有登记合同"] and names(type="license_patent") == [
        contract.project_name
    ]
    assert names(year=2025) == ["既有登记合同"] and names(year=2024) == []
    assert call(client, "get", "/contracts", operator, year=99).status_code == 422
    # An imported record without a deal is the operator's and the registrar's only.
    assert call(client, "get", "/contracts", users[Role.ENTERPRISE]).data["count"] == 1
    assert call(client, "get", "/contracts", users[Role.REGISTRAR]).data["count"] == 1
