"""The bank batch-transfer file (对公批量转账 / 批量代发) of a payment batch, and the bank's result file.

The transfer file is an .xlsx workbook, sheet “转账明细”, header in row 1, one transfer a row:

    | 列 | 列名           | 内容                                                         |
    |----|----------------|--------------------------------------------------------------|
    | A  | 序号           | 1, 2, 3 …                                                    |
    | B  | 业务参考号     | 批次号 + 4 位序号（BF2026001-0001），回执按它逐笔对应        |
    | C  | 收款人账号     | 对公账号，仅数字                                             |
    | D  | 收款人户名     | 与申报主体名称一致                                           |
    | E  | 收款行名称     | 开户银行全称                                                 |
    | F  | 收款行联行号   | 12 位（大额支付系统行号）                                    |
    | G  | 金额（元）     | 数值，两位小数（核定万元 × 10000）                            |
    | H  | 用途           | 政策兑现 + 年度 + 条款                                       |
    | I  | 备注           | 受理编号                                                     |

A second sheet “批次汇总” gives the batch number, the number of transfers and the total in 元.

The bank's result file is the same sheet with three columns added after 备注:

    | J  | 处理结果       | 成功 / 失败                                                  |
    | K  | 银行流水号     | 银行交易流水号（成功时）                                     |
    | L  | 失败原因       | 失败时银行给出的原因                                         |

Reading looks for the header row (a bank may put a title above it) among the first ten rows of the first sheet
and matches columns by name, so their order does not matter; rows without a 业务参考号 are skipped.
"""

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

COLUMNS = (
    "序号",
    "业务参考号",
    "收款人账号",
    "收款人户名",
    "收款行名称",
    "收款行联行号",
    "金额（元）",
    "用途",
    "备注",
)
RESULT_COLUMNS = ("处理结果", "银行流水号", "失败原因")
SHEET = "转账明细"
SUMMARY_SHEET = "批次汇总"
PAID, FAILED = "成功", "失败"
YUAN_PER_WAN = Decimal(10000)
CENT = Decimal("0.01")
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Transfer:
    """One row of the transfer file."""

    reference: str
    account_number: str
    account_name: str
    bank_name: str
    bank_code: str
    amount: Decimal  # 万元
    purpose: str
    note: str


@dataclass(frozen=True)
class ResultRow:
    """One row of the bank's result file, as read."""

    row: int
    reference: str
    account_number: str
    amount: Decimal | None  # 元, as the bank wrote it
    paid: bool
    bank_reference: str
    reason: str


def yuan(amount_wan: Decimal) -> Decimal:
    return (amount_wan * YUAN_PER_WAN).quantize(CENT)


def write(batch_number: str, transfers: Iterable[Transfer]) -> bytes:
    """The transfer file of a batch as .xlsx bytes."""
    transfers = list(transfers)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(COLUMNS)
    for n, t in enumerate(transfers, start=1):
        sheet.append(
            [
                n,
                t.reference,
                t.account_number,
                t.account_name,
                t.bank_name,
                t.bank_code,
                yuan(t.amount),
                t.purpose,
                t.note,
            ]
        )
        sheet.cell(row=n + 1, column=7).number_format = "0.00"
    # Account numbers and bank codes are text: a spreadsheet would show a long number in scientific notation.
    for column in ("C", "F"):
        for cell in sheet[column][1:]:
            cell.number_format = "@"
    for column, width in zip("ABCDEFGHI", (6, 18, 24, 30, 30, 16, 14, 30, 16), strict=True):
        sheet.column_dimensions[column].width = width
    summary = book.create_sheet(SUMMARY_SHEET)
    summary.append(["批次号", batch_number])
    summary.append(["笔数", len(transfers)])
    summary.append(["总金额（元）", sum((yuan(t.amount) for t in transfers), Decimal("0.00"))])
    summary["B3"].number_format = "0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _amount(value) -> Decimal | None:
    """A 元 amount as the bank wrote it (a number, or text with or without thousands separators)."""
    text = _text(value).replace(",", "")
    try:
        return Decimal(text).quantize(CENT) if text else None
    except InvalidOperation:
        return None


def read_result(data: bytes) -> list[ResultRow]:
    """The rows of a bank result file; a file that is not such a workbook is refused naming what is wrong."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError({"file": "不是有效的 Excel（.xlsx）回执文件"}) from exc
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    header_at = next(
        (i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if "业务参考号" in [_text(c) for c in row]),
        None,
    )
    if header_at is None:
        raise ValidationError({"file": "回执文件中找不到表头（应含“业务参考号”列）"})
    header = [_text(c) for c in rows[header_at]]
    needed = ("业务参考号", "收款人账号", "金额（元）", *RESULT_COLUMNS)
    if missing := [name for name in needed if name not in header]:
        raise ValidationError({"file": f"回执文件缺少列：{'、'.join(missing)}"})
    at = {name: header.index(name) for name in needed}
    found: list[ResultRow] = []
    errors: list[str] = []
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = [*row, *([None] * len(header))]
        reference = _text(cells[at["业务参考号"]])
        if not reference:
            continue
        outcome = _text(cells[at["处理结果"]])
        if outcome not in (PAID, FAILED):
            errors.append(f"第 {number} 行（{reference}）处理结果应为“成功”或“失败”，实为“{outcome or '空'}”")
            continue
        found.append(
            ResultRow(
                row=number,
                reference=reference,
                account_number=_text(cells[at["收款人账号"]]).replace(" ", ""),
                amount=_amount(cells[at["金额（元）"]]),
                paid=outcome == PAID,
                bank_reference=_text(cells[at["银行流水号"]])[:64],
                reason=_text(cells[at["失败原因"]])[:500],
            )
        )
    if errors:
        raise ValidationError({"file": errors})
    if not found:
        raise ValidationError({"file": "回执文件中没有任何转账记录"})
    return found


def answered(transfer_file: bytes, failed: Mapping[int, str] | None = None) -> bytes:
    """The bank's result file for a transfer file, as the bank answers it: every row 成功 with a 流水号, except the
    rows (by 序号) in `failed`, 失败 with their reason. The sample zone and the tests stand in for the bank with it."""
    failed = failed or {}
    book = load_workbook(io.BytesIO(transfer_file))
    sheet = book[SHEET]
    width = sheet.max_column
    for n, name in enumerate(RESULT_COLUMNS, start=width + 1):
        sheet.cell(row=1, column=n, value=name)
    for row in range(2, sheet.max_row + 1):
        serial = sheet.cell(row=row, column=1).value
        outcome = (FAILED, "", failed[serial]) if serial in failed else (PAID, f"LS{row:08d}", "")
        for n, value in enumerate(outcome, start=width + 1):
            sheet.cell(row=row, column=n, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
