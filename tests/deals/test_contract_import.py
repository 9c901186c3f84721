"""Importing the registration records a zone already has: good rows become registered, imported records linked
to the catalogue by credit code and written into 一企一档; bad files and bad rows are handled like the catalogue
importer (file errors, per-row errors with the column, all-or-nothing, skip-bad, dry run)."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hardtech.deals.choices import ContractStatus
from hardtech.deals.importer import export_contracts, headers, import_contracts
from hardtech.deals.models import Contract
from hardtech.policies.models import TechContract
from hardtech.spreadsheets.framework import SKIP_BAD
from support.contract_helpers import ZONE, registered, row, workbook


def errors_of(report) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in report.errors]


def test_good_file_imports_registered_records(users, enterprise):
    report = import_contracts(
        workbook(row(), row(**{"技术合同登记号": f"2025{ZONE}000102", "项目名称": "二号"}))
    )
    assert report.ok and report.created == 2 and report.written
    contract = Contract.objects.get(registration_no=f"2025{ZONE}000101")
    assert contract.status == ContractStatus.REGISTERED and contract.imported
    assert contract.buyer == enterprise and contract.seller is None  # the institute is not in the catalogue
    assert contract.technology_amount == Decimal("70") and contract.non_technical_total() == Decimal("10")
    assert timezone.localdate(contract.registered_at).isoformat() == "2025-04-15"
    record = TechContract.objects.get(profile__organisation=enterprise, contract_no=contract.registration_no)
    assert record.role == "buyer" and record.type == "service" and record.registered is True
    assert record.counterparty_kind == "institute" and record.counterparty_in_zone is True
    profile = enterprise.applicant_profile.to_profile()
    assert {c["paid_amount"] for c in profile["contracts"]} == {Decimal("40")}


def test_reimport_is_unchanged_and_a_change_updates(users):
    import_contracts(workbook(row()))
    again = import_contracts(workbook(row()))
    assert again.unchanged == 1 and not again.written
    changed = import_contracts(workbook(row(**{"已支付金额（万元）": 60})))
    assert changed.changed == 1
    contract = Contract.objects.get()
    assert contract.paid_amount == Decimal("60") and contract.version == 2


def test_blank_technology_amount_is_the_total_less_costs(users):
    import_contracts(workbook(row(**{"技术交易额（万元）": None, "零部件费（万元）": 5})))
    assert Contract.objects.get().technology_amount == Decimal("65")


@pytest.mark.parametrize(
    "changes, column, fragment",
    [
        ({"技术交易额（万元）": 90}, "技术交易额（万元）", "不能超过合同总额"),
        ({"设备费（万元）": 100, "技术交易额（万元）": None}, "设备费（万元）", "技术交易额不能为负"),
        ({"买方统一社会信用代码": "91350100M000100Y44"}, "买方统一社会信用代码", "校验位"),
        ({"卖方所在地区代码": "990101"}, "卖方所在地区代码", "省级代码"),
        ({"技术合同登记号": "2025-610131-101"}, "技术合同登记号", "16位数字"),
        ({"技术合同登记号": None}, "技术合同登记号", "请填写"),
        (
            {"卖方名称": "秦创测试科技有限公司", "卖方统一社会信用代码": "91350100M000100Y43"},
            "卖方统一社会信用代码",
            "同一主体",
        ),
        ({"合同类型": "技术转让（专利权）"}, "预计新增投资（万元）", "技术转让合同须填写"),
        ({"合同类型": "技术买卖"}, "合同类型", "不是可选值"),
        ({"签订日期": "下个月"}, "签订日期", "不是有效的日期"),
        ({"合同总额（万元）": "八十"}, "合同总额（万元）", "不是有效的金额"),
    ],
)
def test_bad_rows_are_reported_with_their_column(users, changes, column, fragment):
    report = import_contracts(workbook(row(**changes)))
    assert not report.ok and report.blocked and not report.written
    assert any(r == 2 and c == column and fragment in m for r, c, m in errors_of(report)), errors_of(report)
    assert not Contract.objects.exists()


def test_duplicate_numbers_in_the_file(users):
    report = import_contracts(workbook(row(), row(**{"项目名称": "重复"})))
    assert (3, "技术合同登记号", f"“2025{ZONE}000101”与第 2 行重复") in errors_of(report)


def test_skip_bad_writes_the_good_rows_and_dry_run_nothing(users):
    file_rows = [row(), row(**{"技术合同登记号": f"2025{ZONE}000102", "技术交易额（万元）": 99})]
    dry = import_contracts(workbook(*file_rows), mode=SKIP_BAD, dry_run=True)
    assert dry.created == 1 and dry.bad_rows == 1 and not Contract.objects.exists()
    report = import_contracts(workbook(*file_rows), mode=SKIP_BAD)
    assert report.created == 1 and report.bad_rows == 1
    assert list(Contract.objects.values_list("registration_no", flat=True)) == [f"2025{ZONE}000101"]


def test_wrong_headers_refuse_the_file(users):
    unknown = import_contracts(workbook(row(), columns=[*headers(), "备注"]))
    assert unknown.file_errors and "未知的列：备注" in unknown.file_errors[0]
    missing = import_contracts(workbook(row(), columns=[h for h in headers() if h != "合同总额（万元）"]))
    assert any("缺少必填列：合同总额（万元）" in e for e in missing.file_errors)
    assert not Contract.objects.exists()


def test_not_an_xlsx_is_refused(users):
    fake = io.BytesIO("技术合同登记号,项目名称\n".encode("gb18030") * 3)
    fake.name = "台账.xlsx"
    report = import_contracts(fake)
    assert report.file_errors == ["无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式"]
    text = io.BytesIO(b"hello")
    text.name = "notes.txt"
    assert "不支持的文件类型" in import_contracts(text).file_errors[0]


def test_platform_registered_records_change_only_by_correction(deal, users):
    contract = registered(deal, users)
    buffer = io.BytesIO()
    export_contracts(buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = book.active
    paid = [c.value for c in sheet[1]].index("已支付金额（万元）") + 1
    sheet.cell(row=2, column=paid, value=99)
    edited = io.BytesIO()
    book.save(edited)
    edited.seek(0)
    edited.name = "edited.xlsx"
    report = import_contracts(edited)
    assert any(c == "技术合同登记号" and "更正" in m for _, c, m in errors_of(report))
    contract.refresh_from_db()
    assert contract.paid_amount == Decimal("30.00")


def test_import_page_reports_rows(client, users):
    client.force_login(users["registrar"])
    upload = SimpleUploadedFile("台账.xlsx", workbook(row(**{"技术交易额（万元）": 90})).getvalue())
    page = client.post(reverse("deals:contracts_import"), {"file": upload, "mode": "all-or-nothing"})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="import-report"' in html and "不能超过合同总额" in html
    upload = SimpleUploadedFile("台账.xlsx", workbook(row()).getvalue())
    page = client.post(
        reverse("deals:contracts_import"), {"file": upload, "mode": "skip-bad", "dry_run": "on"}
    )
    assert "试运行" in page.content.decode() and not Contract.objects.exists()
    upload = SimpleUploadedFile("台账.xlsx", workbook(row()).getvalue())
    client.post(reverse("deals:contracts_import"), {"file": upload, "mode": "all-or-nothing"})
    assert Contract.objects.get().imported


def test_records_registered_elsewhere_are_not_the_zones(users, enterprise):
    import_contracts(workbook(row(**{"技术合同登记号": "2025110108000007"})))
    record = TechContract.objects.get(profile__organisation=enterprise)
    assert record.contract_no == "2025110108000007" and record.registered is False
