"""Compose the sample zone's achievements, demands and experts from the building blocks in data/*.yaml.

Each topic (a subfield of one of the eight fields) holds hand-written achievement and demand seeds; this module
turns a seed into a full record — summary, keywords, maturity, patents, prices, contacts — with a random
generator seeded by the record's external id, so every run composes exactly the same zone.
"""

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

import yaml

from hardtech.catalogue.choices import Maturity, TechLevel, TransferMode, label_of
from hardtech.catalogue.validators import credit_code_check_char, patent_check_char

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
CENTS = Decimal("0.01")
GIVEN = "伟芳娜敏静磊洋勇艳杰涛明超霞平刚健鹏丽军强波辉宁欣昊睿晨博文婷雪峰凯悦琳浩宇嘉怡"


@dataclass(frozen=True)
class AchievementSeed:
    title: str
    method: str
    effect: str


@dataclass(frozen=True)
class DemandSeed:
    enterprise: str
    title: str
    problem: str
    indicators: str


@dataclass(frozen=True)
class Topic:
    key: str
    field: str
    subfield: str
    chain: str
    owners: list[str]
    applications: str
    keywords: list[str]
    achievements: list[AchievementSeed]
    demands: list[DemandSeed]


def read_yaml(name: str):
    return yaml.safe_load(resources.files("hardtech.demo").joinpath("data", name).read_text(encoding="utf-8"))


@cache
def topics() -> list[Topic]:
    result = []
    for raw in read_yaml("topics.yaml"):
        achievements = [AchievementSeed(*line.split(" | ")) for line in raw["achievements"]]
        demands = [DemandSeed(d["enterprise"], *d["text"].split(" | ")) for d in raw["demands"]]
        fields = {
            k: raw[k] for k in ("key", "field", "subfield", "chain", "owners", "applications", "keywords")
        }
        result.append(Topic(**fields, achievements=achievements, demands=demands))
    return result


def rng_for(external_id: str) -> random.Random:
    return random.Random(external_id)


def credit_code(base: str) -> str:
    """A unified social credit code from its first 17 characters, with the GB 32100 check character."""
    return base + credit_code_check_char(base)


def patent_number(rng: random.Random) -> str:
    """A CNIPA application number (year, type 1 invention / 2 utility model, serial) with its check digit."""
    digits = f"{rng.randint(2018, 2024)}{rng.choice('1112')}{rng.randint(0, 9_999_999):07d}"
    return f"ZL{digits}.{patent_check_char(digits)}"


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))


def price_range(rng: random.Random, steps: tuple[int, ...]) -> tuple[Decimal | None, Decimal | None]:
    """In 万元; about a quarter are 面议 (no price)."""
    if rng.random() < 0.25:
        return None, None
    # Two decimal places, as the database stores them, so a re-run compares equal and audits no change.
    low = Decimal(rng.choice(steps)).quantize(CENTS)
    return low, (low * Decimal(rng.choice(("1.5", "2", "3")))).quantize(CENTS)


MATURITY_WEIGHTS = {
    Maturity.RESEARCH: 1,
    Maturity.SAMPLE: 3,
    Maturity.LAB_TRIAL: 4,
    Maturity.PILOT: 4,
    Maturity.MASS_PRODUCTION: 2,
}
LEVEL_WEIGHTS = {
    TechLevel.INTERNATIONAL_LEADING: 1,
    TechLevel.INTERNATIONAL_ADVANCED: 3,
    TechLevel.DOMESTIC_LEADING: 5,
    TechLevel.DOMESTIC_ADVANCED: 2,
}
ACHIEVEMENT_MODES = [
    TransferMode.ORDINARY_LICENSE,
    TransferMode.EXCLUSIVE_LICENSE,
    TransferMode.ASSIGNMENT,
    TransferMode.EQUITY,
    TransferMode.JOINT_DEVELOPMENT,
    TransferMode.TECH_SERVICE,
]
DEMAND_MODES = [
    TransferMode.JOINT_DEVELOPMENT,
    TransferMode.TECH_SERVICE,
    TransferMode.ASSIGNMENT,
    TransferMode.EXCLUSIVE_LICENSE,
    TransferMode.TECH_CONSULTING,
]
MATURITY_PHRASES = {
    Maturity.RESEARCH: "目前处于研发阶段，已完成原理验证，寻求合作方共同推进工程化",
    Maturity.SAMPLE: "目前已制成样品并完成性能测试，可提供样品试用",
    Maturity.LAB_TRIAL: "目前已完成小试，工艺参数稳定，具备放大条件",
    Maturity.PILOT: "目前已完成中试验证，可与企业合作建设生产线",
    Maturity.MASS_PRODUCTION: "目前已具备批量生产条件，并在合作企业实现小批量应用",
}
BASES = [
    "已完成前期方案论证和原理样机验证",
    "具备中试生产线和基本的检测条件",
    "已与下游客户签订试用意向协议",
    "已承担省级重点研发计划项目，积累了一定的试验数据",
]


def _weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _status(index: int) -> str:
    """Mostly published; every tenth is waiting for review and a few are drafts, so the review queue has work."""
    if index % 10 == 4:
        return "pending"
    if index % 16 == 9:
        return "draft"
    return "published"


def achievement(topic: Topic, number: int, index: int, owner_name: str) -> dict:
    """The fields of the topic's `number`-th achievement; `index` counts across all topics (for the status)."""
    seed = topic.achievements[number]
    external_id = f"DEMO-ACH-{topic.key}-{number + 1}"
    rng = rng_for(external_id)
    maturity = _weighted(rng, MATURITY_WEIGHTS)
    completers = [person_name(rng) for _ in range(rng.randint(2, 4))]
    patents = [patent_number(rng) for _ in range(rng.randint(0, 3))]
    low, high = price_range(rng, (20, 30, 50, 80, 100, 150, 200, 300, 500))
    patent_text = f"已获授权发明或实用新型专利{len(patents)}项" if patents else "相关专利正在申请中"
    summary = (
        f"{owner_name}{completers[0]}团队{seed.method}，形成了“{seed.title}”成果。{seed.effect}。"
        f"成果属于{topic.subfield}方向，可应用于{topic.applications}，服务{topic.chain}产业链。"
        f"{MATURITY_PHRASES[maturity]}；{patent_text}。"
    )
    return {
        "external_id": external_id,
        "title": seed.title,
        "field": topic.field,
        "subfield": topic.subfield,
        "keywords": rng.sample(topic.keywords, 3),
        "completers": completers,
        "summary": summary,
        "maturity": maturity,
        "tech_level": _weighted(rng, LEVEL_WEIGHTS),
        "patents": patents,
        "transfer_modes": sorted(
            rng.sample(ACHIEVEMENT_MODES, rng.randint(1, 3)), key=ACHIEVEMENT_MODES.index
        ),
        "price_min": low,
        "price_max": high,
        "completed_on": date(rng.randint(2021, 2025), rng.randint(1, 12), rng.randint(1, 28)),
        "contact_name": f"{completers[0][0]}老师",
        "contact_phone": f"029-8{rng.randint(0, 9_999_999):07d}",
        "contact_email": f"ttc{rng.randint(100, 999)}@example.com",
        "status": _status(index),
        "source": "示例数据",
        "is_sample": True,
    }


def demand(topic: Topic, number: int, index: int, enterprise_name: str) -> dict:
    seed = topic.demands[number]
    external_id = f"DEMO-DEM-{topic.key}-{number + 1}"
    rng = rng_for(external_id)
    modes = sorted(rng.sample(DEMAND_MODES, rng.randint(1, 2)), key=DEMAND_MODES.index)
    low, high = price_range(rng, (30, 50, 80, 100, 150, 200, 300))
    problem = (
        f"{seed.problem}。希望与高校、科研院所在{topic.subfield}方向开展"
        f"{'、'.join(label_of(TransferMode, m) for m in modes)}，形成可在{topic.applications}中落地的解决方案。"
    )
    return {
        "external_id": external_id,
        "title": seed.title,
        "field": topic.field,
        "subfield": topic.subfield,
        "keywords": rng.sample(topic.keywords, 3),
        "problem": problem,
        "indicators": seed.indicators,
        "basis": f"{enterprise_name}现有研发人员{rng.randint(12, 160)}人，{rng.choice(BASES)}。",
        "budget_min": low,
        "budget_max": high,
        "cooperation_modes": modes,
        "contact_name": f"{person_name(rng)[0]}经理",
        "contact_phone": f"139{rng.randint(0, 99_999_999):08d}",
        "contact_email": f"rd{rng.randint(100, 999)}@example.com",
        "status": _status(index + 3),
        "source": "示例数据",
        "is_sample": True,
    }


def expert_bio(topic: Topic, name: str, title: str, organisation_name: str) -> str:
    seed = topic.achievements[0]
    return (
        f"{name}，{organisation_name}{title}，长期从事{topic.subfield}研究，研究方向包括"
        f"{'、'.join(topic.keywords[:3])}。主持完成“{seed.title}”等成果，{seed.effect}。"
        f"熟悉{topic.chain}产业需求，可为企业提供技术咨询与成果评价服务。"
    )
