"""Import 一企一档 profiles from an Excel workbook: one sheet per record type, Chinese headers, all-or-nothing.

    report = import_profiles(path_or_upload)
    report.ok, report.errors   # each error names the sheet, the row, the column and the reason

Every row of every sheet is read and validated (model validation included) before anything is written; any bad
row means nothing is written. Rows find their organisation by 统一社会信用代码 or 机构名称, and their record by its
natural key (the year; the type, grade and date of a recognition; …), so importing a file twice changes nothing.
Amounts are read as Decimal from the cell's text, never through float. The catalogue importer's limits apply
(file size, unpacked size, rows of all sheets together, blank ones included); the workbook written back out
(template_workbook) holds text as text cells that never run as formulas.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import translation

from hardtech.catalogue.models import Organisation
from hardtech.policies.models import (
    APPLICANT_KIND,
    FILED_FIELDS,
    ApplicantProfile,
    Investment,
    PriorAward,
    Recognition,
    TechContract,
    YearFigures,
)
from hardtech.spreadsheets.cells import append_row
from hardtech.spreadsheets.columns import cell_text, parse_choice, parse_date, parse_decimal
from hardtech.spreadsheets.formats import RowCounter, Source, open_workbook, read_bytes, sheet_rows, source_name
from hardtech.spreadsheets.importer import RowError

NAME, CODE = "机构名称", "统一社会信用代码"
TRUE_WORDS, FALSE_WORDS = {"是", "true", "1", "y", "yes", "对"}, {"否", "false", "0", "n", "no", "不"}


@dataclass(frozen=True)
class Sheet:
    title: str
    model: type[models.Model]
    key: tuple[str, ...]  # the fields that find an existing record of the same profile; () for the profile

    @property
    def fields(self) -> tuple[str, ...]:
        return FILED_FIELDS[self.model]

    def headers(self) -> list[str]:
        return [NAME, CODE, *(header(self.model, f) for f in self.fields)]


SHEETS = (
    Sheet("档案", ApplicantProfile, ()),
    Sheet("年度数据", YearFigures, ("year",)),
    Sheet("认定与获奖", Recognition, ("type", "grade", "rank", "date")),
    Sheet("技术合同", TechContract, ("contract_no", "role", "type", "date", "counterparty_name")),
    Sheet("投资记录", Investment, ("investee_name", "date")),
    Sheet("已获奖励", PriorAward, ("key",)),
)


def header(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


@dataclass
class _Row:
    sheet: Sheet
    number: int
    organisation: Organisation
    values: dict[str, Any]


@dataclass
class ImportReport:
    source: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return f"{self.source}：{len(self.errors)} 处错误，未导入任何数据"
        return (
            f"{self.source}：共 {self.rows} 行，新增 {self.created} 条，更新 {self.updated} 条，"
            f"未变 {self.unchanged} 条"
        )


def _bool(value: Any) -> bool | None:
    text = cell_text(value).lower()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(f"“{text}”应为“是”或“否”")


def _int(value: Any) -> int | None:
    text = cell_text(value)
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"“{text}”应为整数")
    return int(text)


def _parser(f: models.Field) -> Callable[[Any], Any]:
    return {
        "DecimalField": parse_decimal,
        "DateField": parse_date,
        "BooleanField": _bool,
        "PositiveIntegerField": _int,
        "PositiveSmallIntegerField": _int,
    }.get(f.get_internal_type(), cell_text)


def _choices_enum(model: type[models.Model], name: str) -> type[models.TextChoices]:
    # Model fields keep only the (value, label) pairs; the importer needs the TextChoices class to accept both.
    return {
        (Recognition, "type"): Recognition.Type,
        (Recognition, "grade"): Recognition.Grade,
        (Recognition, "rank"): Recognition.Rank,
        (TechContract, "role"): TechContract.Role,
        (TechContract, "type"): TechContract.Type,
        (TechContract, "counterparty_kind"): TechContract.CounterpartyKind,
        (PriorAward, "key"): PriorAward.Key,
    }[(model, name)]


class _Reader:
    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.orgs_by_code = {o.credit_code: o for o in Organisation.objects.exclude(credit_code=None)}
        self.orgs_by_name = {o.name: o for o in Organisation.objects.all()}
        self.seen: dict[tuple, int] = {}

    def error(self, sheet: Sheet, row: int, column: str, message: str) -> None:
        self.report.errors.append(RowError(row, column, message, sheet=sheet.title))

    def organisation(self, sheet: Sheet, number: int, cells: dict[str, Any]) -> Organisation | None:
        name, code = cell_text(cells.get(NAME)), cell_text(cells.get(CODE)).upper()
        if not name and not code:
            self.error(sheet, number, NAME, f"请填写{NAME}或{CODE}")
            return None
        org = self.orgs_by_code.get(code) if code else self.orgs_by_name.get(name)
        if org is None:
            column, value = (CODE, code) if code else (NAME, name)
            self.error(sheet, number, column, f"平台上没有{column}为“{value}”的机构")
            return None
        if code and name and org.name != name:
            self.error(sheet, number, NAME, f"与{CODE}对应的机构“{org.name}”不一致")
            return None
        if org.kind not in APPLICANT_KIND:
            self.error(sheet, number, NAME, f"“{org.name}”（{org.kind_label}）不是政策的申请主体")
            return None
        return org

    def row(self, sheet: Sheet, number: int, cells: dict[str, Any]) -> _Row | None:
        org = self.organisation(sheet, number, cells)
        values, bad = {}, False
        for name in sheet.fields:
            f = sheet.model._meta.get_field(name)
            column = str(f.verbose_name)
            try:
                value = (
                    parse_choice(_choices_enum(sheet.model, name), cells.get(column))
                    if f.choices
                    else _parser(f)(cells.get(column))
                )
            except ValueError as e:
                self.error(sheet, number, column, str(e))
                bad = True
                continue
            if value is None and not f.null and f.has_default():
                value = f.get_default()  # a blank 已在本区登记 means the field's default, not an error
            values[name] = value
        if bad or org is None:
            return None
        if not self.valid(sheet, number, values):
            return None
        key = (sheet.title, org.pk, *(values[k] for k in sheet.key))
        if key in self.seen:
            self.error(sheet, number, "", f"与第 {self.seen[key]} 行是同一条记录")
            return None
        self.seen[key] = number
        return _Row(sheet, number, org, values)

    def valid(self, sheet: Sheet, number: int, values: dict[str, Any]) -> bool:
        instance = sheet.model(**values)
        try:
            instance.full_clean(exclude=["profile", "organisation"])
        except ValidationError as e:
            for name, messages in e.message_dict.items():
                column = "" if name == NON_FIELD_ERRORS else header(sheet.model, name)
                for message in messages:
                    self.error(sheet, number, column, message)
            return False
        return True


def _rows_of(book: openpyxl.Workbook, reader: _Reader) -> list[_Row]:
    by_title = {s.title: s for s in SHEETS}
    rows: list[_Row] = []
    counter = RowCounter()  # one limit for the whole workbook, blank rows included
    for ws in book.worksheets:
        sheet = by_title.get(ws.title.strip())
        if sheet is None:
            reader.report.errors.append(
                RowError(1, "", "未知的工作表名称（可用：" + "、".join(by_title) + "）", sheet=ws.title)
            )
            continue
        headers, lines = sheet_rows(ws, counter)
        expected = sheet.headers()
        unknown = [h for h in headers if h and h not in expected]
        for h in unknown:
            reader.error(sheet, 1, h, "未知的列名（可用：" + "、".join(expected) + "）")
        absent = [h for h in expected[2:] if h not in headers]
        for h in absent:
            reader.error(sheet, 1, h, "缺少此列")
        if NAME not in headers and CODE not in headers:
            reader.error(sheet, 1, NAME, f"缺少{NAME}或{CODE}列")
        if unknown or absent or (NAME not in headers and CODE not in headers):
            continue
        for number, values in lines:
            if all(cell_text(v) == "" for v in values):
                continue
            reader.report.rows += 1
            cells = {h: v for h, v in zip(headers, values, strict=False) if h}
            if (row := reader.row(sheet, number, cells)) is not None:
                rows.append(row)
    return rows


def _write(rows: list[_Row], report: ImportReport) -> None:
    profiles = {
        p.organisation_id: p
        for p in ApplicantProfile.objects.filter(organisation__in={r.organisation.pk for r in rows})
    }
    # The profile sheet comes first in SHEETS, so records of a new profile find it created.
    for row in sorted(rows, key=lambda r: SHEETS.index(r.sheet)):
        org, is_profile = row.organisation, row.sheet.model is ApplicantProfile
        profile = profiles.get(org.pk)
        if profile is None:
            # A record of an organisation without a profile yet opens an empty one (unreported flags).
            profile = profiles[org.pk] = ApplicantProfile.objects.create(
                organisation=org, **(row.values if is_profile else {})
            )
            if is_profile:
                report.created += 1
                continue
        model = row.sheet.model
        obj = (
            profile
            if is_profile
            else model.objects.filter(profile=profile, **{k: row.values[k] for k in row.sheet.key}).first()
        )
        if obj is None:
            model.objects.create(profile=profile, **row.values)
            report.created += 1
            continue
        changed = {k: v for k, v in row.values.items() if getattr(obj, k) != v}
        if not changed:
            report.unchanged += 1
            continue
        for k, v in changed.items():
            setattr(obj, k, v)
        obj.save()
        report.updated += 1


def import_profiles(source: Source) -> ImportReport:
    """Validate every row of every sheet, then write all of them in one transaction, or none."""
    report = ImportReport(source_name(source) or "上传的文件")
    with translation.override("zh-hans"):
        book = open_workbook(read_bytes(source))
        try:
            rows = _rows_of(book, _Reader(report))
        finally:
            book.close()
        if report.errors:
            return report
        with transaction.atomic():
            _write(rows, report)
    return report


def template_workbook(with_profiles: bool = False) -> openpyxl.Workbook:
    """Every sheet with its headers: empty, for the operator to fill in, or holding the stored profiles in the
    import format, to edit and import again."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    profiles = (
        list(ApplicantProfile.objects.with_records().order_by("organisation__name")) if with_profiles else []
    )
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.title)
        append_row(ws, sheet.headers())
        for i in range(len(sheet.headers())):
            ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width = 18
        for profile in profiles:
            org = profile.organisation
            records = (
                [profile]
                if sheet.model is ApplicantProfile
                else getattr(profile, _RELATED[sheet.model]).all()
            )
            for record in records:
                append_row(ws, [org.name, org.credit_code or "", *(_cell(record, f) for f in sheet.fields)])
    return book


_RELATED = {
    YearFigures: "years",
    Recognition: "recognitions",
    TechContract: "contracts",
    Investment: "investments",
    PriorAward: "prior_awards",
}


def _cell(record: models.Model, name: str) -> Any:
    """A value as the importer reads it back: labels for choices, 是/否 for flags, numbers and dates as such."""
    value = getattr(record, name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if record._meta.get_field(name).choices:
        return getattr(record, f"get_{name}_display")()
    return value
