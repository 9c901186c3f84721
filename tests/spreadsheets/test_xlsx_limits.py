"""A small .xlsx cannot make the importer do unbounded work: blank rows count toward the row limit, the sheet's
declared size is not believed, and a workbook that unpacks to far more than its size is refused."""

import zipfile

import openpyxl
import pytest

from hardtech.catalogue.models import Achievement
from hardtech.spreadsheets.formats import FileError, RowCounter, open_workbook, read_table, sheet_rows
from hardtech.spreadsheets.importer import import_file

HEADERS = ["成果名称", "所属机构", "成果简介", "技术领域"]
ROW = ["碳化硅功率器件", "西安测试大学", "一种碳化硅 MOSFET。", "电子信息"]


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.IMPORT_MAX_ROWS = 1000


def _workbook(path, *rows, far_row: int | None = None):
    book = openpyxl.Workbook()
    for row in (HEADERS, *rows):
        book.active.append(row)
    if far_row:
        # One cell a million rows down: a few kilobytes on disk, a million blank rows to openpyxl.
        book.active.cell(far_row, 1, ROW[0])
    book.save(path)
    return path


def _declare_dimension(path, ref: str) -> None:
    """Rewrite the sheet's <dimension>, which any program writing the file may set as it likes."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index("<dimension ref=")
    end = sheet.index("/>", start) + 2
    members["xl/worksheets/sheet1.xml"] = (sheet[:start] + f'<dimension ref="{ref}"/>' + sheet[end:]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_million_blank_rows_are_refused_not_read(university, tmp_path):
    path = _workbook(tmp_path / "blank.xlsx", ROW, far_row=1_000_000)
    assert path.stat().st_size < 20_000
    report = import_file("achievements", path)
    assert report.file_errors == ["数据行数超过 1000 行的上限（空行也计算在内），请删除多余的空行或拆分文件"]
    assert not Achievement.objects.exists()


def test_a_few_blank_rows_are_still_skipped(university, tmp_path):
    path = _workbook(tmp_path / "gaps.xlsx", ROW, [None] * 4, [], ["高精度光栅尺", *ROW[1:]])
    report = import_file("achievements", path)
    assert report.ok and report.created == 2 and [n for n, _ in read_table(path).rows] == [2, 5]


def test_the_declared_dimension_is_not_believed(university, tmp_path):
    # Believed, it would make every row, blank ones included, 16,384 cells wide.
    path = _workbook(tmp_path / "wide.xlsx", ROW, [], ["高精度光栅尺", *ROW[1:]])
    _declare_dimension(path, "A1:XFD1048576")
    book = open_workbook(path.read_bytes())
    headers, rows = sheet_rows(book.worksheets[0], RowCounter())
    assert headers == HEADERS and [len(values) for _, values in rows] == [4, 4, 4]
    book.close()
    assert import_file("achievements", path).created == 2


def test_a_workbook_that_unpacks_far_beyond_the_size_limit_is_refused(university, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 20_000
    path = _workbook(tmp_path / "bomb.xlsx", *[["啊" * 30_000] * 4] * 3)  # 1 MB of XML
    assert path.stat().st_size < 20_000
    with pytest.raises(FileError, match="解压后超过"):
        read_table(path)


def test_blank_csv_lines_count_too(university, tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text(",".join(HEADERS) + "\n" + "\n" * 1000 + ",".join(ROW) + "\n", encoding="utf-8")
    assert "空行也计算在内" in import_file("achievements", path).file_errors[0]
