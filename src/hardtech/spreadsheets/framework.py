"""One way to import a spreadsheet, for every domain (the catalogue's kinds, 一企一档 today).

An importer declares its columns (`columns.Column`: Chinese header ↔ attribute, how a cell parses, whether the
column is required) and implements what is specific to it as an `Importer`:

- `validate(source, report)`: read the file and turn every row into an `ImportRow`: the record it creates or
  the stored record with the row's values applied, its errors per column (`RowError`: sheet, row as Excel
  shows it, column, reason), and whether it is new, changed or unchanged (`snapshot`/`changes` compare the
  parsed values with the stored ones; `parse_cells` and `clean_row` do the common part of a row's checks);
- `write(rows, report)`: write the new and changed rows (never the unchanged ones), inside the transaction
  `run` opens, through the domain's services or, for bulk speed, by bulk writes that record their audit entry;
- `after_commit()`: what follows a committed write (the match index catching up).

`run` does the rest the same way for all: the modes (all-or-nothing writes nothing when any row is bad,
skip-bad writes the good rows), the dry run (counts, no writes), the counts new / changed / unchanged, the
report, one transaction. An unchanged re-import therefore writes nothing at all: no audit entry, no version,
no index refresh.
"""

import time
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import translation

from hardtech.spreadsheets.columns import Column
from hardtech.spreadsheets.formats import FileError, Source, source_name

ALL_OR_NOTHING, SKIP_BAD = "all-or-nothing", "skip-bad"
MODES = (ALL_OR_NOTHING, SKIP_BAD)
MODE_LABELS = {
    ALL_OR_NOTHING: "全部或全不：有任何错误行则不导入",
    SKIP_BAD: "跳过错误行，导入其余各行",
}


class Change(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str
    sheet: str = ""  # named when a workbook has several sheets (一企一档)

    def __str__(self) -> str:
        sheet = f"工作表“{self.sheet}”" if self.sheet else ""
        where = f"【{self.column}】" if self.column else ""
        return f"{sheet}第 {self.row} 行{where}：{self.message}"


@dataclass
class ImportRow:
    """One data row: the record it writes (`obj`), what else the importer needs to write it (`extra`), and
    whether that is a new record, a change of a stored one or nothing new."""

    number: int
    sheet: str = ""
    obj: Any = None
    change: Change = Change.NEW
    errors: list[RowError] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message, self.sheet))


@dataclass
class ImportReport:
    source: str
    mode: str = ALL_OR_NOTHING
    dry_run: bool = False
    kind: str = ""
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    written: bool = False
    seconds: float = 0.0
    file_errors: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    @property
    def bad_rows(self) -> int:
        return len({(e.sheet, e.row) for e in self.errors})

    @property
    def blocked(self) -> bool:
        """All-or-nothing refused the file because of its bad rows."""
        return bool(self.errors) and self.mode == ALL_OR_NOTHING

    def summary(self) -> str:
        if self.file_errors:
            return f"{self.source}：文件无法导入，未写入任何数据"
        if self.blocked:
            return (
                f"{self.source}：共 {self.rows} 行，{self.bad_rows} 行有错误，"
                f"{'不会' if self.dry_run else '未'}写入任何数据（全部或全不）"
            )
        will = "将" if self.dry_run else ""
        text = (
            f"{self.source}：共 {self.rows} 行，{will}新增 {self.created} 条，{will}修改 {self.changed} 条，"
            f"未变 {self.unchanged} 条"
        )
        if self.errors:
            text += f"，{self.bad_rows} 行有错误（已跳过）"
        if self.dry_run:
            text += "（试运行，未写入）"
        return text

    def lines(self) -> list[str]:
        return [self.summary(), *self.file_errors, *(str(e) for e in self.errors)]

    def as_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok, "bad_rows": self.bad_rows, "summary": self.summary()}


class Importer(ABC):
    """A declared importer: what `run` cannot know about one kind of spreadsheet."""

    label: str = ""  # names the source when the file has no name

    @abstractmethod
    def validate(self, source: Source, report: ImportReport) -> list[ImportRow]:
        """Every data row, checked; problems of the file as a whole raise FileError or go to
        report.file_errors (nothing is written), problems of one sheet to report.errors."""

    @abstractmethod
    def write(self, rows: list[ImportRow], report: ImportReport) -> None:
        """Write the rows (each new or changed) inside run's transaction."""

    def after_commit(self) -> None:  # noqa: B027 - optional: most importers have nothing to follow up
        """Called once the write has committed."""


def run(
    importer: Importer, source: Source, mode: str = ALL_OR_NOTHING, dry_run: bool = False
) -> ImportReport:
    """Validate every row of `source`, count what it would create and change, then write as `mode` says."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    started = time.perf_counter()
    report = ImportReport(source_name(source) or importer.label, mode, dry_run)
    with translation.override("zh-hans"):
        try:
            rows = importer.validate(source, report)
        except FileError as exc:
            report.file_errors.append(str(exc))
            rows = []
        report.errors += [e for row in rows for e in row.errors]
        good = [row for row in rows if not row.errors]
        if not report.file_errors and not report.blocked:
            counts = {change: sum(1 for row in good if row.change == change) for change in Change}
            report.created, report.changed, report.unchanged = counts.values()
            writes = [row for row in good if row.change != Change.UNCHANGED]
            if writes and not dry_run:
                with transaction.atomic():
                    importer.write(writes, report)
                report.written = True
    if report.written:
        importer.after_commit()
    report.seconds = time.perf_counter() - started
    return report


def to_command(report: ImportReport, command: BaseCommand) -> None:
    """What an import command prints: each bad row on stderr, the summary on stdout; it fails (CommandError)
    when the file or any row was bad, after writing the good rows in skip-bad mode."""
    if report.file_errors:
        raise CommandError("；".join(report.file_errors))
    for error in report.errors:
        command.stderr.write(str(error))
    command.stdout.write(report.summary())
    if report.errors:
        raise CommandError(f"{len(report.errors)} 处错误，见上")


# -- the common parts of an importer ----------------------------------------------------------------------


@dataclass
class HeaderCheck:
    """A sheet's header row against the declared columns."""

    columns: list[Column]
    unknown: list[str]
    missing: list[str]
    duplicated: list[str]

    @classmethod
    def of(cls, columns: list[Column], headers: list[str]) -> "HeaderCheck":
        known = {c.header for c in columns}
        return cls(
            columns,
            unknown=[h for h in headers if h and h not in known],
            missing=[c.header for c in columns if c.required and c.header not in headers],
            duplicated=sorted({h for h in headers if h and headers.count(h) > 1}),
        )

    @property
    def ok(self) -> bool:
        return not (self.unknown or self.missing or self.duplicated)

    def messages(self) -> list[str]:
        """One message per kind of problem, for a file of one table."""
        problems = []
        if self.unknown:
            available = "、".join(c.header for c in self.columns)
            problems.append(f"未知的列：{'、'.join(self.unknown)}（可用的列：{available}）")
        if self.missing:
            problems.append(f"缺少必填列：{'、'.join(self.missing)}")
        if self.duplicated:
            problems.append(f"重复的列：{'、'.join(self.duplicated)}")
        return problems

    def errors(self, sheet: str) -> list[RowError]:
        """One error per header, on the header row of a sheet of a workbook."""
        available = "、".join(c.header for c in self.columns)
        return [
            *(RowError(1, h, f"未知的列名（可用：{available}）", sheet) for h in self.unknown),
            *(RowError(1, h, "缺少此列", sheet) for h in self.missing),
            *(RowError(1, h, "重复的列", sheet) for h in self.duplicated),
        ]


def parse_cells(columns: Iterable[Column], cells: dict[str, Any], row: ImportRow) -> dict[str, Any]:
    """The parsed value of each column's cell; a cell that does not parse is an error of the row instead."""
    values = {}
    for column in columns:
        try:
            values[column.attr] = column.parse(cells.get(column.header))
        except ValueError as exc:
            row.error(column.header, str(exc))
    return values


def header_of(columns: Iterable[Column], model: type[models.Model], attr: str) -> str:
    """The column a model field's error belongs to: its header, else the field's name; "" for the row."""
    column = next((c for c in columns if c.attr == attr), None)
    if column:
        return column.header
    if attr == NON_FIELD_ERRORS:
        return ""
    try:
        return str(model._meta.get_field(attr).verbose_name)
    except FieldDoesNotExist:
        return ""


def clean_row(row: ImportRow, columns: Iterable[Column], exclude: Iterable[str] = ()) -> None:
    """Model validation of row.obj (uniqueness is the importer's), each message an error of its column.
    Fields whose cells did not parse are left out, so each problem is reported once."""
    columns = list(columns)
    bad = {c.attr for c in columns if any(e.column == c.header for e in row.errors)}
    obj = row.obj
    try:
        obj.full_clean(exclude=[*bad, *exclude], validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = header_of(columns, type(obj), name)
            for message in messages:
                row.error(column, message)


def snapshot(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """The stored values of the named fields (a foreign key as its id), to compare after the row is applied."""
    return {name: getattr(obj, obj._meta.get_field(name).attname) for name in names}


def changes(before: dict[str, Any], obj: models.Model) -> set[str]:
    """The fields whose value differs from the snapshot (Decimal 12.30 equals 12.3: no change)."""
    return {name for name, value in snapshot(obj, before).items() if value != before[name]}
