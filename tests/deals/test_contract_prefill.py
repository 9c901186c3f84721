"""A draft is prefilled from its deal: the project name, buyer and seller with their credit code, kind and the
region read from the credit code; a stale edit is refused."""

import pytest

from hardtech.catalogue.services import Conflict
from hardtech.deals import contracts
from hardtech.deals.choices import ContractStatus
from support.contract_helpers import form_fields


def test_draft_is_prefilled_from_the_deal(deal, users, university, enterprise):
    contract = contracts.draft_contract(users["manager"], deal, form_fields())
    assert contract.project_name == deal.title and contract.deal == deal
    assert contract.buyer == enterprise and contract.buyer_name == enterprise.name
    assert contract.buyer_credit_code == enterprise.credit_code and contract.buyer_kind == "enterprise"
    assert contract.buyer_region == "350100"  # characters 3-8 of the credit code
    assert contract.seller == university and contract.seller_kind == "university"
    assert contract.tech_field == "electronic_information"
    assert contract.status == ContractStatus.DRAFT


def test_prefill_lists_what_the_deal_knows(deal):
    data = contracts.prefill(deal)
    assert data["project_name"] == deal.title and "seller_region" not in data


def test_stale_edit_is_refused(deal, users):
    contract = contracts.draft_contract(users["manager"], deal, form_fields())
    contracts.save_contract(users["manager"], contract, {"project_name": "新名称"}, version=contract.version)
    with pytest.raises(Conflict):
        contracts.save_contract(
            users["manager"], contract, {"project_name": "另一名称"}, version=contract.version
        )
