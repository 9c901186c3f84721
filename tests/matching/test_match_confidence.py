"""Matches show an absolute confidence (高 / 中 / 低 and why), read from the pair's own evidence: the same pair
reads the same whatever else was found, where a percentage of the best hit read "100%" for every first hit."""

import re

import pytest
from django.urls import reverse

from hardtech.catalogue.models import Achievement
from hardtech.engines.match import Document
from hardtech.engines.match.explain import confidence
from hardtech.matching import services
from hardtech.matching.records import ACHIEVEMENTS

RECORD = Document(id="d", title="需求", kind="demand", fields=("航空航天",))  # None: a free-text query


SIC = ["碳化硅功率模块", "银烧结封装", "功率循环寿命"]  # 18 characters of specific terms


@pytest.mark.parametrize(
    ("matched", "parts", "level"),
    [
        (SIC, {"lexical": 0.4, "field": 0.1}, 3),
        (
            ["激光器散热模组热阻偏高", "激光器散热模组热阻降低"],
            {"lexical": 1.0, "field": 0.1},
            3,
        ),  # a near-copy
        (SIC, {"lexical": 1.0}, 2),
        (["碳化硅功率模块", "封装"], {"lexical": 0.5, "field": 0.1}, 2),
        (["碳化硅功率模块", "封装"], {"lexical": 0.5}, 1),
        (["方向", "完成", "芯片"], {"lexical": 1.0, "field": 0.1}, 1),  # common words, however high the score
        (
            ["航空航天", "导航"],
            {"lexical": 0.3, "field": 0.1},
            1,
        ),  # the field's name: the field agreement again
        (SIC, {"lexical": 1.0, "field": 0.1, "price": -0.05}, 2),
    ],
)
def test_rule(matched, parts, level):
    assert confidence(matched, parts, RECORD, "", []).level == level


def test_reasons_say_what_counted():
    sure = confidence([*SIC, "功率器件", "封装"], {"field": 0.1, "price": -0.05}, RECORD, "", [])
    assert sure.label == "中"
    assert sure.reasons == (
        "共同的专业术语：碳化硅功率模块、银烧结封装、功率循环寿命等（共 22 字）",
        "技术领域一致",
        "报价超出预算，降一档",
    )
    short = confidence(["激光器", "封装"], {"field": 0.1}, RECORD, "", [])
    assert short.reason == "只有较短的共同词：激光器、封装；技术领域一致"
    assert (
        confidence([], {"dense": 0.4}, RECORD, "", []).reason
        == "没有共同的技术要点，仅语义相近；技术领域不同或未填写"
    )


def test_free_text_by_the_share_of_the_query_found():
    query = "碳化硅 封装 热阻"  # 7 characters besides spaces
    assert confidence(["碳化硅", "封装", "热阻"], {}, None, query, [(0, 3), (4, 6), (7, 9)]).label == "高"
    assert confidence(["碳化硅"], {}, None, query, [(0, 3)]).label == "中"
    sure = confidence(["热阻"], {}, None, query, [(7, 9)])
    assert sure.label == "低" and sure.reasons == ("检索词的 29% 出现在该条目中",)


@pytest.fixture
def strong(university) -> Achievement:
    """An achievement that answers the conftest demand almost word for word."""
    item = Achievement.objects.create(
        title="激光器散热模组热阻降低方案",
        field="electronic_information",
        summary="针对激光器散热模组热阻偏高，提出新的封装与散热方案。",
        status="published",
    )
    item.organisations.add(university)
    return item


def levels(hits) -> dict[int, str]:
    return {hit.obj.pk: hit.explanation.confidence.label for hit in hits}


@pytest.mark.django_db
def test_a_pair_reads_the_same_whatever_else_was_found(zone, demand, achievement, strong):
    services.rebuild()
    together = services.matches(demand, ACHIEVEMENTS)
    assert together[0].obj == strong and levels(together)[strong.pk] == "高"
    strong.status = "withdrawn"
    strong.save()
    alone = services.matches(demand, ACHIEVEMENTS)
    assert alone[0].obj == achievement  # now the best hit ...
    assert levels(alone)[achievement.pk] == levels(together)[achievement.pk] == "低"  # ... and still 低


@pytest.mark.django_db
def test_panel_and_api_show_the_confidence(client, zone, demand, achievement, strong):
    services.rebuild()
    html = client.get(reverse("demand_detail", args=[demand.pk])).content.decode()
    panel = html.split('id="match-panel"')[1]
    strong_card = panel.split(f'id="match-achievements-{strong.pk}"')[1].split("</li>")[0]
    weak_card = panel.split(f'id="match-achievements-{achievement.pk}"')[1].split("</li>")[0]
    assert 'value="3"' in strong_card and "匹配可信度：高" in strong_card
    assert "可信度依据：共同的专业术语：" in strong_card and "技术领域一致" in strong_card
    assert 'value="1"' in weak_card and "匹配可信度：低" in weak_card
    assert not re.search(r"\d+%</span>", panel)  # no score relative to the best hit

    items = client.get(f"/api/match/demands/{demand.pk}/achievements").json()["items"]
    by_id = {item["id"]: item["confidence"] for item in items}
    assert by_id[strong.pk]["level"] == "高" and by_id[strong.pk]["rank"] == 3
    assert by_id[achievement.pk]["level"] == "低" and by_id[achievement.pk]["reasons"]
