"""Exported text cells that a spreadsheet can never run, and that any stored value can be written to.

Every export of the platform that a spreadsheet opens (.xlsx and .csv: the catalogue, the 免申即享 lists, the
一企一档 workbook, the match feedback) writes its cells through this module:

- xlsx: text is always a text cell, never a formula or an error value (openpyxl would otherwise store any
  string starting with "=" as a formula and "#N/A" as an error); text that starts like a formula also gets
  Excel's quote prefix, so editing the cell keeps it text. The value itself is unchanged.
- csv: a text value starting like a formula gets a leading apostrophe (OWASP's CSV-injection advice); the
  importer removes it again, so an exported file re-imports unchanged.
- both: characters XML cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF) are dropped, so one
  bad stored value cannot make an export fail.

Numbers, Decimals and dates stay what they are.
"""

import re
from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# What Excel, LibreOffice and Google Sheets take as the start of a formula (OWASP: = + - @ tab CR).
FORMULA_START = frozenset("=+-@\t\r")
QUOTE = "'"
UNSTORABLE = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ud800-\udfff\ufffe\uffff]")


def storable(text: str) -> str:
    """`text` without the characters an xlsx (XML) or a UTF-8 file cannot hold."""
    return UNSTORABLE.sub("", text)


def _needs_quote(text: str) -> bool:
    # A value that already starts with the quote is quoted too, so that unquote() is its exact inverse.
    return text[:1] in FORMULA_START or (text[:1] == QUOTE and text[1:2] in FORMULA_START | {QUOTE})


def csv_cell(value: object) -> object:
    """A CSV cell: text neutralised as the module docstring says; None as an empty cell; others unchanged."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = storable(value)
    return QUOTE + text if _needs_quote(text) else text


def unquote(value: object) -> object:
    """Undo csv_cell's apostrophe on a cell read from a CSV file."""
    if isinstance(value, str) and value[:1] == QUOTE and _needs_quote(value[1:]):
        return value[1:]
    return value


def text_cell(sheet: Worksheet, value: str) -> Cell:
    """An xlsx text cell holding `value` (minus unstorable characters), never read as a formula."""
    text = storable(value)
    cell = Cell(sheet, value=text)
    cell.data_type = "s"  # the value setter took "=…" for a formula and "#REF!" for an error
    if text[:1] in FORMULA_START:
        cell.quotePrefix = True
    return cell


def append_row(sheet: Worksheet, values: Iterable[object]) -> None:
    """sheet.append() for exported values: every str becomes a text cell (see text_cell)."""
    sheet.append([text_cell(sheet, v) if isinstance(v, str) else v for v in values])


def headed_sheet(book, title: str, headers: list[str], widths: list[int]) -> Worksheet:
    """A new sheet of `book` with a bold header row frozen above the rows and the columns' widths."""
    sheet = book.create_sheet(title)
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(i + 1)].width = width
    sheet.freeze_panes = "A2"
    return sheet
