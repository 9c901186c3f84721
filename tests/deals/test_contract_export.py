"""Export writes the import's columns: an exported file re-imports unchanged (nothing written), text that looks
like a formula stays text; the console commands import and export the same way."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from hardtech.audit.models import AuditEntry
from hardtech.deals import contracts
from hardtech.deals.importer import export_contracts, headers, import_contracts
from hardtech.deals.models import Contract
from support.contract_helpers import ZONE, registered, row, workbook


def _export() -> io.BytesIO:
    buffer = io.BytesIO()
    export_contracts(buffer)
    buffer.seek(0)
    buffer.name = "export.xlsx"
    return buffer


def test_export_reimports_unchanged(deal, users):
    platform = registered(deal, users)
    imported = import_contracts(
        workbook(
            row(),
            row(
                **{
                    "技术合同登记号": f"2025{ZONE}000102",
                    "项目名称": '=HYPERLINK("http://x")',
                    "合同类型": "技术转让（专利权）",
                    "预计新增投资（万元）": "12.30",
                    "预计新增产值（万元）": 300,
                    "其他非技术性费用（万元）": "0.05",
                    "技术交易额（万元）": None,
                }
            ),
        )
    )
    assert imported.created == 2, imported.lines()
    contracts.correct(users["registrar"], platform, {"paid_amount": Decimal("31.10")}, reason="测试")
    before = {c.pk: (c.version, c.updated_at) for c in Contract.objects.all()}
    entries = AuditEntry.objects.count()
    exported = _export()
    sheet = openpyxl.load_workbook(io.BytesIO(exported.getvalue())).active
    assert [c.value for c in sheet[1]] == headers() and sheet.max_row == 4
    formula_cell = next(c for r in sheet.iter_rows(min_row=2) for c in r if str(c.value).startswith("=HYPER"))
    assert formula_cell.data_type == "s"
    report = import_contracts(exported)
    assert (
        report.ok and report.unchanged == 3 and report.created == report.changed == 0 and not report.written
    )
    assert {c.pk: (c.version, c.updated_at) for c in Contract.objects.all()} == before
    assert AuditEntry.objects.count() == entries


def test_console_commands(tmp_path, users):
    source = tmp_path / "ledger.xlsx"
    source.write_bytes(workbook(row()).getvalue())
    out = io.StringIO()
    call_command("import_contracts", str(source), "--dry-run", stdout=out)
    assert "将新增 1 条" in out.getvalue() and not Contract.objects.exists()
    call_command("import_contracts", str(source), stdout=io.StringIO())
    target = tmp_path / "out.xlsx"
    call_command("export_contracts", "--out", str(target), stdout=out)
    assert "已导出 1 条" in out.getvalue()
    again = io.StringIO()
    call_command("import_contracts", str(target), stdout=again)
    assert "未变 1 条" in again.getvalue()


def test_console_reports_bad_rows_and_fails(tmp_path, users):
    source = tmp_path / "bad.xlsx"
    bad = row(**{"技术合同登记号": f"2025{ZONE}000102", "技术交易额（万元）": 99})
    source.write_bytes(workbook(row(), bad).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_contracts", str(source), stdout=io.StringIO(), stderr=err)
    assert "第 3 行【技术交易额（万元）】" in err.getvalue() and not Contract.objects.exists()
    with pytest.raises(CommandError):
        call_command(
            "import_contracts", str(source), "--skip-bad", stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert Contract.objects.count() == 1
