"""The registration records a zone already has (技术合同登记台账), imported and exported in Excel, declared on the
spreadsheet framework (hardtech.spreadsheets.framework):

    report = import_contracts(path_or_upload, mode="skip-bad", dry_run=False, actor=request.user)
    export_contracts(target)  # the registered records, in the same columns: an export re-imports unchanged

The columns are the registration form's fields under their Chinese headers, the 技术合同登记号 that keys a row,
the non-technical costs as one column per kind (设备、原材料、零部件、其他; blank is none), the 技术交易额 (blank:
the total less those costs) and the 登记日期. An imported record is registered, marked imported, linked to the
catalogue organisations whose credit code (or, without one, name) it names, and written into their 一企一档. A
row whose number the platform already holds updates that record when it was imported; a record registered on
the platform is changed only through its correction page (更正), so such a row must be unchanged.

Refused per row, with the column: a registration number in the wrong form or twice in the file, an invalid
credit code or region code, buyer equal to seller, a 技术交易额 above the total or costs above it, a transfer
contract without its expected investment and output, unknown choice labels, bad dates and amounts; per file:
wrong headers, a file that is not a spreadsheet, the size and row limits of the catalogue importer.
"""

import copy
from datetime import datetime, time
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from hardtech.audit.context import acting_as, current_actor
from hardtech.catalogue.choices import TechField
from hardtech.catalogue.models import Organisation
from hardtech.deals import contracts
from hardtech.deals.choices import ContractStatus, ContractType, CostKind, EntityKind, IpType, PaymentMethod
from hardtech.deals.models import Contract, ContractCost
from hardtech.spreadsheets.columns import Column
from hardtech.spreadsheets.formats import Source, read_table, write_table
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

NUMBER = "技术合同登记号"
COST_COLUMNS = {
    CostKind.EQUIPMENT: "设备费（万元）",
    CostKind.MATERIALS: "原材料费（万元）",
    CostKind.PARTS: "零部件费（万元）",
    CostKind.OTHER: "其他非技术性费用（万元）",
}
TECHNOLOGY = "技术交易额（万元）"
REGISTERED_ON = "登记日期"

COLUMNS: list[Column] = [
    Column(NUMBER, "registration_no", required=True),
    Column("项目名称", "project_name", required=True),
    Column("合同类型", "contract_type", "choice", ContractType, required=True),
    Column("买方名称", "buyer_name", required=True),
    Column("买方统一社会信用代码", "buyer_credit_code"),
    Column("买方主体类型", "buyer_kind", "choice", EntityKind, required=True),
    Column("买方所在地区代码", "buyer_region", required=True),
    Column("卖方名称", "seller_name", required=True),
    Column("卖方统一社会信用代码", "seller_credit_code"),
    Column("卖方主体类型", "seller_kind", "choice", EntityKind, required=True),
    Column("卖方所在地区代码", "seller_region", required=True),
    Column("签订日期", "signed_on", "date", required=True),
    Column("有效期起", "valid_from", "date", required=True),
    Column("有效期止", "valid_to", "date", required=True),
    Column("合同总额（万元）", "total_amount", "decimal", required=True),
    *(Column(header, f"cost_{kind}", "decimal") for kind, header in COST_COLUMNS.items()),
    Column(TECHNOLOGY, "technology_amount", "decimal"),
    Column("已支付金额（万元）", "paid_amount", "decimal"),
    Column("支付方式", "payment_method", "choice", PaymentMethod, required=True),
    Column("知识产权类型", "ip_type", "choice", IpType, required=True),
    Column("技术领域", "tech_field", "choice", TechField, required=True),
    Column("预计新增投资（万元）", "expected_investment", "decimal"),
    Column("预计新增产值（万元）", "expected_output", "decimal"),
    Column(REGISTERED_ON, "registered_on", "date", required=True),
]
# The columns that are the record's own fields (the others are its cost lines and its registration date).
FIELDS = [c.attr for c in COLUMNS if not c.attr.startswith("cost_") and c.attr != "registered_on"]
COMPARED = [*FIELDS, "buyer", "seller"]
IMPORTED_COST_NOTE = "导入的登记记录"


def headers() -> list[str]:
    return [c.header for c in COLUMNS]


def _zero(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal("0")


class ContractImporter(Importer):
    label = "技术合同登记记录"

    def __init__(self, actor=None) -> None:
        self.actor = actor

    def validate(self, source: Source, report: ImportReport) -> list[ImportRow]:
        table = read_table(source)
        report.rows = len(table.rows)
        if not table.headers or not any(table.headers):
            report.file_errors.append("文件没有表头行")
            return []
        check = HeaderCheck.of(COLUMNS, table.headers)
        if not check.ok:
            report.file_errors += check.messages()
            return []
        columns = [c for c in COLUMNS if c.header in table.headers]
        self.columns = columns
        self.orgs_by_code = dict(
            Organisation.objects.exclude(credit_code=None).values_list("credit_code", "pk")
        )
        self.orgs_by_name = dict(Organisation.objects.values_list("name", "pk"))
        parsed = []
        for number, cells in table.rows:
            row = ImportRow(number)
            parsed.append((row, parse_cells(columns, cells, row)))
        numbers = [values.get("registration_no") for _, values in parsed]
        stored = Contract.objects.filter(registration_no__in=[n for n in numbers if n]).prefetch_related(
            "costs"
        )
        self.stored = {c.registration_no: c for c in stored}
        rows = [self._row(row, values) for row, values in parsed]
        self._check_duplicates(rows)
        return rows

    def _row(self, row: ImportRow, values: dict) -> ImportRow:
        found = self.stored.get(values.get("registration_no") or "")
        obj = copy.copy(found) if found else Contract(status=ContractStatus.REGISTERED, imported=True)
        row.obj = obj
        before = snapshot(obj, COMPARED)
        stored_costs = contracts.non_technical_by_kind(found) if found else {}
        for attr in FIELDS:
            if attr not in values:
                continue
            value = values[attr]
            if attr.endswith("_credit_code"):
                value = value.upper()
            if attr == "paid_amount" and value is None:
                value = Decimal("0")
            setattr(obj, attr, value)
        costs = {kind: _zero(values.get(f"cost_{kind}")) for kind in CostKind.values}
        if not any(f"cost_{kind}" in values for kind in CostKind.values):
            costs = stored_costs or costs
        row.extra["costs"] = costs
        non_technical = sum(costs.values(), Decimal("0"))
        if values.get("technology_amount") is None and obj.total_amount is not None:
            obj.technology_amount = obj.total_amount - non_technical
        for name, messages in contracts.check_amounts(
            obj.total_amount, obj.technology_amount, non_technical
        ).items():
            column = TECHNOLOGY if name == "technology_amount" else self._cost_column()
            for message in messages:
                row.error(column, message)
        self._link(obj)
        clean_row(row, self.columns, exclude=["deal", "registrar", "created_by"])
        if not obj.registration_no and not any(e.column == NUMBER for e in row.errors):
            row.error(NUMBER, "请填写技术合同登记号")
        registered_on = values.get("registered_on")
        row.extra["registered_on"] = registered_on
        if registered_on is None and not any(e.column == REGISTERED_ON for e in row.errors):
            row.error(REGISTERED_ON, "请填写登记日期")
        if found:
            stored_on = timezone.localdate(found.registered_at) if found.registered_at else None
            differs = (
                changes(before, obj)
                or costs != stored_costs
                or (registered_on is not None and registered_on != stored_on)
            )
            row.change = Change.CHANGED if differs else Change.UNCHANGED
            if differs and not found.imported:
                row.error(NUMBER, "该记录是在平台上登记的，请在其登记页面通过“更正”修改")
        return row

    def _cost_column(self) -> str:
        present = [c.header for c in self.columns if c.attr.startswith("cost_")]
        return present[0] if present else "合同总额（万元）"

    def _link(self, obj: Contract) -> None:
        for side in ("buyer", "seller"):
            code, name = getattr(obj, f"{side}_credit_code"), getattr(obj, f"{side}_name")
            pk = self.orgs_by_code.get(code) if code else self.orgs_by_name.get(name)
            setattr(obj, f"{side}_id", pk)

    def _check_duplicates(self, rows: list[ImportRow]) -> None:
        first: dict[str, int] = {}
        for row in rows:
            number = row.obj.registration_no
            if not number:
                continue
            if number in first:
                row.error(NUMBER, f"“{number}”与第 {first[number]} 行重复")
            else:
                first[number] = row.number

    def write(self, rows: list[ImportRow], report: ImportReport) -> None:
        for row in rows:
            obj = row.obj
            if row.change == Change.CHANGED:
                stored = Contract.objects.select_for_update().get(pk=obj.pk)
                obj.version = stored.version + 1
                stored_costs = contracts.non_technical_by_kind(stored)
            else:
                stored_costs = None
            day = row.extra["registered_on"]
            if day is not None and (
                obj.registered_at is None or timezone.localdate(obj.registered_at) != day
            ):
                obj.registered_at = timezone.make_aware(datetime.combine(day, time()))
            obj.save()
            if row.extra["costs"] != stored_costs:
                for line in obj.costs.all():
                    line.delete()
                for kind, amount in row.extra["costs"].items():
                    if amount:
                        ContractCost.objects.create(
                            contract=obj, kind=kind, description=IMPORTED_COST_NOTE, amount=amount
                        )
            contracts.sync_profiles(obj)


def import_contracts(
    source: Source, mode: str = ALL_OR_NOTHING, dry_run: bool = False, actor=None
) -> ImportReport:
    """Validate every row of `source` (a path or an upload), then write as `mode` says; audited as 导入."""
    with acting_as(actor if actor is not None else current_actor.get(), "import"):
        report = run(ContractImporter(actor), source, mode, dry_run)
    report.kind = "contracts"
    return report


def registered() -> QuerySet[Contract]:
    return (
        Contract.objects.filter(status=ContractStatus.REGISTERED)
        .prefetch_related("costs")
        .order_by("registration_no")
    )


def _cell(contract: Contract, attr: str, costs: dict[str, Decimal]):
    if attr.startswith("cost_"):
        return costs[attr.removeprefix("cost_")] or None
    if attr == "registered_on":
        return timezone.localdate(contract.registered_at) if contract.registered_at else None
    return getattr(contract, attr)


def rows_of(queryset: QuerySet[Contract]):
    for contract in queryset:
        costs = contracts.non_technical_by_kind(contract)
        yield [column.format(_cell(contract, column.attr, costs)) for column in COLUMNS]


def export_contracts(
    target: Source, queryset: QuerySet[Contract] | None = None, fmt: str | None = None
) -> int:
    """Write the registered records (or the given ones) with the import's headers; text cells never run as
    formulas (spreadsheets.cells). Returns how many were written."""
    queryset = queryset if queryset is not None else registered()
    queryset = queryset.filter(status=ContractStatus.REGISTERED)
    count = queryset.count()
    write_table(target, headers(), rows_of(queryset), fmt or "xlsx")
    return count
