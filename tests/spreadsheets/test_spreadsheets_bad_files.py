"""Bad files and bad rows: every problem reported with row, column and a Chinese reason; modes respected."""

import os

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from hardtech.catalogue.models import Achievement, Organisation
from hardtech.spreadsheets.formats import FileError, decode_text
from hardtech.spreadsheets.importer import import_file

ACHIEVEMENT_HEADERS = [
    "编号",
    "成果名称",
    "所属机构",
    "成果简介",
    "技术领域",
    "专利号",
    "意向价格下限（万元）",
]


def _xlsx(path, headers, rows):
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


GOOD = [
    "A-1",
    "低温共烧陶瓷滤波器",
    "西安测试大学",
    "一种 LTCC 滤波器设计与制备方法。",
    "电子信息",
    "CN202223220665.2",
    30,
]


@pytest.fixture
def mixed(university, tmp_path):
    """Two good rows (Excel rows 2 and 5) and three bad ones (3, 4, 6)."""
    return _xlsx(
        tmp_path / "mixed.xlsx",
        ACHIEVEMENT_HEADERS,
        [
            GOOD,
            ["A-2", "高精度光栅尺", "不存在的大学", "光栅尺。", "先进制造与自动化", "", ""],
            ["A-3", "压电陶瓷驱动器", "西安测试大学", "驱动器。", "电子信息", "CN202223220665.3", ""],
            ["A-4", "锂电池隔膜", "西安测试大学", "隔膜。", "新能源与节能", "", "12.5"],
            ["A-1", "重复编号", "西安测试大学", "重复。", "量子领域", "", "abc"],
        ],
    )


def test_all_or_nothing_leaves_the_database_untouched(mixed):
    before = Achievement.objects.count()
    report = import_file("achievements", mixed, mode="all-or-nothing")
    assert not report.ok and not report.written
    assert Achievement.objects.count() == before
    assert (report.created, report.changed, report.unchanged) == (0, 0, 0)


def test_skip_bad_imports_exactly_the_good_rows_and_reports_each_bad_one(mixed):
    report = import_file("achievements", mixed, mode="skip-bad")
    assert report.written and report.created == 2
    assert sorted(Achievement.objects.values_list("external_id", flat=True)) == ["A-1", "A-4"]
    found = {(e.row, e.column) for e in report.errors}
    assert (3, "所属机构") in found
    assert (4, "专利号") in found
    assert {(6, "编号"), (6, "技术领域"), (6, "意向价格下限（万元）")} <= found
    assert report.bad_rows == 3
    assert any("未找到机构“不存在的大学”" in e.message for e in report.errors)
    assert any("校验位错误" in e.message for e in report.errors)
    assert any("与第 2 行重复" in e.message for e in report.errors)
    assert "第 3 行【所属机构】" in "\n".join(report.lines())


def test_blank_required_cells_are_reported_in_chinese(university, tmp_path):
    path = _xlsx(
        tmp_path / "blank.xlsx",
        ACHIEVEMENT_HEADERS,
        [["A-9", "", "西安测试大学", "简介。", "电子信息", "", ""]],
    )
    report = import_file("achievements", path)
    assert [(e.row, e.column) for e in report.errors] == [(2, "成果名称")]
    assert "不能为空" in report.errors[0].message


def test_wrong_and_missing_headers_are_file_errors(university, tmp_path):
    path = _xlsx(tmp_path / "h.xlsx", ["成果名称", "成果介绍", "技术领域"], [["x", "y", "电子信息"]])
    report = import_file("achievements", path, mode="skip-bad")
    assert not report.written
    text = "\n".join(report.file_errors)
    assert "未知的列：成果介绍" in text and "缺少必填列：成果简介" in text


def test_bad_credit_codes_and_duplicate_names(db, tmp_path):
    Organisation.objects.create(name="已有科技有限公司", kind="enterprise", credit_code="91110000802100433B")
    path = tmp_path / "orgs.csv"
    path.write_text(
        "名称,类型,统一社会信用代码\n"
        "甲科技有限公司,企业,91350100M000100Y44\n"
        "乙科技有限公司,企业,91350100M0001O0Y43\n"
        "丙科技有限公司,企业,91110000802100433B\n"
        "丁科技有限公司,企业,\n"
        "丁科技有限公司,企业,\n"
        "戊科技有限公司,外星机构,\n",
        encoding="utf-8",
    )
    report = import_file("organisations", path, mode="skip-bad")
    errors = {(e.row, e.column): e.message for e in report.errors}
    assert "校验位错误" in errors[(2, "统一社会信用代码")]
    assert "18位" in errors[(3, "统一社会信用代码")]
    assert "已属于另一家机构" in errors[(4, "统一社会信用代码")]
    assert "与第 5 行重复" in errors[(6, "名称")]
    assert "不是可选值" in errors[(7, "类型")]
    assert report.created == 1


def test_gbk_csv_is_read(university, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(
        "成果名称,所属机构,成果简介,技术领域\n碳化硅功率器件,西安测试大学,一种碳化硅 MOSFET。,电子信息\n".encode(
            "gbk"
        )
    )
    report = import_file("achievements", path)
    assert report.ok and Achievement.objects.filter(title="碳化硅功率器件").exists()


def test_utf8_bom_csv_is_read(university, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_text(
        "成果名称,所属机构,成果简介,技术领域\n氮化镓外延片,西安测试大学,外延。,电子信息\n",
        encoding="utf-8-sig",
    )
    assert import_file("achievements", path).ok


def test_random_bytes_are_rejected(db, tmp_path):
    path = tmp_path / "noise.csv"
    path.write_bytes(os.urandom(4096))
    report = import_file("achievements", path)
    assert report.file_errors and "编码" in report.file_errors[0]
    with pytest.raises(FileError):
        decode_text(b"\x00\x01\xff\xfe\x80")


def test_damaged_xlsx_is_rejected(db, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    assert "Excel" in import_file("achievements", path).file_errors[0]


def test_unknown_extension_is_rejected(db, tmp_path):
    path = tmp_path / "a.docx"
    path.write_bytes(b"x")
    assert ".xlsx" in import_file("achievements", path).file_errors[0]


def test_oversize_files_are_rejected(university, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 1024
    path = tmp_path / "big.csv"
    path.write_text(
        "成果名称,所属机构,成果简介,技术领域\n" + "甲,西安测试大学,乙,电子信息\n" * 200, encoding="utf-8"
    )
    assert "MB" in import_file("achievements", path).file_errors[0]
    with open(path, "rb") as upload:  # an uploaded file object, as the web page passes it
        assert "MB" in import_file("achievements", upload).file_errors[0]


def test_too_many_rows_are_rejected(university, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 10
    path = tmp_path / "rows.csv"
    path.write_text(
        "成果名称,所属机构,成果简介,技术领域\n" + "甲,西安测试大学,乙,电子信息\n" * 11, encoding="utf-8"
    )
    report = import_file("achievements", path)
    assert "行数超过 10 行" in report.file_errors[0]
    assert Achievement.objects.count() == 0


def test_a_crash_while_writing_writes_nothing(mixed, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("hardtech.spreadsheets.importer.record_batch", boom)
    with pytest.raises(RuntimeError):
        import_file("achievements", mixed, mode="skip-bad")
    assert Achievement.objects.count() == 0


def test_demand_needs_an_enterprise(university, enterprise, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        "需求名称,需求企业,技术领域,拟解决难题,预算下限（万元）,预算上限（万元）\n"
        "高速视觉检测,西安测试大学,电子信息,检测速度不足。,50,20\n",
        encoding="utf-8",
    )
    report = import_file("demands", path)
    columns = {e.column for e in report.errors}
    assert {"需求企业", "预算上限（万元）"} <= columns


def test_command_fails_with_the_report(mixed, capsys):
    with pytest.raises(CommandError):
        call_command("import", "achievements", str(mixed))
    assert "第 4 行【专利号】" in capsys.readouterr().err
