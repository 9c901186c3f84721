"""Import organisations, achievements, demands and experts from a spreadsheet: validate every row, then write.

    report = import_file("achievements", upload, mode="skip-bad", dry_run=False, actor=request.user)

Rows are matched to existing records by 编号 (external_id), so re-importing a file updates instead of
duplicating; organisations without 编号 are matched by name. An exported record that had no external id is
written as `ACH-<pk>` (ORG/DEM/EXP for the other kinds), and such an id finds that record again on import and
is kept as its external id from then on.

Modes: "all-or-nothing" writes nothing when any row is bad; "skip-bad" writes the good rows and reports the
bad ones. Either way the writes happen in one transaction, so a failure half-way leaves the database as it was.
"""

import copy
import re
import time
from dataclasses import asdict, dataclass, field

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation

from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.matching.sync import after_bulk_write
from hardtech.spreadsheets.bulk import BATCH_SIZE, record_batch
from hardtech.spreadsheets.columns import COLUMNS, Column
from hardtech.spreadsheets.formats import FileError, Source, Table, read_table, source_name

MODES = ("all-or-nothing", "skip-bad")
MODELS: dict[str, type[models.Model]] = {
    "organisations": Organisation,
    "achievements": Achievement,
    "demands": Demand,
    "experts": Expert,
}
SYNTHETIC_PREFIX = {"organisations": "ORG", "achievements": "ACH", "demands": "DEM", "experts": "EXP"}
# Columns naming organisations, resolved against the catalogue rather than stored as text.
REFERENCE_ATTRS = {"parent", "enterprise", "organisation", "organisations"}


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
class ImportReport:
    kind: str
    source: str
    mode: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    written: bool = False
    seconds: float = 0.0
    file_errors: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})

    def summary(self) -> str:
        if self.file_errors:
            return f"{self.source}：文件无法导入，未写入任何数据"
        verb = "将新建" if self.dry_run else "新建"
        text = f"{self.source}：共 {self.rows} 行，{verb} {self.created} 条，更新 {self.updated} 条"
        if self.errors:
            text += f"，{self.bad_rows} 行有错误"
            if not self.written and not self.dry_run:
                text += "（全部或全不模式：未写入任何数据）"
        if self.dry_run:
            text += "（试运行，未写入）"
        return text

    def lines(self) -> list[str]:
        return [self.summary(), *self.file_errors, *(str(e) for e in self.errors)]

    def as_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok, "bad_rows": self.bad_rows, "summary": self.summary()}


@dataclass
class _Row:
    number: int
    obj: models.Model
    errors: list[RowError] = field(default_factory=list)
    organisations: list[Organisation] | None = None
    parent_name: str | None = None


class _Batch:
    """One file's rows of one kind, validated against the catalogue as it is now."""

    def __init__(self, kind: str, table: Table, actor) -> None:
        self.kind, self.model, self.actor = kind, MODELS[kind], actor
        self.columns = [c for c in COLUMNS[kind] if c.header in table.headers]
        self.table = table
        self.orgs_by_name: dict[str, Organisation] = Organisation.objects.in_bulk(field_name="name")
        self.pk_by_external = dict(
            self.model.objects.exclude(external_id=None).values_list("external_id", "pk")
        )
        self.synthetic = re.compile(rf"{SYNTHETIC_PREFIX[kind]}-(\d+)")
        # Records an export labelled ACH-<pk> (and so on) because they had no external id of their own.
        self.without_external = set(self.model.objects.filter(external_id=None).values_list("pk", flat=True))
        self.rows: list[_Row] = []

    # -- validation ---------------------------------------------------------------------------------------

    def validate(self) -> None:
        parsed = [(number, *self._parse(number, cells)) for number, cells in self.table.rows]
        targets = {number: self._target_pk(values) for number, values, _ in parsed}
        existing = self.model.objects.in_bulk([pk for pk in targets.values() if pk])
        for number, values, errors in parsed:
            pk = targets[number]
            # A copy per row, so two rows aimed at one record (a duplicate) cannot overwrite each other.
            row = _Row(number, copy.copy(existing[pk]) if pk else self.model(), errors)
            self._apply(row, values)
            self._clean(row)
            self.rows.append(row)
        self._check_duplicates(targets)
        if self.kind == "organisations":
            self._check_parents()

    def _parse(self, number: int, cells: dict) -> tuple[dict, list[RowError]]:
        values, errors = {}, []
        for column in self.columns:
            try:
                values[column.attr] = column.parse(cells.get(column.header))
            except ValueError as exc:
                errors.append(RowError(number, column.header, str(exc)))
        return values, errors

    def _target_pk(self, values: dict) -> int | None:
        external_id = values.get("external_id")
        if external_id:
            if external_id in self.pk_by_external:
                return self.pk_by_external[external_id]
            match = self.synthetic.fullmatch(external_id)
            if match and int(match[1]) in self.without_external:
                return int(match[1])
            return None
        if self.kind == "organisations" and values.get("name") in self.orgs_by_name:
            return self.orgs_by_name[values["name"]].pk
        return None

    def _apply(self, row: _Row, values: dict) -> None:
        header = {c.attr: c.header for c in self.columns}
        for attr, value in values.items():
            if attr == "parent":
                row.parent_name = value
            elif attr == "organisations":
                unknown = [name for name in value if name not in self.orgs_by_name]
                for name in unknown:
                    row.errors.append(RowError(row.number, header[attr], f"未找到机构“{name}”，请先导入机构"))
                row.organisations = [self.orgs_by_name[name] for name in value if name in self.orgs_by_name]
            elif attr in REFERENCE_ATTRS:
                if value and value not in self.orgs_by_name:
                    row.errors.append(
                        RowError(row.number, header[attr], f"未找到机构“{value}”，请先导入机构")
                    )
                else:
                    setattr(row.obj, attr, self.orgs_by_name.get(value))
            else:
                model_field = self.model._meta.get_field(attr)
                # Unique nullable columns (编号, 统一社会信用代码) store NULL for blank, as save() would.
                setattr(row.obj, attr, None if value == "" and model_field.null else value)

    def _clean(self, row: _Row) -> None:
        bad = {self._attr_of(e.column) for e in row.errors}
        exclude = bad | {f.name for f in self.model._meta.many_to_many}
        try:
            row.obj.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = self._header_of(name)
                row.errors += [RowError(row.number, column, message) for message in messages]

    def _attr_of(self, header: str) -> str:
        return next((c.attr for c in self.columns if c.header == header), "")

    def _header_of(self, attr: str) -> str:
        column: Column | None = next((c for c in COLUMNS[self.kind] if c.attr == attr), None)
        if column:
            return column.header
        try:
            return str(self.model._meta.get_field(attr).verbose_name)
        except FieldDoesNotExist:  # NON_FIELD_ERRORS concern the row as a whole
            return ""

    def _check_duplicates(self, targets: dict[int, int | None]) -> None:
        """Within the file: the same 编号, the same target record; for organisations also name and credit code."""
        keys = {"external_id": "编号", "pk": "编号"}
        if self.kind == "organisations":
            keys |= {"name": "名称", "credit_code": "统一社会信用代码"}
        for attr, column in keys.items():
            first_row: dict = {}
            for row in self.rows:
                value = targets[row.number] if attr == "pk" else getattr(row.obj, attr)
                if not value or (attr == "pk" and any(e.column == column for e in row.errors)):
                    continue
                if value in first_row:
                    message = f"与第 {first_row[value]} 行重复"
                    if attr != "pk":
                        message = f"“{value}”{message}"
                    row.errors.append(RowError(row.number, column, message))
                else:
                    first_row[value] = row.number
        if self.kind == "organisations":
            self._check_unique_against_catalogue()

    def _check_unique_against_catalogue(self) -> None:
        by_code = dict(Organisation.objects.exclude(credit_code=None).values_list("credit_code", "pk"))
        for row in self.rows:
            org = row.obj
            same_name = self.orgs_by_name.get(org.name)
            if same_name and same_name.pk != org.pk:
                row.errors.append(RowError(row.number, "名称", f"已有另一家名为“{org.name}”的机构"))
            if org.credit_code and by_code.get(org.credit_code, org.pk) != org.pk:
                row.errors.append(
                    RowError(row.number, "统一社会信用代码", f"“{org.credit_code}”已属于另一家机构")
                )

    def _check_parents(self) -> None:
        good_names = {row.obj.name for row in self.rows if not row.errors}
        for row in self.rows:
            name = row.parent_name
            if not name:
                continue
            if name == row.obj.name:
                row.errors.append(RowError(row.number, "上级机构", "上级机构不能是自身"))
            elif name not in self.orgs_by_name and name not in good_names:
                row.errors.append(RowError(row.number, "上级机构", f"未找到机构“{name}”"))

    # -- writing ------------------------------------------------------------------------------------------

    def good_rows(self) -> list[_Row]:
        return [row for row in self.rows if not row.errors]

    def write(self, source: str) -> tuple[int, int]:
        rows = self.good_rows()
        now = timezone.now()
        for row in rows:
            self._prepare(row.obj, now)
        new = [row.obj for row in rows if row.obj.pk is None]
        old = [row.obj for row in rows if row.obj.pk is not None]
        with transaction.atomic():
            self.model.objects.bulk_create(new, batch_size=BATCH_SIZE)
            # An upsert on the primary key updates existing rows many times faster than bulk_update's CASE WHEN.
            self.model.objects.bulk_create(
                old,
                batch_size=BATCH_SIZE,
                update_conflicts=True,
                unique_fields=["pk"],
                update_fields=self._update_fields(),
            )
            if self.kind == "achievements" and any(c.attr == "organisations" for c in self.columns):
                self._write_organisations(rows)
            if self.kind == "organisations" and any(c.attr == "parent" for c in self.columns):
                self._write_parents(rows)
            record_batch(self.model, source, len(new), len(old), self.actor, mode="import")
        return len(new), len(old)

    def _prepare(self, obj: models.Model, now) -> None:
        obj.refresh_search_text()
        obj.updated_at = now
        if isinstance(obj, Achievement | Demand):
            if obj.status == ListingStatus.PUBLISHED and not obj.published_at:
                obj.published_at = now
            if obj.status == ListingStatus.PENDING and not obj.submitted_at:
                obj.submitted_at = now
            if obj.pk is None and getattr(self.actor, "pk", None):
                obj.created_by = self.actor
        if obj.pk is not None and not obj.external_id:
            obj.external_id = f"{SYNTHETIC_PREFIX[self.kind]}-{obj.pk}"

    def _update_fields(self) -> list[str]:
        fields = {c.attr for c in self.columns} - {"parent", "organisations"}
        fields |= {"external_id", "search_text", "updated_at"}
        if self.kind in ("achievements", "demands"):
            fields |= {"published_at", "submitted_at"}
        return sorted(fields)

    def _write_organisations(self, rows: list[_Row]) -> None:
        through = Achievement.organisations.through
        ids = [row.obj.pk for row in rows]
        for start in range(0, len(ids), BATCH_SIZE):
            through.objects.filter(achievement_id__in=ids[start : start + BATCH_SIZE]).delete()
        links = [
            through(achievement_id=row.obj.pk, organisation_id=org.pk)
            for row in rows
            for org in dict.fromkeys(row.organisations or [])
        ]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)

    def _write_parents(self, rows: list[_Row]) -> None:
        names = {org.name: org for org in self.orgs_by_name.values()} | {
            row.obj.name: row.obj for row in rows
        }
        changed = []
        for row in rows:
            parent = names[row.parent_name] if row.parent_name else None
            if row.obj.parent_id != (parent.pk if parent else None):
                row.obj.parent = parent
                changed.append(row.obj)
        Organisation.objects.bulk_update(changed, ["parent"], batch_size=BATCH_SIZE)


def _check_headers(kind: str, table: Table) -> list[str]:
    known = {c.header for c in COLUMNS[kind]}
    problems = []
    if not table.headers or not any(table.headers):
        return ["文件没有表头行"]
    unknown = [h for h in table.headers if h and h not in known]
    if unknown:
        problems.append(
            f"未知的列：{'、'.join(unknown)}（可用的列：{'、'.join(c.header for c in COLUMNS[kind])}）"
        )
    missing = [c.header for c in COLUMNS[kind] if c.required and c.header not in table.headers]
    if missing:
        problems.append(f"缺少必填列：{'、'.join(missing)}")
    duplicated = sorted({h for h in table.headers if h and table.headers.count(h) > 1})
    if duplicated:
        problems.append(f"重复的列：{'、'.join(duplicated)}")
    return problems


def import_file(
    kind: str,
    source: Source,
    mode: str = "all-or-nothing",
    dry_run: bool = False,
    actor=None,
    fmt: str | None = None,
) -> ImportReport:
    """Validate every row of `source` (a path or an uploaded file), then write the good ones as `mode` says."""
    if kind not in MODELS:
        raise ValueError(f"unknown kind {kind!r}")
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    started = time.perf_counter()
    report = ImportReport(kind, source_name(source) or kind, mode, dry_run)
    with translation.override("zh-hans"):
        try:
            table = read_table(source, fmt)
        except FileError as exc:
            report.file_errors.append(str(exc))
        else:
            report.rows = len(table.rows)
            report.file_errors += _check_headers(kind, table)
        if not report.file_errors:
            batch = _Batch(kind, table, actor)
            batch.validate()
            report.errors = sorted((e for row in batch.rows for e in row.errors), key=lambda e: e.row)
            good = batch.good_rows()
            report.created = sum(1 for row in good if row.obj.pk is None)
            report.updated = len(good) - report.created
            if report.errors and mode == "all-or-nothing":
                report.created = report.updated = 0
            elif not dry_run and good:
                report.created, report.updated = batch.write(report.source)
                report.written = True
    if report.written:
        # Bulk writes fire no signals: the match indexes catch up now that the write has committed.
        after_bulk_write(kind)
    report.seconds = time.perf_counter() - started
    return report
