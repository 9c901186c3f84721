"""Reading and writing tables as .xlsx, .csv and .jsonl, with size limits and encoding detection.

Every reader yields (row number as the user sees it, {header: raw cell}); a FileError carries a Chinese reason
that concerns the whole file (wrong format, encoding, size), as opposed to one row.
"""

import csv
import io
import json
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import openpyxl
from django.conf import settings
from openpyxl.styles import Font
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from hardtech.spreadsheets.cells import append_row, csv_cell, unquote

FORMATS = ("xlsx", "csv", "jsonl")
# Generous for a zone's catalogue; both can be changed in settings.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_ROWS = 100_000
# A workbook's XML may unpack to this many times the file size limit; real workbooks stay well below.
UNPACKED_RATIO = 10

Source = str | os.PathLike | BinaryIO


class FileError(Exception):
    """The file as a whole cannot be read; the message is for the user, in Chinese."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, object]]]


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def source_name(source: Source) -> str:
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    return Path(getattr(source, "name", "") or "").name


def detect_format(source: Source, fmt: str | None = None) -> str:
    fmt = (fmt or Path(source_name(source)).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise FileError(f"不支持的文件类型“{fmt or '未知'}”，请使用 .xlsx、.csv 或 .jsonl")
    return fmt


def read_bytes(source: Source) -> bytes:
    limit = max_bytes()
    if isinstance(source, str | os.PathLike):
        if os.path.getsize(source) > limit:
            raise FileError(f"文件超过 {limit // (1024 * 1024)} MB 的上限")
        return Path(source).read_bytes()
    # Read one byte past the limit so an oversize upload is refused without reading all of it.
    data = source.read(limit + 1)
    if len(data) > limit:
        raise FileError(f"文件超过 {limit // (1024 * 1024)} MB 的上限")
    return data


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK/GB2312, what Excel on Chinese Windows writes)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        control = next((i for i, ch in enumerate(text) if ord(ch) < 32 and ch not in "\t\r\n"), None)
        if control is None:
            return text
        # Valid UTF-8 is UTF-8 (random bytes almost never are); GB18030 decodes many random byte strings, and
        # there control characters betray that it was not text.
        if encoding == "utf-8-sig":
            line = text.count("\n", 0, control) + 1
            raise FileError(f"文件第 {line} 行含有控制字符（如 \\u0000），请删除后再导入")
    raise FileError("无法识别文件编码：请保存为 UTF-8 或 GBK/GB18030 编码的文本文件")


def _clean_headers(raw: Iterable[object]) -> list[str]:
    return [str(h).strip() if h is not None else "" for h in raw]


def _is_blank(values: Iterable[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


class RowCounter:
    """The row limit of one file. Every row read counts, blank ones too: a few kilobytes of zipped XML can hold
    millions of empty rows, and skipping them costs as much as reading them."""

    def __init__(self) -> None:
        self.limit, self.count = max_rows(), 0

    def add(self) -> None:
        self.count += 1
        if self.count > self.limit:
            raise FileError(
                f"数据行数超过 {self.limit} 行的上限（空行也计算在内），请删除多余的空行或拆分文件"
            )


def open_workbook(data: bytes) -> openpyxl.Workbook:
    """A read-only workbook, refused (FileError) when damaged or when it unpacks to far more than a workbook
    of the allowed file size would (a "zip bomb": the declared sizes bound what zipfile will inflate)."""
    limit = max_bytes() * UNPACKED_RATIO
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > limit:
            raise FileError(f"Excel 文件解压后超过 {limit // (1024 * 1024)} MB 的上限，请拆分文件")
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileError:
        raise
    except Exception as exc:  # openpyxl raises zipfile, KeyError and XML errors for damaged files
        raise FileError("无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式") from exc


def sheet_rows(
    sheet: ReadOnlyWorksheet, counter: RowCounter
) -> tuple[list[str], Iterator[tuple[int, tuple]]]:
    """The header and the data rows (numbered as Excel shows them) of a read-only worksheet.

    The sheet's declared size is ignored: its <dimension> may claim a million rows or 16,384 columns that are
    not there, and openpyxl would make them up. Data rows are cut to the header's width, and each one read
    counts toward the row limit."""
    sheet.reset_dimensions()
    headers = _clean_headers(next(sheet.iter_rows(max_row=1, values_only=True), ()))
    while headers and not headers[-1]:
        headers.pop()

    def data() -> Iterator[tuple[int, tuple]]:
        rows = sheet.iter_rows(min_row=2, max_col=max(len(headers), 1), values_only=True)
        for number, values in enumerate(rows, start=2):
            counter.add()
            yield number, values

    return headers, data()


def _read_xlsx(data: bytes) -> Table:
    book = open_workbook(data)
    try:
        headers, rows = sheet_rows(book.worksheets[0], RowCounter())
        table = Table(headers, [])
        for number, values in rows:
            if not _is_blank(values):
                table.rows.append((number, {h: v for h, v in zip(headers, values, strict=False) if h}))
        return table
    finally:
        book.close()


def _read_csv(data: bytes) -> Table:
    reader = csv.reader(io.StringIO(decode_text(data), newline=""))
    try:
        headers = _clean_headers(next(reader, []))
        table, counter = Table(headers, []), RowCounter()
        # Records, not physical lines: a cell with a line break is still one row in Excel.
        for number, values in enumerate(reader, start=2):
            counter.add()
            if _is_blank(values):
                continue
            cells = {h: unquote(v) for h, v in zip(headers, values, strict=False) if h}
            table.rows.append((number, cells))
    except csv.Error as exc:
        raise FileError(f"CSV 格式错误（第 {reader.line_num} 行）：{exc}") from exc
    return table


def _read_jsonl(data: bytes) -> Table:
    headers: dict[str, None] = {}
    table, counter = Table([], []), RowCounter()
    for number, line in enumerate(decode_text(data).splitlines(), start=1):
        counter.add()
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            raise FileError(f"第 {number} 行不是有效的 JSON") from None
        if not isinstance(record, dict):
            raise FileError(f"第 {number} 行应为一个 JSON 对象")
        headers.update(dict.fromkeys(record))
        table.rows.append((number, record))
    table.headers = list(headers)
    return table


READERS = {"xlsx": _read_xlsx, "csv": _read_csv, "jsonl": _read_jsonl}


def read_table(source: Source, fmt: str | None = None) -> Table:
    fmt = detect_format(source, fmt)
    return READERS[fmt](read_bytes(source))


def _write_xlsx(target: BinaryIO, headers: list[str], rows: Iterable[list]) -> None:
    book = openpyxl.Workbook(write_only=False)
    sheet = book.active
    sheet.title = "数据"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        append_row(sheet, row)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(10, 2 * len(header) + 2)
    book.save(target)


def _write_csv(target: BinaryIO, headers: list[str], rows: Iterable[list]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    # The BOM makes Excel on Windows open the file as UTF-8 rather than GBK.
    target.write(buffer.getvalue().encode("utf-8-sig"))


def _json_value(value):
    return str(value) if isinstance(value, Decimal) else value


def _write_jsonl(target: BinaryIO, headers: list[str], rows: Iterable[list]) -> None:
    for row in rows:
        record = {h: _json_value(v) for h, v in zip(headers, row, strict=True) if v not in (None, "")}
        # A lone surrogate (stored before input was checked) has no UTF-8 form: written as its JSON escape.
        target.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace"))


WRITERS = {"xlsx": _write_xlsx, "csv": _write_csv, "jsonl": _write_jsonl}


def write_table(target: Source, headers: list[str], rows: Iterable[list], fmt: str | None = None) -> None:
    fmt = detect_format(target, fmt)
    if isinstance(target, str | os.PathLike):
        with open(target, "wb") as handle:
            WRITERS[fmt](handle, headers, rows)
    else:
        WRITERS[fmt](target, headers, rows)
