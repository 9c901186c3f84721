"""Export a kind to .xlsx/.csv/.jsonl with the importer's Chinese headers, so the file re-imports unchanged.

Records without an external id are written with `ACH-<pk>` (ORG/DEM/EXP), which the importer resolves back.
"""

from django.db import models

from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.kinds import KINDS
from hardtech.catalogue.lists import split_list
from hardtech.spreadsheets.bulk import BATCH_SIZE
from hardtech.spreadsheets.columns import COLUMNS, parse_choice
from hardtech.spreadsheets.formats import Source, write_table
from hardtech.spreadsheets.importer import SYNTHETIC_PREFIX

RELATED = {
    "organisations": (["parent"], []),
    "achievements": ([], ["organisations"]),
    "demands": (["enterprise"], []),
    "experts": (["organisation"], []),
}


def parse_statuses(text: str) -> list[str]:
    """`published,pending` or the labels `已发布、待审核`."""
    return [parse_choice(ListingStatus, part) for part in split_list(text)]


def queryset_for(kind: str, statuses: list[str] | None = None) -> models.QuerySet:
    model = KINDS[kind].model
    select, prefetch = RELATED[kind]
    queryset = model.objects.select_related(*select).prefetch_related(*prefetch).order_by("pk")
    if statuses:
        if not KINDS[kind].is_listing:
            raise ValueError("只有科技成果和技术需求有状态")
        queryset = queryset.filter(status__in=statuses)
    return queryset


def _cell(kind: str, obj: models.Model, attr: str):
    if attr == "external_id":
        return obj.external_id or f"{SYNTHETIC_PREFIX[kind]}-{obj.pk}"
    if attr == "organisations":
        return sorted(org.name for org in obj.organisations.all())
    if attr in ("parent", "enterprise", "organisation"):
        related = getattr(obj, attr)
        return related.name if related else ""
    return getattr(obj, attr)


def rows_of(kind: str, queryset: models.QuerySet):
    columns = COLUMNS[kind]
    for obj in queryset.iterator(chunk_size=BATCH_SIZE):
        yield [column.format(_cell(kind, obj, column.attr)) for column in columns]


def export_file(
    kind: str,
    target: Source,
    fmt: str | None = None,
    statuses: list[str] | None = None,
    queryset: models.QuerySet | None = None,
) -> int:
    """Write `kind` (or the given queryset of it) to `target`; returns the number of records written."""
    queryset = queryset if queryset is not None else queryset_for(kind, statuses)
    count = queryset.count()
    write_table(target, [c.header for c in COLUMNS[kind]], rows_of(kind, queryset), fmt)
    return count
