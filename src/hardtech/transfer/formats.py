"""Reading and writing tables as .xlsx, .csv and .jsonl, with size limits and encoding detection.

Every reader yields (row number as the user sees it, {header: raw cell}); a FileError carries a Chinese reason
that concerns the whole file (wrong format, encoding, size), as opposed to one row.
"""

import csv
import io
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import openpyxl
from django.conf import settings
from openpyxl.styles import Font

FORMATS = ("xlsx", "csv", "jsonl")
# Generous for a zone's catalogue; both can be changed in settings.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_ROWS = 100_000

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


def _read_bytes(source: Source) -> bytes:
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
        # GB18030 decodes many random byte strings; control characters betray that it was not text.
        if not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
            return text
    raise FileError("无法识别文件编码：请保存为 UTF-8 或 GBK/GB18030 编码的文本文件")


def _clean_headers(raw: Iterable[object]) -> list[str]:
    return [str(h).strip() if h is not None else "" for h in raw]


def _is_blank(values: Iterable[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


class _RowCounter:
    def __init__(self) -> None:
        self.limit, self.count = max_rows(), 0

    def add(self) -> None:
        self.count += 1
        if self.count > self.limit:
            raise FileError(f"数据行数超过 {self.limit} 行的上限，请拆分文件")


def _read_xlsx(data: bytes) -> Table:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and XML errors for damaged files
        raise FileError("无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式") from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        headers = _clean_headers(next(rows, ()))
        table, counter = Table(headers, []), _RowCounter()
        for number, values in enumerate(rows, start=2):
            if _is_blank(values):
                continue
            counter.add()
            table.rows.append((number, {h: v for h, v in zip(headers, values, strict=False) if h}))
        return table
    finally:
        book.close()


def _read_csv(data: bytes) -> Table:
    reader = csv.reader(io.StringIO(decode_text(data), newline=""))
    try:
        headers = _clean_headers(next(reader, []))
        table, counter = Table(headers, []), _RowCounter()
        # Records, not physical lines: a cell with a line break is still one row in Excel.
        for number, values in enumerate(reader, start=2):
            if _is_blank(values):
                continue
            counter.add()
            table.rows.append((number, {h: v for h, v in zip(headers, values, strict=False) if h}))
    except csv.Error as exc:
        raise FileError(f"CSV 格式错误（第 {reader.line_num} 行）：{exc}") from exc
    return table


def _read_jsonl(data: bytes) -> Table:
    headers: dict[str, None] = {}
    table, counter = Table([], []), _RowCounter()
    for number, line in enumerate(decode_text(data).splitlines(), start=1):
        if not line.strip():
            continue
        counter.add()
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
    return READERS[fmt](_read_bytes(source))


def _write_xlsx(target: BinaryIO, headers: list[str], rows: Iterable[list]) -> None:
    book = openpyxl.Workbook(write_only=False)
    sheet = book.active
    sheet.title = "数据"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(row)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(10, 2 * len(header) + 2)
    book.save(target)


def _write_csv(target: BinaryIO, headers: list[str], rows: Iterable[list]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    # The BOM makes Excel on Windows open the file as UTF-8 rather than GBK.
    target.write(buffer.getvalue().encode("utf-8-sig"))


def _json_value(value):
    return str(value) if isinstance(value, Decimal) else value


def _write_jsonl(target: BinaryIO, headers: list[str], rows: Iterable[list]) -> None:
    for row in rows:
        record = {h: _json_value(v) for h, v in zip(headers, row, strict=True) if v not in (None, "")}
        target.write((json.dumps(record, ensure_ascii=False) + "\n").encode())


WRITERS = {"xlsx": _write_xlsx, "csv": _write_csv, "jsonl": _write_jsonl}


def write_table(target: Source, headers: list[str], rows: Iterable[list], fmt: str | None = None) -> None:
    fmt = detect_format(target, fmt)
    if isinstance(target, str | os.PathLike):
        with open(target, "wb") as handle:
            WRITERS[fmt](handle, headers, rows)
    else:
        WRITERS[fmt](target, headers, rows)
