"""Helpers of the technology-contract tests (tests/deals/test_contract_*.py): valid credit codes, a complete
registration form, a deal brought to 签约, a submitted and a registered contract."""

import io
from datetime import date
from decimal import Decimal

import openpyxl

from hardtech.catalogue.validators import credit_code_check_char
from hardtech.deals import contracts, services
from hardtech.deals.choices import Stage
from hardtech.deals.importer import headers
from hardtech.spreadsheets.cells import append_row

ZONE = "610131"


def credit_code(region: str = ZONE, body: str = "MA6U00001") -> str:
    """A unified social credit code with a valid check character, registered in `region`."""
    first17 = f"91{region}{body}"
    return first17 + credit_code_check_char(first17)


def form_fields(**changes) -> dict:
    """What the team fills in beyond what the deal prefills (the seller's region: the test university has no
    credit code to read it from)."""
    fields = {
        "contract_type": "development_commissioned",
        "seller_region": ZONE,
        "signed_on": date(2026, 3, 2),
        "valid_from": date(2026, 3, 2),
        "valid_to": date(2027, 3, 1),
        "total_amount": Decimal("100.00"),
        "paid_amount": Decimal("30.00"),
        "payment_method": "instalments",
        "ip_type": "invention_patent",
    }
    fields.update(changes)
    return fields


COSTS = [("equipment", "封装测试设备", Decimal("20.00")), ("materials", "芯片样品", Decimal("5.50"))]


def signed(deal, users):
    """The deal at 签约 with 合同双方签字盖章 ticked (the contract items are left to the contract steps)."""
    for step in ("skip_to_negotiating", "skip_to_signed"):
        deal = services.move(users["manager"], deal, step, "测试")
    item = deal.checklist.get(stage=Stage.SIGNED, code="contract_signed")
    services.tick(users["manager"], item)
    return deal


def submitted(deal, users, costs=COSTS, **changes):
    contract = contracts.draft_contract(users["manager"], deal, form_fields(**changes), costs)
    return contracts.submit(users["manager"], contract)


def registered(deal, users, **changes):
    return contracts.register(users["registrar"], submitted(deal, users, **changes))


# --- registration records in a spreadsheet ---------------------------------------------------------------------

SELLER_CODE = credit_code(ZONE, "MA6U00002")


def row(**changes) -> dict:
    values = {
        "技术合同登记号": f"2025{ZONE}000101",
        "项目名称": "光纤传感监测系统技术服务",
        "合同类型": "技术服务",
        "买方名称": "秦创测试科技有限公司",
        "买方统一社会信用代码": "91350100M000100Y43",
        "买方主体类型": "企业",
        "买方所在地区代码": "350100",
        "卖方名称": "西安光纤传感研究所",
        "卖方统一社会信用代码": SELLER_CODE,
        "卖方主体类型": "科研院所",
        "卖方所在地区代码": ZONE,
        "签订日期": "2025-04-01",
        "有效期起": "2025-04-01",
        "有效期止": "2026-03-31",
        "合同总额（万元）": 80,
        "设备费（万元）": 10,
        "原材料费（万元）": None,
        "零部件费（万元）": None,
        "其他非技术性费用（万元）": None,
        "技术交易额（万元）": 70,
        "已支付金额（万元）": 40,
        "支付方式": "分期支付",
        "知识产权类型": "技术秘密",
        "技术领域": "电子信息",
        "预计新增投资（万元）": None,
        "预计新增产值（万元）": None,
        "登记日期": "2025-04-15",
    }
    values.update(changes)
    return values


def workbook(*rows: dict, columns: list[str] | None = None, name: str = "登记台账.xlsx") -> io.BytesIO:
    columns = columns or headers()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(columns)
    for values in rows:
        append_row(sheet, [values.get(c) for c in columns])  # text as text, even "=…"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer
