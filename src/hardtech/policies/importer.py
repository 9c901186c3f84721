"""Import 一企一档 profiles from an Excel workbook, declared on the spreadsheet import framework: one sheet per
record type, Chinese headers (the model fields' names), the modes, dry run and counts of `framework.run`.

    report = import_profiles(path_or_upload, mode="all-or-nothing", dry_run=False)
    report.ok, report.errors   # each error names the sheet, the row, the column and the reason

What is specific here: rows find their organisation by 统一社会信用代码 or 机构名称, and their record by its
natural key (the year; the type, grade and date of a recognition; …), so importing a file twice changes
nothing and reports every row unchanged. A record of an organisation without a profile opens an empty one.
Amounts are read as Decimal from the cell's text, never through float. The catalogue importer's limits apply
(file size, unpacked size, rows of all sheets together, blank ones included); the workbook written back out
(template_workbook) holds text as text cells that never run as formulas.
"""

import copy
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.db import models

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
from hardtech.spreadsheets.columns import Column, cell_text
from hardtech.spreadsheets.formats import RowCounter, Source, open_workbook, read_bytes, sheet_rows
from hardtech.spreadsheets.framework import (
    ALL_OR_NOTHING,
    Change,
    HeaderCheck,
    Importer,
    ImportReport,
    ImportRow,
    RowError,
    changes,
    clean_row,
    parse_cells,
    run,
    snapshot,
)

NAME, CODE = "机构名称", "统一社会信用代码"
KIND_OF_FIELD = {
    "DecimalField": "decimal",
    "DateField": "date",
    "BooleanField": "bool",
    "PositiveIntegerField": "int",
    "PositiveSmallIntegerField": "int",
}
# Model fields keep only the (value, label) pairs; a column needs the TextChoices class to accept both.
CHOICES: dict[tuple[type[models.Model], str], type[models.TextChoices]] = {
    (Recognition, "type"): Recognition.Type,
    (Recognition, "grade"): Recognition.Grade,
    (Recognition, "rank"): Recognition.Rank,
    (TechContract, "role"): TechContract.Role,
    (TechContract, "type"): TechContract.Type,
    (TechContract, "counterparty_kind"): TechContract.CounterpartyKind,
    (PriorAward, "key"): PriorAward.Key,
}


def header(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def column(model: type[models.Model], name: str) -> Column:
    """A filed field's column: its verbose name as the header, parsed by the field's type; every one required."""
    f = model._meta.get_field(name)
    if f.choices:
        return Column(header(model, name), name, "choice", CHOICES[(model, name)], required=True)
    return Column(header(model, name), name, KIND_OF_FIELD.get(f.get_internal_type(), "text"), required=True)


@dataclass(frozen=True)
class Sheet:
    title: str
    model: type[models.Model]
    key: tuple[str, ...]  # the fields that find an existing record of the same profile; () for the profile

    @property
    def fields(self) -> tuple[str, ...]:
        return FILED_FIELDS[self.model]

    @property
    def columns(self) -> list[Column]:
        return [column(self.model, f) for f in self.fields]

    def headers(self) -> list[str]:
        return [NAME, CODE, *(c.header for c in self.columns)]


SHEETS = (
    Sheet("档案", ApplicantProfile, ()),
    Sheet("年度数据", YearFigures, ("year",)),
    Sheet("认定与获奖", Recognition, ("type", "grade", "rank", "date")),
    Sheet("技术合同", TechContract, ("contract_no", "role", "type", "date", "counterparty_name")),
    Sheet("投资记录", Investment, ("investee_name", "date")),
    Sheet("已获奖励", PriorAward, ("key",)),
)
# The columns that name the organisation: either will do.
ORGANISATION_COLUMNS = [Column(NAME, "name"), Column(CODE, "credit_code")]


class ProfileImporter(Importer):
    label = "上传的文件"

    def __init__(self) -> None:
        self.orgs_by_code = {o.credit_code: o for o in Organisation.objects.exclude(credit_code=None)}
        self.orgs_by_name = {o.name: o for o in Organisation.objects.all()}

    def validate(self, source: Source, report: ImportReport) -> list[ImportRow]:
        book = open_workbook(read_bytes(source))
        try:
            rows = self._read(book, report)
        finally:
            book.close()
        self._match(rows)
        return rows

    def _read(self, book: openpyxl.Workbook, report: ImportReport) -> list[ImportRow]:
        """Every non-blank row of every known sheet, parsed, with its organisation (extra["organisation"])."""
        by_title = {s.title: s for s in SHEETS}
        rows: list[ImportRow] = []
        counter = RowCounter()  # one limit for the whole workbook, blank rows included
        for ws in book.worksheets:
            sheet = by_title.get(ws.title.strip())
            if sheet is None:
                report.errors.append(
                    RowError(1, "", "未知的工作表名称（可用：" + "、".join(by_title) + "）", sheet=ws.title)
                )
                continue
            headers, lines = sheet_rows(ws, counter)
            check = HeaderCheck.of(ORGANISATION_COLUMNS + sheet.columns, headers)
            report.errors += check.errors(sheet.title)
            if NAME not in headers and CODE not in headers:
                report.errors.append(RowError(1, NAME, f"缺少{NAME}或{CODE}列", sheet.title))
            elif check.ok:
                for number, values in lines:
                    if all(cell_text(v) == "" for v in values):
                        continue
                    report.rows += 1
                    cells = {h: v for h, v in zip(headers, values, strict=False) if h}
                    rows.append(self._row(sheet, number, cells))
        return rows

    def _row(self, sheet: Sheet, number: int, cells: dict[str, Any]) -> ImportRow:
        row = ImportRow(number, sheet.title, extra={"sheet": sheet})
        row.extra["organisation"] = self._organisation(row, cells)
        values = parse_cells(sheet.columns, cells, row)
        for name, value in values.items():
            f = sheet.model._meta.get_field(name)
            if value is None and not f.null and f.has_default():
                values[name] = f.get_default()  # a blank 已在本区登记 means the field's default, not an error
        row.extra["values"] = values
        return row

    def _organisation(self, row: ImportRow, cells: dict[str, Any]) -> Organisation | None:
        name, code = cell_text(cells.get(NAME)), cell_text(cells.get(CODE)).upper()
        if not name and not code:
            row.error(NAME, f"请填写{NAME}或{CODE}")
            return None
        org = self.orgs_by_code.get(code) if code else self.orgs_by_name.get(name)
        if org is None:
            column, value = (CODE, code) if code else (NAME, name)
            row.error(column, f"平台上没有{column}为“{value}”的机构")
            return None
        if code and name and org.name != name:
            row.error(NAME, f"与{CODE}对应的机构“{org.name}”不一致")
            return None
        if org.kind not in APPLICANT_KIND:
            row.error(NAME, f"“{org.name}”（{org.kind_label}）不是政策的申请主体")
            return None
        return org

    def _match(self, rows: list[ImportRow]) -> None:
        """Each good row's record: the stored one with the row's values applied (changed or unchanged), or a
        new one; then model validation and the same record twice in the file."""
        good = [row for row in rows if not row.errors]
        stored = self._stored(good)
        seen: dict[tuple, int] = {}
        for row in good:
            sheet, org, values = row.extra["sheet"], row.extra["organisation"], row.extra["values"]
            found = stored.get((sheet.model, org.pk, *(values[k] for k in sheet.key)))
            if found is None:
                row.obj = sheet.model(**values)
            else:
                row.obj = copy.copy(found)
                before = snapshot(row.obj, values)
                for name, value in values.items():
                    setattr(row.obj, name, value)
                row.change = Change.CHANGED if changes(before, row.obj) else Change.UNCHANGED
            clean_row(row, sheet.columns, exclude=["profile", "organisation"])
            if row.errors:
                continue
            key = (sheet.title, org.pk, *(values[k] for k in sheet.key))
            if key in seen:
                row.error("", f"与第 {seen[key]} 行是同一条记录")
            else:
                seen[key] = row.number

    def _stored(self, rows: list[ImportRow]) -> dict[tuple, models.Model]:
        """The stored profiles and records of the rows' organisations, by (model, organisation, *natural key)."""
        orgs_by_model: dict[Sheet, set[int]] = defaultdict(set)
        for row in rows:
            orgs_by_model[row.extra["sheet"]].add(row.extra["organisation"].pk)
        stored: dict[tuple, models.Model] = {}
        for sheet, orgs in orgs_by_model.items():
            if sheet.model is ApplicantProfile:
                for profile in ApplicantProfile.objects.filter(organisation__in=orgs):
                    stored[(ApplicantProfile, profile.organisation_id)] = profile
                continue
            records = sheet.model.objects.filter(profile__organisation__in=orgs).select_related("profile")
            for record in records:
                key = (sheet.model, record.profile.organisation_id, *(getattr(record, k) for k in sheet.key))
                stored[key] = record
        return stored

    def write(self, rows: list[ImportRow], report: ImportReport) -> None:
        orgs = {row.extra["organisation"].pk for row in rows}
        profiles = {p.organisation_id: p for p in ApplicantProfile.objects.filter(organisation__in=orgs)}
        # The profile sheet comes first in SHEETS, so records of a new profile find it created.
        for row in sorted(rows, key=lambda r: SHEETS.index(r.extra["sheet"])):
            org = row.extra["organisation"]
            if isinstance(row.obj, ApplicantProfile):
                row.obj.organisation = org
                row.obj.save()
                profiles[org.pk] = row.obj
                continue
            if org.pk not in profiles:
                # A record of an organisation without a profile yet opens an empty one (unreported flags).
                profiles[org.pk] = ApplicantProfile.objects.create(organisation=org)
            row.obj.profile = profiles[org.pk]
            row.obj.save()


def import_profiles(source: Source, mode: str = ALL_OR_NOTHING, dry_run: bool = False) -> ImportReport:
    """Validate every row of every sheet, count what would be new, changed and unchanged, then write."""
    return run(ProfileImporter(), source, mode, dry_run)


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
