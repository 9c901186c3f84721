"""The framework's modes, on a declared importer of its own (no domain involved): all-or-nothing writes nothing
when any row is bad, skip-bad writes the good rows; either way every bad row is reported with its row number as
Excel shows it, its column and the reason, and the counts say what was (or, in a dry run, would be) written."""

import pytest

from hardtech.spreadsheets.columns import Column
from hardtech.spreadsheets.formats import read_table
from hardtech.spreadsheets.framework import (
    Change,
    HeaderCheck,
    Importer,
    ImportReport,
    ImportRow,
    RowError,
    parse_cells,
    run,
)

COLUMNS = [Column("名称", "name", required=True), Column("金额（万元）", "amount", "decimal")]
STORED = {"甲": 1, "乙": 2}  # what a stored "record" holds: name → amount


class Toy(Importer):
    label = "测试"

    def __init__(self) -> None:
        self.written: list[tuple[str, Change]] = []

    def validate(self, source, report: ImportReport) -> list[ImportRow]:
        table = read_table(source)
        report.rows = len(table.rows)
        report.file_errors += HeaderCheck.of(COLUMNS, table.headers).messages()
        rows = []
        for number, cells in table.rows:
            row = ImportRow(number)
            values = parse_cells(COLUMNS, cells, row)
            if not values.get("name"):
                row.error("名称", "不能为空")
            row.obj = values
            stored = STORED.get(values.get("name"))
            if stored is not None:
                row.change = Change.UNCHANGED if values.get("amount") == stored else Change.CHANGED
            rows.append(row)
        return rows

    def write(self, rows: list[ImportRow], report: ImportReport) -> None:
        self.written += [(row.obj["name"], row.change) for row in rows]


@pytest.fixture
def mixed(tmp_path):
    """Row 2 unchanged, 3 changed, 4 bad (amount), 5 new, 6 bad (no name)."""
    path = tmp_path / "toy.csv"
    path.write_text("名称,金额（万元）\n甲,1\n乙,3\n丙,abc\n丁,4\n,5\n", encoding="utf-8")
    return path


def test_all_or_nothing_writes_nothing_and_reports_every_bad_row(db, mixed):
    toy = Toy()
    report = run(toy, mixed, "all-or-nothing")
    assert toy.written == [] and not report.written
    assert report.errors == [
        RowError(4, "金额（万元）", "“abc”不是有效的金额（万元）"),
        RowError(6, "名称", "不能为空"),
    ]
    assert (report.created, report.changed, report.unchanged, report.bad_rows) == (0, 0, 0, 2)
    assert report.summary() == "toy.csv：共 5 行，2 行有错误，未写入任何数据（全部或全不）"
    assert report.lines()[1:] == [
        "第 4 行【金额（万元）】：“abc”不是有效的金额（万元）",
        "第 6 行【名称】：不能为空",
    ]


def test_skip_bad_writes_the_new_and_changed_good_rows(db, mixed):
    toy = Toy()
    report = run(toy, mixed, "skip-bad")
    assert toy.written == [("乙", Change.CHANGED), ("丁", Change.NEW)] and report.written
    assert (report.created, report.changed, report.unchanged, report.bad_rows) == (1, 1, 1, 2)
    assert report.summary() == "toy.csv：共 5 行，新增 1 条，修改 1 条，未变 1 条，2 行有错误（已跳过）"


@pytest.mark.parametrize("mode", ["all-or-nothing", "skip-bad"])
def test_dry_run_counts_without_writing(db, mixed, mode):
    toy = Toy()
    report = run(toy, mixed, mode, dry_run=True)
    assert toy.written == [] and not report.written
    expected = (0, 0, 0) if mode == "all-or-nothing" else (1, 1, 1)
    assert (report.created, report.changed, report.unchanged) == expected


def test_a_file_problem_writes_nothing_in_either_mode(db, tmp_path):
    path = tmp_path / "toy.csv"
    path.write_text("名字,金额（万元）\n甲,1\n", encoding="utf-8")
    toy = Toy()
    report = run(toy, path, "skip-bad")
    assert toy.written == [] and report.file_errors == [
        "未知的列：名字（可用的列：名称、金额（万元））",
        "缺少必填列：名称",
    ]
    assert report.summary() == "toy.csv：文件无法导入，未写入任何数据"
