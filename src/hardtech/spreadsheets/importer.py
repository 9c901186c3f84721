"""The catalogue's importer: organisations, achievements, demands and experts, declared on the framework.

    report = import_file("achievements", upload, mode="skip-bad", dry_run=False, actor=request.user)

The columns are `columns.COLUMNS`; `framework.run` does the modes, dry run, counts and report. What is specific
here: rows are matched to existing records by 编号 (external_id), so re-importing a file updates instead of
duplicating; organisations without 编号 are matched by name. An exported record that had no external id is
written as `ACH-<pk>` (ORG/DEM/EXP for the other kinds), and such an id finds that record again on import and
is kept as its external id once the record is written. Organisation names resolve to records (所属机构,
需求企业, 上级机构 — the latter may name an organisation of the same file); names, credit codes and 编号 must be
unique within the file and the catalogue.

Writes are bulk writes rather than catalogue.services calls: a file holds up to IMPORT_MAX_ROWS records and the
operator (the only one who may import) may set every field. They do by hand what the services do per record:
only changed records are written, each with its version raised by one (read under lock), one audit entry per
batch (bulk.record_batch), and the match indexes catch up after the commit (matching.sync.after_bulk_write).
"""

import copy
import re
from collections import defaultdict

from django.db import models
from django.utils import timezone

from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.kinds import KINDS
from hardtech.catalogue.models import Achievement, Demand, Organisation
from hardtech.matching.sync import after_bulk_write
from hardtech.spreadsheets.bulk import BATCH_SIZE, derive, derived_fields, record_batch
from hardtech.spreadsheets.columns import COLUMNS
from hardtech.spreadsheets.formats import Source, read_table
from hardtech.spreadsheets.framework import (
    ALL_OR_NOTHING,
    Change,
    HeaderCheck,
    Importer,
    ImportReport,
    ImportRow,
    changes,
    clean_row,
    parse_cells,
    run,
    snapshot,
)

SYNTHETIC_PREFIX = {"organisations": "ORG", "achievements": "ACH", "demands": "DEM", "experts": "EXP"}
# Columns naming organisations, resolved against the catalogue rather than stored as text.
REFERENCE_ATTRS = {"parent", "enterprise", "organisation", "organisations"}
# Columns written apart from the record's own row (a many-to-many, and a parent that may be new in the file).
WRITTEN_APART = {"parent", "organisations"}


class CatalogueImporter(Importer):
    """One file of one kind, validated against the catalogue as it is now."""

    def __init__(self, kind: str, actor=None, fmt: str | None = None) -> None:
        self.kind, self.model, self.actor, self.fmt = kind, KINDS[kind].model, actor, fmt
        self.label = kind
        self.columns = COLUMNS[kind]

    # -- validation ---------------------------------------------------------------------------------------

    def validate(self, source: Source, report: ImportReport) -> list[ImportRow]:
        table = read_table(source, self.fmt)
        report.rows = len(table.rows)
        if not table.headers or not any(table.headers):
            report.file_errors.append("文件没有表头行")
            return []
        check = HeaderCheck.of(COLUMNS[self.kind], table.headers)
        if not check.ok:
            report.file_errors += check.messages()
            return []
        self.columns = [c for c in COLUMNS[self.kind] if c.header in table.headers]
        self._load_catalogue()
        parsed = []
        for number, cells in table.rows:
            row = ImportRow(number)
            parsed.append((row, parse_cells(self.columns, cells, row)))
        targets = {row.number: self._target_pk(values) for row, values in parsed}
        existing = self.model.objects.in_bulk([pk for pk in targets.values() if pk])
        owners = self._stored_owners(existing)
        compared = sorted({c.attr for c in self.columns} - WRITTEN_APART)
        rows = []
        for row, values in parsed:
            pk = targets[row.number]
            # A copy per row, so two rows aimed at one record (a duplicate) cannot overwrite each other.
            row.obj = copy.copy(existing[pk]) if pk else self.model()
            before = snapshot(row.obj, compared)
            self._apply(row, values)
            clean_row(row, self.columns, exclude=[f.name for f in self.model._meta.many_to_many])
            if pk:
                differs = changes(before, row.obj) or self._relations_differ(row, owners.get(pk, set()))
                row.change = Change.CHANGED if differs else Change.UNCHANGED
            rows.append(row)
        self._check_duplicates(rows, targets)
        if self.kind == "organisations":
            self._check_parents(rows)
        return rows

    def _load_catalogue(self) -> None:
        self.orgs_by_name: dict[str, Organisation] = Organisation.objects.in_bulk(field_name="name")
        self.pk_by_external = dict(
            self.model.objects.exclude(external_id=None).values_list("external_id", "pk")
        )
        self.synthetic = re.compile(rf"{SYNTHETIC_PREFIX[self.kind]}-(\d+)")
        # Records an export labelled ACH-<pk> (and so on) because they had no external id of their own.
        self.without_external = set(self.model.objects.filter(external_id=None).values_list("pk", flat=True))

    def _stored_owners(self, existing: dict[int, models.Model]) -> dict[int, set[int]]:
        """The organisations each stored achievement has, when the file sets them."""
        owners: dict[int, set[int]] = defaultdict(set)
        if self.kind == "achievements" and any(c.attr == "organisations" for c in self.columns):
            through = Achievement.organisations.through
            ids = list(existing)
            for start in range(0, len(ids), BATCH_SIZE):
                links = through.objects.filter(achievement_id__in=ids[start : start + BATCH_SIZE])
                for achievement_id, organisation_id in links.values_list("achievement_id", "organisation_id"):
                    owners[achievement_id].add(organisation_id)
        return owners

    def _target_pk(self, values: dict) -> int | None:
        external_id = values.get("external_id")
        if external_id:
            if external_id in self.pk_by_external:
                return self.pk_by_external[external_id]
            pk = self._synthetic_pk(external_id)
            if pk in self.without_external:
                return pk
            return None
        if self.kind == "organisations" and values.get("name") in self.orgs_by_name:
            return self.orgs_by_name[values["name"]].pk
        return None

    def _synthetic_pk(self, external_id: str) -> int | None:
        match = self.synthetic.fullmatch(external_id)
        return int(match[1]) if match else None

    def _apply(self, row: ImportRow, values: dict) -> None:
        header = {c.attr: c.header for c in self.columns}
        for attr, value in values.items():
            if attr == "parent":
                row.extra["parent"] = value
            elif attr == "organisations":
                unknown = [name for name in value if name not in self.orgs_by_name]
                for name in unknown:
                    row.error(header[attr], f"未找到机构“{name}”，请先导入机构")
                row.extra["organisations"] = [self.orgs_by_name[n] for n in value if n in self.orgs_by_name]
            elif attr in REFERENCE_ATTRS:
                if value and value not in self.orgs_by_name:
                    row.error(header[attr], f"未找到机构“{value}”，请先导入机构")
                else:
                    setattr(row.obj, attr, self.orgs_by_name.get(value))
            elif attr == "external_id" and row.obj.pk and self._synthetic_pk(value or "") == row.obj.pk:
                continue  # the id an export gave a record without one: it is stored when the record is written
            else:
                model_field = self.model._meta.get_field(attr)
                # Unique nullable columns (编号, 统一社会信用代码) store NULL for blank, as save() would.
                setattr(row.obj, attr, None if value == "" and model_field.null else value)

    def _relations_differ(self, row: ImportRow, stored_owners: set[int]) -> bool:
        if "organisations" in row.extra and {o.pk for o in row.extra["organisations"]} != stored_owners:
            return True
        if "parent" in row.extra:
            name = row.extra["parent"]
            parent = self.orgs_by_name.get(name) if name else None
            # A parent new in the same file has no id yet: a change.
            return (parent.pk if parent else None) != row.obj.parent_id or (bool(name) and parent is None)
        return False

    def _check_duplicates(self, rows: list[ImportRow], targets: dict[int, int | None]) -> None:
        """Within the file: the same 编号, the same target record; for organisations also name and credit code."""
        keys = {"external_id": "编号", "pk": "编号"}
        if self.kind == "organisations":
            keys |= {"name": "名称", "credit_code": "统一社会信用代码"}
        for attr, column in keys.items():
            first_row: dict = {}
            for row in rows:
                value = targets[row.number] if attr == "pk" else getattr(row.obj, attr)
                if not value or (attr == "pk" and any(e.column == column for e in row.errors)):
                    continue
                if value in first_row:
                    message = f"与第 {first_row[value]} 行重复"
                    if attr != "pk":
                        message = f"“{value}”{message}"
                    row.error(column, message)
                else:
                    first_row[value] = row.number
        if self.kind == "organisations":
            self._check_unique_against_catalogue(rows)

    def _check_unique_against_catalogue(self, rows: list[ImportRow]) -> None:
        by_code = dict(Organisation.objects.exclude(credit_code=None).values_list("credit_code", "pk"))
        for row in rows:
            org = row.obj
            same_name = self.orgs_by_name.get(org.name)
            if same_name and same_name.pk != org.pk:
                row.error("名称", f"已有另一家名为“{org.name}”的机构")
            if org.credit_code and by_code.get(org.credit_code, org.pk) != org.pk:
                row.error("统一社会信用代码", f"“{org.credit_code}”已属于另一家机构")

    def _check_parents(self, rows: list[ImportRow]) -> None:
        good_names = {row.obj.name for row in rows if not row.errors}
        for row in rows:
            name = row.extra.get("parent")
            if not name:
                continue
            if name == row.obj.name:
                row.error("上级机构", "上级机构不能是自身")
            elif name not in self.orgs_by_name and name not in good_names:
                row.error("上级机构", f"未找到机构“{name}”")

    # -- writing ------------------------------------------------------------------------------------------

    def write(self, rows: list[ImportRow], report: ImportReport) -> None:
        now = timezone.now()
        new = [row.obj for row in rows if row.change == Change.NEW]
        old = [row.obj for row in rows if row.change == Change.CHANGED]
        self._raise_versions(old)
        for row in rows:
            self._prepare(row.obj, now)
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
        record_batch(self.model, report.source, len(new), len(old), self.actor, mode="import")

    def after_commit(self) -> None:
        # Bulk writes fire no signals: the match indexes catch up now that the write has committed.
        after_bulk_write(self.kind)

    def _raise_versions(self, objs: list[models.Model]) -> None:
        """Each changed record's version one above the stored one, read under lock (a concurrent edit based on
        the version before the import is then refused as stale)."""
        stored: dict[int, int] = {}
        ids = [obj.pk for obj in objs]
        for start in range(0, len(ids), BATCH_SIZE):
            locked = self.model.objects.select_for_update().filter(pk__in=ids[start : start + BATCH_SIZE])
            stored |= dict(locked.values_list("pk", "version"))
        for obj in objs:
            obj.version = stored[obj.pk] + 1

    def _prepare(self, obj: models.Model, now) -> None:
        derive(obj)
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
        fields = {c.attr for c in self.columns} - WRITTEN_APART
        fields |= {"external_id", "updated_at", "version", *derived_fields(self.model)}
        if KINDS[self.kind].is_listing:
            fields |= {"published_at", "submitted_at"}
        return sorted(fields)

    def _write_organisations(self, rows: list[ImportRow]) -> None:
        through = Achievement.organisations.through
        ids = [row.obj.pk for row in rows]
        for start in range(0, len(ids), BATCH_SIZE):
            through.objects.filter(achievement_id__in=ids[start : start + BATCH_SIZE]).delete()
        links = [
            through(achievement_id=row.obj.pk, organisation_id=org.pk)
            for row in rows
            for org in dict.fromkeys(row.extra.get("organisations") or [])
        ]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)

    def _write_parents(self, rows: list[ImportRow]) -> None:
        names = {org.name: org for org in self.orgs_by_name.values()} | {
            row.obj.name: row.obj for row in rows
        }
        changed = []
        for row in rows:
            name = row.extra.get("parent")
            parent = names[name] if name else None
            if row.obj.parent_id != (parent.pk if parent else None):
                row.obj.parent = parent
                changed.append(row.obj)
        Organisation.objects.bulk_update(changed, ["parent"], batch_size=BATCH_SIZE)


def import_file(
    kind: str,
    source: Source,
    mode: str = ALL_OR_NOTHING,
    dry_run: bool = False,
    actor=None,
    fmt: str | None = None,
) -> ImportReport:
    """Validate every row of `source` (a path or an uploaded file), then write the good ones as `mode` says."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    report = run(CatalogueImporter(kind, actor, fmt), source, mode, dry_run)
    report.kind = kind
    return report
