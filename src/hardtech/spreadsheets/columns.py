"""The spreadsheet columns of each importable kind: Chinese header ↔ model attribute, and how cells convert.

A cell is parsed into a model value (raising ValueError with a Chinese reason) and formatted back for export,
so an exported file re-imports unchanged.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import models

from hardtech.catalogue.choices import (
    ListingStatus,
    Maturity,
    OrganisationKind,
    TechField,
    TechLevel,
    TransferMode,
    label_of,
    value_of,
)
from hardtech.catalogue.lists import LIST_JOINER, split_list


def cell_text(value) -> str:
    """Text of a cell; Excel turns phone numbers and codes into numbers, so whole floats lose their `.0`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def parse_decimal(value) -> Decimal | None:
    text = cell_text(value).replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        # str() first: an Excel float such as 12.3 must become Decimal("12.3"), not its binary expansion.
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{text}”不是有效的金额（万元）") from None
    if not number.is_finite():
        raise ValueError(f"“{text}”不是有效的金额（万元）")
    return number


def parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        return None
    normalised = re.sub(r"[年月/.]", "-", text).rstrip("日")
    try:
        return date.fromisoformat("-".join(part.zfill(2) for part in normalised.split("-")))
    except ValueError:
        raise ValueError(f"“{text}”不是有效的日期（如 2025-06-30）") from None


TRUE_WORDS, FALSE_WORDS = {"是", "true", "1", "y", "yes", "对"}, {"否", "false", "0", "n", "no", "不"}


def parse_bool(value) -> bool | None:
    text = cell_text(value).lower()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(f"“{text}”应为“是”或“否”")


def parse_int(value) -> int | None:
    text = cell_text(value)
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"“{text}”应为整数")
    return int(text)


def parse_choice(choices: type[models.TextChoices], value) -> str:
    text = cell_text(value)
    if not text:
        return ""
    try:
        return value_of(choices, text)
    except ValueError:
        allowed = "、".join(str(label) for _, label in choices.choices)
        raise ValueError(f"“{text}”不是可选值（可选：{allowed}）") from None


@dataclass(frozen=True)
class Column:
    """One column. `kind`: text, list, decimal, date, bool (是/否), int, choice, choices (a list of choice
    labels), or ref/refs (names of records, resolved by the importer)."""

    header: str
    attr: str
    kind: str = "text"
    choices: type[models.TextChoices] | None = None
    required: bool = False

    def parse(self, value):
        match self.kind:
            case "text" | "ref":
                return cell_text(value)
            case "list" | "refs":
                return split_list(value)
            case "decimal":
                return parse_decimal(value)
            case "date":
                return parse_date(value)
            case "bool":
                return parse_bool(value)
            case "int":
                return parse_int(value)
            case "choice":
                return parse_choice(self.choices, value)
            case "choices":
                return [parse_choice(self.choices, v) for v in split_list(value)]
        raise AssertionError(self.kind)

    def format(self, value):
        """The cell for export: labels for choices, 、-joined lists, Decimals kept exact."""
        match self.kind:
            case "list" | "refs":
                return LIST_JOINER.join(value)
            case "choice":
                return label_of(self.choices, value) if value else ""
            case "choices":
                return LIST_JOINER.join(label_of(self.choices, v) for v in value)
            case "decimal":
                return value
            case "date":
                return value.isoformat() if value else ""
            case "bool":
                return "" if value is None else ("是" if value else "否")
            case "int":
                return value
        return value or ""


ID = Column("编号", "external_id")
CONTACT = [
    Column("联系人", "contact_name"),
    Column("联系电话", "contact_phone"),
    Column("联系邮箱", "contact_email"),
]
LISTING_TAIL = [*CONTACT, Column("状态", "status", "choice", ListingStatus), Column("数据来源", "source")]

COLUMNS: dict[str, list[Column]] = {
    "organisations": [
        ID,
        Column("名称", "name", required=True),
        Column("类型", "kind", "choice", OrganisationKind, required=True),
        Column("上级机构", "parent", "ref"),
        Column("统一社会信用代码", "credit_code"),
        Column("教育部院校代码", "moe_code"),
        Column("省份", "province"),
        Column("城市", "city"),
        Column("区县", "district"),
        Column("产业链标签", "industry_tags", "list"),
        Column("简介", "description"),
        Column("网站", "website"),
    ],
    "achievements": [
        ID,
        Column("成果名称", "title", required=True),
        Column("所属机构", "organisations", "refs"),
        Column("完成人", "completers", "list"),
        Column("成果简介", "summary", required=True),
        Column("技术领域", "field", "choice", TechField, required=True),
        Column("细分领域", "subfield"),
        Column("关键词", "keywords", "list"),
        Column("成熟度", "maturity", "choice", Maturity),
        Column("技术水平", "tech_level", "choice", TechLevel),
        Column("专利号", "patents", "list"),
        Column("转化方式", "transfer_modes", "choices", TransferMode),
        Column("意向价格下限（万元）", "price_min", "decimal"),
        Column("意向价格上限（万元）", "price_max", "decimal"),
        Column("完成日期", "completed_on", "date"),
        *LISTING_TAIL,
    ],
    "demands": [
        ID,
        Column("需求名称", "title", required=True),
        Column("需求企业", "enterprise", "ref", required=True),
        Column("技术领域", "field", "choice", TechField, required=True),
        Column("细分领域", "subfield"),
        Column("关键词", "keywords", "list"),
        Column("拟解决难题", "problem", required=True),
        Column("技术指标", "indicators"),
        Column("现有基础", "basis"),
        Column("预算下限（万元）", "budget_min", "decimal"),
        Column("预算上限（万元）", "budget_max", "decimal"),
        Column("合作方式", "cooperation_modes", "choices", TransferMode),
        Column("有效期至", "valid_until", "date"),
        Column("省份", "province"),
        Column("城市", "city"),
        Column("区县", "district"),
        *LISTING_TAIL,
    ],
    "experts": [
        ID,
        Column("姓名", "name", required=True),
        Column("所在机构", "organisation", "ref"),
        Column("职称", "title"),
        Column("技术领域", "fields", "choices", TechField),
        Column("研究方向关键词", "keywords", "list"),
        Column("简介", "bio"),
        Column("联系电话", "contact_phone"),
        Column("联系邮箱", "contact_email"),
    ],
}


def headers(kind: str) -> list[str]:
    return [c.header for c in COLUMNS[kind]]
