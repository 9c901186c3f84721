"""The deals' code lists, with their Chinese labels: stages, end reasons, the national technology-contract
registration form's contract types, entity kinds, payment methods and IP types (技术合同认定登记)."""

from django.db import models


class Stage(models.TextChoices):
    """技术转移项目的阶段."""

    INTRODUCED = "introduced", "对接"
    NEGOTIATING = "negotiating", "洽谈"
    SIGNED = "signed", "签约"
    REGISTERED = "registered", "登记"
    IMPLEMENTING = "implementing", "实施/转化"
    LANDED = "landed", "落地"
    CLOSED = "closed", "已完结"
    ENDED = "ended", "终止"


# The pipeline in order (the board's columns); ENDED is reached from any of them but CLOSED.
PIPELINE: tuple[str, ...] = (
    Stage.INTRODUCED,
    Stage.NEGOTIATING,
    Stage.SIGNED,
    Stage.REGISTERED,
    Stage.IMPLEMENTING,
    Stage.LANDED,
    Stage.CLOSED,
)
OPEN_STAGES: tuple[str, ...] = PIPELINE[:-1]


class Source(models.TextChoices):
    """Where a deal was opened from."""

    MATCH = "match", "匹配推荐"
    DEMAND = "demand", "技术需求"
    ACHIEVEMENT = "achievement", "科技成果"
    EVENT = "event", "对接活动"
    MANUAL = "manual", "手工创建"


class EndReason(models.TextChoices):
    """终止原因."""

    PRICE = "price", "价格或条款未谈拢"
    IMMATURE = "immature", "技术成熟度不足"
    BUYER_WITHDREW = "buyer_withdrew", "需求方放弃"
    SELLER_WITHDREW = "seller_withdrew", "成果方放弃"
    IP_DISPUTE = "ip_dispute", "知识产权存在争议"
    FUNDING = "funding", "资金不到位"
    APPROVAL = "approval", "审批或政策原因"
    OTHER = "other", "其他"


class Landing(models.TextChoices):
    """落地形式."""

    COMPANY = "company", "成立企业"
    PRODUCTION = "production", "产线投产"
    PRODUCT = "product", "产品上市"


class ActivityKind(models.TextChoices):
    MEETING = "meeting", "会谈"
    CALL = "call", "电话"
    NOTE = "note", "记录"
    VISIT = "visit", "走访"


class ContractType(models.TextChoices):
    """合同类型, as the registration form divides them (技术转让 and 技术许可 with their subtypes)."""

    DEVELOPMENT_COMMISSIONED = "development_commissioned", "技术开发（委托）"
    DEVELOPMENT_COOPERATIVE = "development_cooperative", "技术开发（合作）"
    TRANSFER_PATENT = "transfer_patent", "技术转让（专利权）"
    TRANSFER_PATENT_APPLICATION = "transfer_patent_application", "技术转让（专利申请权）"
    TRANSFER_SECRET = "transfer_secret", "技术转让（技术秘密）"
    TRANSFER_SOFTWARE = "transfer_software", "技术转让（计算机软件著作权）"
    TRANSFER_LAYOUT = "transfer_layout", "技术转让（集成电路布图设计专有权）"
    TRANSFER_VARIETY = "transfer_variety", "技术转让（植物新品种权）"
    TRANSFER_BIOMEDICAL = "transfer_biomedical", "技术转让（生物医药新品种权）"
    LICENSE_PATENT = "license_patent", "技术许可（专利实施许可）"
    LICENSE_SECRET = "license_secret", "技术许可（技术秘密使用许可）"
    LICENSE_OTHER = "license_other", "技术许可（其他）"
    CONSULTING = "consulting", "技术咨询"
    SERVICE = "service", "技术服务"

    @property
    def group(self) -> str:
        """The five kinds the statistics and the policy engine count by: development, transfer, license,
        consulting, service."""
        return self.value.split("_")[0]


TRANSFER_TYPES = frozenset(t for t in ContractType if t.group == "transfer")


class EntityKind(models.TextChoices):
    """买方、卖方的主体类型."""

    ENTERPRISE = "enterprise", "企业"
    UNIVERSITY = "university", "高等院校"
    INSTITUTE = "institute", "科研院所"
    GOVERNMENT = "government", "机关"
    INDIVIDUAL = "individual", "自然人"
    OTHER = "other", "其他组织"


class PaymentMethod(models.TextChoices):
    LUMP_SUM = "lump_sum", "一次总付"
    INSTALMENTS = "instalments", "分期支付"
    ROYALTY = "royalty", "提成支付"
    MIXED = "mixed", "总付加提成"
    OTHER = "other", "其他"


class IpType(models.TextChoices):
    INVENTION_PATENT = "invention_patent", "发明专利"
    UTILITY_MODEL = "utility_model", "实用新型专利"
    DESIGN = "design", "外观设计专利"
    SECRET = "secret", "技术秘密"
    SOFTWARE = "software", "计算机软件著作权"
    LAYOUT = "layout", "集成电路布图设计"
    VARIETY = "variety", "植物新品种"
    BIOMEDICAL = "biomedical", "生物医药新品种"
    OTHER = "other", "其他"
    NONE = "none", "未涉及知识产权"


class CostKind(models.TextChoices):
    """非技术性费用: deducted from the contract total to give the 技术交易额."""

    EQUIPMENT = "equipment", "设备"
    MATERIALS = "materials", "原材料"
    PARTS = "parts", "零部件"
    OTHER = "other", "其他非技术性费用"


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待认定登记"
    RETURNED = "returned", "退回补正"
    REGISTERED = "registered", "已登记"
