"""The bank transfer file: the documented columns in order, amounts in 元 to the cent (万元 × 10000) as numbers,
account numbers and bank codes as text, the batch summary; and the result file read back by column name, with a
title row above the header, refusing a file that is not a workbook or lacks a column."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from hardtech.grants import bankfile

TRANSFERS = [
    bankfile.Transfer(
        "BF2026001-0001",
        "6217000012345678",
        "秦创测试科技有限公司",
        "中国银行西安高新支行",
        "104791000123",
        Decimal("40.00"),
        "2026年度政策兑现 第6条",
        "SB2026000001",
    ),
    bankfile.Transfer(
        "BF2026001-0002",
        "6217000087654321",
        "丝路测试装备有限公司",
        "中国工商银行西安分行",
        "102791000456",
        Decimal("12.34"),
        "2026年度政策兑现 第7条",
        "SB2026000002",
    ),
]


def _sheet(data: bytes, name: str = bankfile.SHEET):
    return load_workbook(io.BytesIO(data))[name]


def test_the_transfer_file_has_the_documented_columns_and_amounts_in_yuan():
    sheet = _sheet(bankfile.write("BF2026001", TRANSFERS))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == bankfile.COLUMNS
    assert rows[1][:7] == (
        1,
        "BF2026001-0001",
        "6217000012345678",
        "秦创测试科技有限公司",
        "中国银行西安高新支行",
        "104791000123",
        400000,
    )
    assert Decimal(str(rows[2][6])) == Decimal("123400.00")
    assert sheet["G2"].number_format == "0.00" and sheet["C2"].number_format == "@"
    summary = list(
        _sheet(bankfile.write("BF2026001", TRANSFERS), bankfile.SUMMARY_SHEET).iter_rows(values_only=True)
    )
    assert summary[0] == ("批次号", "BF2026001") and summary[1] == ("笔数", 2)
    assert Decimal(str(summary[2][1])) == Decimal("523400.00")


def _result(rows: list[list], title: bool = True) -> bytes:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append(["XX银行批量转账处理结果"])
    sheet.append(["处理结果", "业务参考号", "金额（元）", "收款人账号", "银行流水号", "失败原因"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_result_file_is_read_by_column_name_below_a_title():
    rows = bankfile.read_result(
        _result(
            [
                ["成功", "BF2026001-0001", "400,000.00", "6217 0000 1234 5678", "LS001", None],
                ["失败", "BF2026001-0002", 123400, "6217000087654321", None, "户名不符"],
                [None, None, None, None, None, None],
            ]
        )
    )
    assert [(r.row, r.reference, r.amount, r.paid) for r in rows] == [
        (3, "BF2026001-0001", Decimal("400000.00"), True),
        (4, "BF2026001-0002", Decimal("123400.00"), False),
    ]
    assert rows[0].account_number == "6217000012345678" and rows[1].reason == "户名不符"


def test_an_outcome_other_than_success_or_failure_is_refused_naming_the_row():
    with pytest.raises(ValidationError) as exc:
        bankfile.read_result(_result([["处理中", "BF2026001-0001", 1, "1", None, None]], title=False))
    assert "第 2 行（BF2026001-0001）处理结果应为“成功”或“失败”，实为“处理中”" in exc.value.messages


def test_a_file_that_is_not_a_result_file_is_refused():
    with pytest.raises(ValidationError, match="不是有效的 Excel"):
        bankfile.read_result(b"%PDF-1.4 not a workbook")
    with pytest.raises(ValidationError, match="缺少列：处理结果、银行流水号、失败原因"):
        bankfile.read_result(bankfile.write("BF2026001", TRANSFERS))
