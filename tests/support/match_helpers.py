"""A small real catalogue for the match engine tests, and an embedder that counts what it embeds."""

from hardtech.engines.match.dense import default_embedder

DOCS = [
    {
        "id": "sic",
        "title": "碳化硅功率器件封装技术",
        "text": "一种高可靠性的碳化硅功率模块封装工艺，适用于新能源汽车电驱系统。",
        "kind": "achievement",
        "fields": ["新材料"],
        "maturity": "中试",
        "modes": ["专利许可"],
        "price": 80,
    },
    {
        "id": "battery",
        "title": "高镍三元锂离子电池正极材料",
        "text": "高镍正极材料的制备方法，提高电池能量密度与循环寿命。",
        "kind": "achievement",
        "fields": ["新能源"],
        "maturity": "产业化",
        "modes": ["专利转让"],
        "price": 300,
    },
    {
        "id": "vo",
        "title": "基于深度学习的视觉里程计",
        "text": "利用卷积神经网络从单目图像序列估计相机位姿。",
        "kind": "achievement",
        "fields": ["人工智能"],
        "maturity": 2,
        "modes": ["技术开发"],
        "price": 50,
    },
    {
        "id": "wheat",
        "title": "小麦抗旱品种选育",
        "text": "通过分子标记辅助选择培育耐旱高产小麦新品种。",
        "kind": "achievement",
        "fields": ["现代农业"],
    },
    {
        "id": "concrete",
        "title": "一种混凝土施工方法",
        "text": "提高大体积混凝土浇筑质量、减少裂缝的施工工艺。",
    },
]


class CountingEmbedder:
    """The real e5 embedder, counting the passages and queries it is asked to embed."""

    def __init__(self):
        self._real = default_embedder()
        self.model_id = self._real.model_id
        self.dim = self._real.dim
        self.embedded = 0
        self.queries = 0

    def passages(self, texts):
        self.embedded += len(texts)
        return self._real.passages(texts)

    def query(self, text):
        self.queries += 1
        return self._real.query(text)
