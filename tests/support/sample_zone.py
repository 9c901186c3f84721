"""A small, realistic-looking zone for the browser tests and the README screenshot (fictional names)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation

ORGANISATIONS = [
    ("秦岭高新技术产业开发区", "park", ""),
    ("秦岭理工大学", "university", ""),
    ("长安光电研究院", "institute", ""),
    ("秦岭理工大学先进材料重点实验室", "key_lab", "秦岭理工大学"),
    ("丝路硬科技孵化器", "incubator", ""),
    ("秦创精密装备有限公司", "enterprise", ""),
    ("曲江新能源科技有限公司", "enterprise", ""),
    ("渭水生物医药股份有限公司", "enterprise", ""),
    ("高新区科技成果转化服务中心", "service", ""),
]

ACHIEVEMENTS = [
    (
        "车规级碳化硅功率模块封装技术",
        "electronic_information",
        "秦岭理工大学",
        "pilot",
        ["ordinary_license", "assignment"],
        (200, 500),
        "采用银烧结与双面散热结构，模块热阻降低30%，可用于新能源汽车主驱逆变器。",
    ),
    (
        "高比能固态锂电池电解质材料",
        "new_energy",
        "秦岭理工大学先进材料重点实验室",
        "lab_trial",
        ["joint_development"],
        (300, 800),
        "氧化物-聚合物复合固态电解质，室温离子电导率达1.2 mS/cm，界面阻抗低。",
    ),
    (
        "大口径自由曲面光学元件超精密加工",
        "advanced_manufacturing",
        "长安光电研究院",
        "mass_production",
        ["exclusive_license", "equity"],
        (None, None),
        "面形精度优于λ/20，适用于空间相机和激光雷达光学系统。",
    ),
    (
        "基于深度学习的工业视觉缺陷检测系统",
        "electronic_information",
        "长安光电研究院",
        "pilot",
        ["tech_service"],
        (50, 120),
        "小样本训练，检测准确率99.2%，已在3条电子装配产线部署验证。",
    ),
    (
        "航空发动机叶片热障涂层制备工艺",
        "aerospace",
        "秦岭理工大学",
        "pilot",
        ["assignment"],
        (800, 1500),
        "等离子喷涂-物理气相沉积复合工艺，涂层寿命提升一倍。",
    ),
    (
        "新型mRNA疫苗递送脂质纳米颗粒",
        "biomedicine",
        "秦岭理工大学",
        "sample",
        ["ordinary_license"],
        (500, None),
        "可电离脂质库筛选获得的低毒高效递送载体，已完成动物实验。",
    ),
]

DEMANDS = [
    (
        "精密减速器回差控制与寿命提升",
        "advanced_manufacturing",
        "秦创精密装备有限公司",
        ["joint_development"],
        (100, 300),
        "工业机器人RV减速器回差大于1弧分，寿命不足6000小时，需改进齿形设计与热处理工艺。",
    ),
    (
        "储能电池簇热失控早期预警",
        "new_energy",
        "曲江新能源科技有限公司",
        ["tech_service", "joint_development"],
        (80, 150),
        "需在热失控前10分钟发出预警，误报率低于万分之一。",
    ),
    (
        "原料药连续流合成工艺开发",
        "biomedicine",
        "渭水生物医药股份有限公司",
        ["tech_consulting", "assignment"],
        (200, 400),
        "现有间歇釜式工艺收率低、溶剂用量大，寻求连续流微反应解决方案。",
    ),
    (
        "激光雷达光学窗口镀膜",
        "electronic_information",
        "秦创精密装备有限公司",
        ["assignment"],
        (None, 60),
        "905nm波段透过率大于98%，耐候性满足车规要求。",
    ),
]

EXPERTS = [
    ("刘建华", "秦岭理工大学", "教授", ["electronic_information"], ["功率半导体", "封装"]),
    (
        "孙丽",
        "秦岭理工大学先进材料重点实验室",
        "研究员",
        ["new_energy", "new_materials"],
        ["固态电池", "电解质"],
    ),
    ("周明远", "长安光电研究院", "研究员", ["advanced_manufacturing"], ["超精密加工", "光学"]),
    ("吴晓峰", "秦岭理工大学", "副教授", ["aerospace"], ["热障涂层", "航空发动机"]),
]


def build() -> None:
    orgs: dict[str, Organisation] = {}
    for name, kind, parent in ORGANISATIONS:
        orgs[name] = Organisation.objects.create(
            name=name,
            kind=kind,
            province="陕西省",
            city="西安市",
            district="雁塔区",
            parent=orgs.get(parent),
            is_sample=True,
        )
    now = timezone.now()
    for i, (title, field, org, maturity, modes, (low, high), summary) in enumerate(ACHIEVEMENTS):
        item = Achievement.objects.create(
            title=title,
            field=field,
            summary=summary,
            maturity=maturity,
            transfer_modes=modes,
            price_min=Decimal(low) if low else None,
            price_max=Decimal(high) if high else None,
            status="published",
            published_at=now - timedelta(days=i),
            contact_name="成果转化办公室",
            contact_phone="029-8888 0000",
            is_sample=True,
        )
        item.organisations.add(orgs[org])
    for i, (title, field, org, modes, (low, high), problem) in enumerate(DEMANDS):
        Demand.objects.create(
            title=title,
            field=field,
            enterprise=orgs[org],
            problem=problem,
            cooperation_modes=modes,
            budget_min=Decimal(low) if low else None,
            budget_max=Decimal(high) if high else None,
            province="陕西省",
            city="西安市",
            status="published",
            published_at=now - timedelta(days=i),
            contact_name="技术部",
            contact_phone="029-8666 0000",
            is_sample=True,
        )
    for name, org, title, fields, keywords in EXPERTS:
        Expert.objects.create(
            name=name, organisation=orgs[org], title=title, fields=fields, keywords=keywords, is_sample=True
        )
