"""The zone's indicators of registered contracts: 成交额 by type, field, buyer and seller kind, and inside or
outside the zone, in Decimal; drafts and submitted records do not count."""

from decimal import Decimal

from django.urls import reverse

from hardtech.deals import contracts, services
from hardtech.deals.importer import import_contracts
from hardtech.deals.models import Contract
from support.contract_helpers import ZONE, registered, row, submitted, workbook


def test_indicators_count_registered_contracts(deal, users, achievement, demand):
    registered(deal, users)  # 技术开发, seller in the zone, buyer 350100: 100 / 74.50
    other = services.open_deal(users["manager"], title="未登记", achievements=[achievement], demands=[demand])
    submitted(other, users)
    import_contracts(workbook(row(**{"买方所在地区代码": ZONE})))  # 技术服务 inside the zone: 80 / 70
    figures = contracts.indicators(Contract.objects.all())
    by_type = {e["code"]: e for e in figures["type"]}
    assert by_type["development"]["n"] == 1 and by_type["development"]["technology"] == Decimal("74.50")
    assert by_type["service"]["total"] == Decimal("80.00") and "transfer" not in by_type
    flows = {e["code"]: e["n"] for e in figures["flow"]}
    assert flows == {"out": 1, "inside": 1}
    kinds = {e["code"]: e["technology"] for e in figures["seller_kind"]}
    assert kinds == {"university": Decimal("74.50"), "institute": Decimal("70.00")}
    assert sum(e["n"] for e in figures["field"]) == 2


def test_registry_page_shows_them(client, deal, users):
    registered(deal, users)
    client.force_login(users["operator"])
    html = client.get(reverse("deals:registry")).content.decode()
    assert 'id="indicators"' in html and "技术开发" in html and "74.50" in html
