"""Load the public research texts in shared/data (CSL papers, ChinaXiv preprints, KPPatent-ZH patents) as
published achievements, owned by the organisations named in them.

Bulk inserts throughout (the ~13,500 records take seconds, not minutes); re-running updates the records it
created before, matched by the dataset's record id (external_id).
"""

import csv
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from hardtech.catalogue.choices import ListingStatus, OrganisationKind, TechField
from hardtech.catalogue.models import Achievement, Organisation
from hardtech.matching.sync import after_bulk_write
from hardtech.spreadsheets import fieldmap
from hardtech.spreadsheets.bulk import BATCH_SIZE, derive, record_batch


@dataclass(frozen=True)
class Dataset:
    file: str
    name: str
    licence: str
    owner: str  # the organisation that owns records naming none

    @property
    def source(self) -> str:
        return f"{self.name}（{self.licence}）"


DATASETS = (
    Dataset("papers-csl.jsonl", "CSL 中文科学文献", "Apache-2.0", "公开数据：CSL 中文科学文献数据集"),
    Dataset(
        "papers-chinaxiv.jsonl", "ChinaXiv 预印本", "CC BY 4.0", "公开数据：ChinaXiv 中国科学院预印本平台"
    ),
    Dataset(
        "patents-kppatent.jsonl", "KPPatent-ZH 专利摘要", "MIT", "公开数据：KPPatent-ZH 中文专利摘要数据集"
    ),
)
UNIVERSITIES_FILE = "universities-moe.csv"

# GB/T 2260 province codes: digits 3–4 of a Ministry of Education institution code.
PROVINCES = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
}


@dataclass(frozen=True)
class University:
    name: str
    moe_code: str
    province: str
    city: str


@dataclass
class Record:
    external_id: str
    title: str
    summary: str
    keywords: list[str]
    field: str
    source: str
    org_names: list[str]
    completers: list[str] = field(default_factory=list)


@dataclass
class PublicReport:
    records: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    organisations_created: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        per_dataset = "，".join(f"{name} {count} 条" for name, count in self.records.items())
        return [
            f"公开数据：{per_dataset}",
            f"科技成果：新建 {self.created} 条，更新 {self.updated} 条；新建机构 {self.organisations_created} 家",
            f"用时 {self.seconds:.1f} 秒",
        ]


def load_universities(path: Path) -> dict[str, University]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {
            row["name"].strip(): University(
                row["name"].strip(),
                row["code"].strip(),
                PROVINCES.get(row["code"][2:4], ""),
                row["address"].strip(),
            )
            for row in csv.DictReader(handle)
        }


# How an organisation's name tells its kind; a bare 学院 (faculty) cannot be placed and is left out.
KIND_SUFFIXES = (
    ("公司", OrganisationKind.ENTERPRISE),
    ("实验室", OrganisationKind.KEY_LAB),
    ("大学", OrganisationKind.UNIVERSITY),
    ("研究所", OrganisationKind.INSTITUTE),
    ("研究院", OrganisationKind.INSTITUTE),
    ("科学院", OrganisationKind.INSTITUTE),
    ("中心", OrganisationKind.INSTITUTE),
    ("医院", OrganisationKind.INSTITUTE),
)


class OrganisationResolver:
    """Turns the organisation names parsed from affiliations into catalogue organisations (to be created)."""

    def __init__(self, universities: dict[str, University]) -> None:
        self.universities = universities
        self.wanted: dict[str, Organisation] = {}

    def canonical(self, raw: str) -> tuple[str, str] | None:
        """(name, kind) for a usable organisation name, else None."""
        name = re.sub(r"\s+", "", raw)[:200]
        if len(name) < 4:
            return None
        # An OCR'd affiliation often keeps an author's name in front: 李彦豪南方医科大学 → 南方医科大学.
        for start in range(len(name) - 3):
            if name[start:] in self.universities:
                return name[start:], OrganisationKind.UNIVERSITY
        if "中国科学院" in name:
            return name, OrganisationKind.INSTITUTE
        for suffix, kind in KIND_SUFFIXES:
            if name.endswith(suffix):
                return name, kind
        return None

    def organisations_for(self, raw_names: list[str]) -> list[str]:
        names = []
        for raw in raw_names:
            found = self.canonical(raw)
            if found and found[0] not in names:
                names.append(found[0])
                self._want(*found)
        return names

    def _want(self, name: str, kind: str) -> None:
        if name in self.wanted:
            return
        university = self.universities.get(name)
        org = Organisation(name=name, kind=kind, description="由公开数据导入（依据论文作者单位）")
        if university:
            org.moe_code, org.province, org.city = university.moe_code, university.province, university.city
            org.external_id = f"MOE-{university.moe_code}"
        self.wanted[name] = org

    def want_owner(self, dataset: Dataset) -> None:
        self.wanted.setdefault(
            dataset.owner,
            Organisation(
                name=dataset.owner,
                kind=OrganisationKind.SERVICE,
                external_id=f"PUBLIC-{Path(dataset.file).stem}",
                description=f"公开数据集“{dataset.name}”（{dataset.licence}）中未注明单位的记录归于此处。",
            ),
        )


def _jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _keywords(values: list[str], min_length: int = 2) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if len(v.strip()) >= min_length))


PATENT_LEAD = re.compile(
    r"^(本(发明|实用新型|申请|公开|披露|外观设计)(的)?(涉及|公开|提供|提出|披露|描述)?(了)?)"
)


def patent_title(abstract: str) -> str:
    """A title from a patent abstract's first clause: 本发明涉及一种X的方法，… → 一种X的方法."""
    first = re.split(r"[，。；：,;:]", abstract.strip(), maxsplit=1)[0]
    title = PATENT_LEAD.sub("", first).strip()
    return (title or first)[:80] or "未命名专利"


def completers_of(affiliations: str) -> list[str]:
    """Authors before the bracketed affiliation: 刘静羽，肖曼(中国科学院…) → [刘静羽, 肖曼]."""
    names = re.split(r"[，,、\s]+", re.split(r"[（(]", affiliations, maxsplit=1)[0])
    return [n for n in names if re.fullmatch(r"[\u4e00-\u9fff·]{2,5}", n)][:10]


def read_records(directory: Path, resolver: OrganisationResolver) -> Iterator[tuple[Dataset, Record]]:
    for dataset in DATASETS:
        resolver.want_owner(dataset)
        for raw in _jsonl(directory / dataset.file):
            yield dataset, _record(dataset, raw, resolver)


def _record(dataset: Dataset, raw: dict, resolver: OrganisationResolver) -> Record:
    abstract = raw.get("abstract", "").strip()
    if dataset.file.startswith("patents"):
        title = raw.get("title", "").strip() or patent_title(abstract)
        keywords = _keywords(raw.get("keyphrases", []))
        field_ = fieldmap.from_text(title, keywords, abstract, TechField.ADVANCED_MANUFACTURING)
    else:
        title, keywords = raw["title"].strip(), _keywords(raw.get("keywords", []), 1)
        mapped = fieldmap.from_csl(raw.get("category", ""), raw.get("discipline", "")) or fieldmap.from_clc(
            raw.get("clc", "")
        )
        field_ = mapped or fieldmap.from_text(title, keywords, abstract, TechField.HIGH_TECH_SERVICES)
    return Record(
        external_id=raw["id"],
        title=title[:300],
        summary=abstract or title,
        keywords=keywords,
        field=field_,
        source=dataset.source,
        org_names=resolver.organisations_for(raw.get("orgs", [])) or [dataset.owner],
        completers=completers_of(raw.get("authors_affiliations", "")),
    )


def _save_organisations(wanted: dict[str, Organisation]) -> tuple[dict[str, int], int]:
    """Create the organisations not yet in the catalogue; existing ones (perhaps edited by hand) are kept."""
    existing = dict(Organisation.objects.values_list("name", "pk"))
    taken_ids = set(Organisation.objects.exclude(external_id=None).values_list("external_id", flat=True))
    new = []
    for name, org in wanted.items():
        if name in existing:
            continue
        if org.external_id in taken_ids:
            org.external_id = None
        derive(org)
        new.append(org)
    Organisation.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return dict(Organisation.objects.filter(name__in=list(wanted)).values_list("name", "pk")), len(new)


# What a re-run refreshes; published_at and created_at stay, since a re-run updates texts, not history.
REFRESHED_FIELDS = ["title", "summary", "keywords", "field", "source", "completers", "status", "search_text"]


def _achievements(
    directory: Path, resolver: OrganisationResolver, report: PublicReport, progress: bool
) -> tuple[list[Achievement], dict[str, list[str]]]:
    """Unsaved achievements, and the names of each one's organisations by record id."""
    now = timezone.now()
    # Keyed by record id: an id repeated in the data is one record (an upsert may touch a row only once).
    by_id: dict[str, Achievement] = {}
    owners: dict[str, list[str]] = {}
    records = read_records(directory, resolver)
    for dataset, record in tqdm(records, desc="公开数据", unit="条", disable=not progress):
        report.records[dataset.name] = report.records.get(dataset.name, 0) + 1
        item = Achievement(
            external_id=record.external_id,
            title=record.title,
            summary=record.summary,
            keywords=record.keywords,
            field=record.field,
            source=record.source,
            completers=record.completers,
            status=ListingStatus.PUBLISHED,
            published_at=now,
            updated_at=now,
        )
        item.refresh_search_text()
        by_id[record.external_id] = item
        owners[record.external_id] = record.org_names
    return list(by_id.values()), owners


def _upsert(achievements: list[Achievement], owners: dict[str, list[str]], org_pks: dict[str, int]) -> int:
    """Insert or update by external id (far faster than bulk_update), then relink owners; returns updates."""
    before = set(Achievement.objects.exclude(external_id=None).values_list("external_id", flat=True))
    Achievement.objects.bulk_create(
        achievements,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["external_id"],
        update_fields=[*REFRESHED_FIELDS, "updated_at"],
    )
    pks = dict(Achievement.objects.exclude(external_id=None).values_list("external_id", "pk"))
    updated = [pks[a.external_id] for a in achievements if a.external_id in before]
    through = Achievement.organisations.through
    for start in range(0, len(updated), BATCH_SIZE):
        through.objects.filter(achievement_id__in=updated[start : start + BATCH_SIZE]).delete()
    links = [
        through(achievement_id=pks[a.external_id], organisation_id=org_pks[name])
        for a in achievements
        for name in owners[a.external_id]
    ]
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return len(updated)


def import_public(directory: Path, progress: bool = True) -> PublicReport:
    started = time.perf_counter()
    report = PublicReport()
    resolver = OrganisationResolver(load_universities(directory / UNIVERSITIES_FILE))
    achievements, owners = _achievements(directory, resolver, report, progress)
    with transaction.atomic():
        org_pks, report.organisations_created = _save_organisations(resolver.wanted)
        report.updated = _upsert(achievements, owners, org_pks)
        report.created = len(achievements) - report.updated
        record_batch(Organisation, "公开数据", report.organisations_created, 0)
        record_batch(Achievement, "公开数据", report.created, report.updated, datasets=report.records)
    refresh_planner_statistics(Organisation, Achievement, Achievement.organisations.through)
    report.seconds = time.perf_counter() - started
    after_bulk_write("achievements")  # bulk writes fire no signals: the match indexes catch up
    return report


def refresh_planner_statistics(*models: type) -> None:
    """After a bulk load PostgreSQL's planner still sees the old, small tables until autovacuum comes round
    (and may then scan instead of using the listing indexes); ANALYZE tells it now. SQLite needs nothing."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
