"""Which of the eight national high-tech fields (TechField) a public record belongs to.

Papers carry a CSL discipline or a Chinese Library Classification (中图法) code; those map by table. Records
without either (most ChinaXiv preprints, all patents) are classified by counting field trigger words.
"""

from hardtech.catalogue.choices import TechField as F

# CSL (category, discipline) → field; a category alone is the fallback for its disciplines.
CSL_DISCIPLINES = {
    "兵器科学与技术": F.ADVANCED_MANUFACTURING,
    "食品科学与工程": F.BIOMEDICINE,
    "材料科学与工程": F.NEW_MATERIALS,
    "化学/化学工程与技术": F.NEW_MATERIALS,
    "纺织科学与工程": F.NEW_MATERIALS,
    "冶金工程": F.NEW_MATERIALS,
    "交通运输工程": F.ADVANCED_MANUFACTURING,
    "信息与通信工程": F.ELECTRONIC_INFORMATION,
    "计算机科学与技术": F.ELECTRONIC_INFORMATION,
    "电子科学与技术": F.ELECTRONIC_INFORMATION,
    "光学工程": F.ELECTRONIC_INFORMATION,
    "控制科学与工程": F.ADVANCED_MANUFACTURING,
    "机械工程": F.ADVANCED_MANUFACTURING,
    "力学": F.ADVANCED_MANUFACTURING,
    "船舶与海洋工程": F.ADVANCED_MANUFACTURING,
    "土木工程": F.ADVANCED_MANUFACTURING,
    "建筑学": F.ADVANCED_MANUFACTURING,
    "电气工程": F.NEW_ENERGY,
    "动力工程及工程热物理": F.NEW_ENERGY,
    "核科学与技术": F.NEW_ENERGY,
    "石油与天然气工程": F.RESOURCES_ENVIRONMENT,
    "矿业工程": F.RESOURCES_ENVIRONMENT,
    "环境科学与工程": F.RESOURCES_ENVIRONMENT,
    "水利工程": F.RESOURCES_ENVIRONMENT,
    "测绘科学与技术": F.RESOURCES_ENVIRONMENT,
    "农业工程": F.RESOURCES_ENVIRONMENT,
    "航空宇航科学与技术": F.AEROSPACE,
    "地理学": F.RESOURCES_ENVIRONMENT,
    "大气科学": F.RESOURCES_ENVIRONMENT,
    "海洋科学": F.RESOURCES_ENVIRONMENT,
    "地质学/地质资源与地质工程": F.RESOURCES_ENVIRONMENT,
    "地球物理学": F.RESOURCES_ENVIRONMENT,
    "天文学": F.AEROSPACE,
    "物理学": F.ELECTRONIC_INFORMATION,
    "数学": F.ELECTRONIC_INFORMATION,
    "生物学/生物科学与工程": F.BIOMEDICINE,
    "农业资源利用": F.RESOURCES_ENVIRONMENT,
    "林学/林业工程": F.RESOURCES_ENVIRONMENT,
}
# Medicine and agriculture are 生物与新医药; humanities and social sciences count as 高技术服务.
CSL_CATEGORIES = {"医学": F.BIOMEDICINE, "农学": F.BIOMEDICINE, "工学": F.ADVANCED_MANUFACTURING}

# 中图法 class prefixes, longest prefix wins.
CLC_PREFIXES = {
    "TN": F.ELECTRONIC_INFORMATION,
    "TP": F.ELECTRONIC_INFORMATION,
    "TP2": F.ADVANCED_MANUFACTURING,
    "TB": F.NEW_MATERIALS,
    "TG": F.NEW_MATERIALS,
    "TQ": F.NEW_MATERIALS,
    "TF": F.NEW_MATERIALS,
    "TS2": F.BIOMEDICINE,
    "TK": F.NEW_ENERGY,
    "TM": F.NEW_ENERGY,
    "TL": F.NEW_ENERGY,
    "TD": F.RESOURCES_ENVIRONMENT,
    "TE": F.RESOURCES_ENVIRONMENT,
    "TV": F.RESOURCES_ENVIRONMENT,
    "T": F.ADVANCED_MANUFACTURING,
    "V": F.AEROSPACE,
    "U": F.ADVANCED_MANUFACTURING,
    "X": F.RESOURCES_ENVIRONMENT,
    "P": F.RESOURCES_ENVIRONMENT,
    "P1": F.AEROSPACE,
    "Q": F.BIOMEDICINE,
    "R": F.BIOMEDICINE,
    "S": F.BIOMEDICINE,
    "S7": F.RESOURCES_ENVIRONMENT,
    "O": F.NEW_MATERIALS,
    "O1": F.ELECTRONIC_INFORMATION,
    "O4": F.ELECTRONIC_INFORMATION,
}

TRIGGERS = {
    F.ELECTRONIC_INFORMATION: "算法 网络 数据 计算机 软件 通信 信号 芯片 电路 图像 深度学习 传感器 无线 天线 雷达 半导体 "
    "光电 激光 显示 存储 编码 识别 信息",
    F.BIOMEDICINE: "细胞 基因 蛋白 患者 临床 药物 疾病 治疗 肿瘤 医学 病毒 抗体 微生物 小鼠 中药 疫苗 诊断 医疗 "
    "口腔 育种 作物 菌株 发酵 食品",
    F.AEROSPACE: "航天 航空 飞行器 卫星 火箭 无人机 轨道 飞机 导弹 太空 航天器",
    F.NEW_MATERIALS: "材料 合金 复合 涂层 纳米 聚合物 陶瓷 纤维 薄膜 晶体 催化 高分子 树脂 化合物 制备",
    F.HIGH_TECH_SERVICES: "管理 服务 政策 教育 经济 心理 社会 评价 文化 金融 图书馆 情报 企业 产业",
    F.NEW_ENERGY: "电池 能源 光伏 储能 太阳能 风电 发电 电网 氢 节能 燃料 电力 锂 充电 热泵",
    F.RESOURCES_ENVIRONMENT: "环境 污染 土壤 水质 生态 废水 排放 气候 地质 油气 降水 植被 遥感 水资源 固废 污水 大气 "
    "冰川 沙漠 草地 矿",
    F.ADVANCED_MANUFACTURING: "机械 装置 设备 加工 控制 机器人 制造 电机 齿轮 阀 焊接 机床 自动化 车辆 汽车 壳体 组件",
}
TRIGGER_WORDS = {field: words.split() for field, words in TRIGGERS.items()}


def from_csl(category: str, discipline: str) -> str | None:
    return (
        CSL_DISCIPLINES.get(discipline)
        or CSL_CATEGORIES.get(category)
        or (F.HIGH_TECH_SERVICES if category else None)
    )


def from_clc(code: str) -> str | None:
    code = code.strip().upper()
    for length in range(min(len(code), 3), 0, -1):
        if code[:length] in CLC_PREFIXES:
            return CLC_PREFIXES[code[:length]]
    return F.HIGH_TECH_SERVICES if code[:1].isalpha() else None


def from_text(title: str, keywords: list[str], abstract: str, default: str) -> str:
    """The field whose trigger words occur most often, the title and keywords counting more than the abstract."""
    head = f"{title} {' '.join(keywords)}"
    scores = {
        field: sum(3 * head.count(word) + abstract.count(word) for word in words)
        for field, words in TRIGGER_WORDS.items()
    }
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else default
