"""What the match engine indexes: a document with free text and optional structured fields.

Achievements, demands and experts all become a `Document`; which structured fields mean what:
- `fields`: technical fields (技术领域), compared as sets;
- `maturity`: a level 1..5 (see `MATURITY_LEVELS`; a label or a number is accepted);
- `modes`: the transfer modes an achievement offers, or the cooperation modes a demand accepts;
- `price`: an achievement's asking price, or a demand's budget, in 万元 (Decimal);
- `region`, `org_kind`: where the owner is and what kind of organisation it is (高校, 企业, 科研院所, ...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

MATURITY_LEVELS: tuple[tuple[str, ...], ...] = (
    ("研发", "实验室", "原理样机", "概念"),
    ("小试", "样品", "样机"),
    ("中试", "工程化"),
    ("试生产", "小批量", "示范应用"),
    ("产业化", "量产", "规模化", "成熟"),
)
"""Level n (1-based) is recognised by any of the labels in MATURITY_LEVELS[n-1]."""

MATURITY_NAMES = ("研发阶段", "小试阶段", "中试阶段", "试生产阶段", "产业化阶段")


def maturity_level(value: object) -> int | None:
    """A maturity level 1..5 from a number or a Chinese label; None when unknown."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal) or str(value).strip().isdigit():
        level = int(value)  # type: ignore[arg-type]
        return min(max(level, 1), len(MATURITY_LEVELS))
    text = str(value)
    # later levels first: "产业化" must not be taken for a lower level by a shared word
    for level in range(len(MATURITY_LEVELS), 0, -1):
        if any(label in text for label in MATURITY_LEVELS[level - 1]):
            return level
    return None


def to_decimal(value: object) -> Decimal | None:
    """Decimal 万元 from a number or numeric string; None for blanks and non-numbers."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", "").replace("万元", "").replace("万", "").strip())
    except InvalidOperation:
        return None


def _strings(value: object) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        parts = value.replace("，", ",").replace("、", ",").replace(";", ",").replace("；", ",").split(",")
        return tuple(p.strip() for p in parts if p.strip())
    return tuple(str(v).strip() for v in value if str(v).strip())  # type: ignore[union-attr]


# Accepted spellings of each structured field in a record dict, first match wins.
_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "pk"),
    "title": ("title", "name", "标题", "名称"),
    "text": ("text", "description", "abstract", "bio", "summary", "简介", "描述", "摘要"),
    "kind": ("kind", "type", "类型"),
    "fields": ("fields", "field", "tech_fields", "技术领域", "领域"),
    "maturity": ("maturity", "成熟度", "技术成熟度"),
    "modes": ("modes", "transfer_modes", "cooperation_modes", "转化方式", "合作方式"),
    "price": ("price", "budget", "价格", "预算"),
    "region": ("region", "地区", "所在地区"),
    "org_kind": ("org_kind", "organisation_kind", "organization_kind", "单位类型", "机构类型"),
    "keywords": ("keywords", "关键词"),
}


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    text: str = ""
    kind: str = ""
    fields: tuple[str, ...] = ()
    maturity: int | None = None
    modes: tuple[str, ...] = ()
    price: Decimal | None = None
    region: str = ""
    org_kind: str = ""
    keywords: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_record(cls, record: Mapping[str, Any] | Document) -> Document:
        """A Document from a dict using any of the accepted key spellings (English or Chinese)."""
        if isinstance(record, Document):
            return record

        def pick(name: str) -> Any:
            return next((record[k] for k in _ALIASES[name] if k in record and record[k] is not None), None)

        known = {k for names in _ALIASES.values() for k in names}
        doc_id = pick("id")
        if doc_id is None:
            raise ValueError("a document needs an id (id or _id)")
        return cls(
            id=str(doc_id),
            title=str(pick("title") or ""),
            text=str(pick("text") or ""),
            kind=str(pick("kind") or ""),
            fields=_strings(pick("fields")),
            maturity=maturity_level(pick("maturity")),
            modes=_strings(pick("modes")),
            price=to_decimal(pick("price")),
            region=str(pick("region") or ""),
            org_kind=str(pick("org_kind") or ""),
            keywords=_strings(pick("keywords")),
            extra={k: v for k, v in record.items() if k not in known},
        )

    def to_record(self) -> dict[str, Any]:
        """JSON-ready dict that `from_record` reads back to an equal Document."""
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "kind": self.kind,
            "fields": list(self.fields),
            "maturity": self.maturity,
            "modes": list(self.modes),
            "price": None if self.price is None else str(self.price),
            "region": self.region,
            "org_kind": self.org_kind,
            "keywords": list(self.keywords),
            **dict(self.extra),
        }


def query_text(record: Mapping[str, Any] | Document, extra: Sequence[str] = ()) -> str:
    """The text to search with for a record: its title, keywords, fields and description.

    extra adds more lines (an expert's achievement titles, a demand's requirements). The title leads: the
    dense model reads only the start of a long query.
    """
    doc = Document.from_record(record) if not isinstance(record, Document) else record
    parts = [doc.title, " ".join(doc.keywords), " ".join(doc.fields), doc.text, *extra]
    return "\n".join(p for p in parts if p)
