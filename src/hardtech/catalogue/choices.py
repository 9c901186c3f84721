"""Controlled vocabularies, as the national platforms use them."""

from django.db import models


class OrganisationKind(models.TextChoices):
    PARK = "park", "园区"
    UNIVERSITY = "university", "高校"
    INSTITUTE = "institute", "科研院所"
    NEW_RD = "new_rd", "新型研发机构"
    KEY_LAB = "key_lab", "重点实验室"
    ENTERPRISE = "enterprise", "企业"
    INCUBATOR = "incubator", "孵化器/众创空间"
    INVESTOR = "investor", "投资机构"
    SERVICE = "service", "服务机构"


# 国家重点支持的高新技术领域 (the eight national high-tech fields).
class TechField(models.TextChoices):
    ELECTRONIC_INFORMATION = "electronic_information", "电子信息"
    BIOMEDICINE = "biomedicine", "生物与新医药"
    AEROSPACE = "aerospace", "航空航天"
    NEW_MATERIALS = "new_materials", "新材料"
    HIGH_TECH_SERVICES = "high_tech_services", "高技术服务"
    NEW_ENERGY = "new_energy", "新能源与节能"
    RESOURCES_ENVIRONMENT = "resources_environment", "资源与环境"
    ADVANCED_MANUFACTURING = "advanced_manufacturing", "先进制造与自动化"


class Maturity(models.TextChoices):
    RESEARCH = "research", "正在研发"
    SAMPLE = "sample", "已有样品"
    LAB_TRIAL = "lab_trial", "小试"
    PILOT = "pilot", "中试"
    MASS_PRODUCTION = "mass_production", "可量产"


class TechLevel(models.TextChoices):
    INTERNATIONAL_LEADING = "international_leading", "国际领先"
    INTERNATIONAL_ADVANCED = "international_advanced", "国际先进"
    DOMESTIC_LEADING = "domestic_leading", "国内领先"
    DOMESTIC_ADVANCED = "domestic_advanced", "国内先进"
    DOMESTIC_ORDINARY = "domestic_ordinary", "国内一般"


class TransferMode(models.TextChoices):
    EXCLUSIVE_LICENSE = "exclusive_license", "独占许可"
    SOLE_LICENSE = "sole_license", "独家许可"
    ORDINARY_LICENSE = "ordinary_license", "普通许可"
    ASSIGNMENT = "assignment", "转让"
    EQUITY = "equity", "作价入股"
    JOINT_DEVELOPMENT = "joint_development", "合作开发"
    TECH_SERVICE = "tech_service", "技术服务"
    TECH_CONSULTING = "tech_consulting", "技术咨询"


class ListingStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审核"
    PUBLISHED = "published", "已发布"
    REJECTED = "rejected", "已退回"
    WITHDRAWN = "withdrawn", "已撤回"


INDUSTRY_CHAINS = [
    "高端装备制造",
    "生物医药",
    "光电子",
    "新能源新材料",
    "半导体与集成电路",
    "人工智能",
    "航空航天",
    "新一代信息技术",
    "节能环保",
    "现代农业",
]


def label_of(choices: type[models.TextChoices], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def labels_of(choices: type[models.TextChoices], values: list[str]) -> list[str]:
    return [label_of(choices, v) for v in values]


def value_of(choices: type[models.TextChoices], text: str) -> str:
    """Accept either the stored value or its Chinese label (as in an Excel sheet)."""
    text = text.strip()
    for value, label in choices.choices:
        if text in (value, label):
            return value
    raise ValueError(text)
