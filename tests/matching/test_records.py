"""Catalogue records → engine documents."""

from decimal import Decimal

from hardtech.matching.records import indexable_documents, to_document


def test_achievement_document(achievement, university):
    achievement.price_min, achievement.price_max = Decimal("50"), Decimal("80")
    doc = to_document(achievement)
    assert doc.id == str(achievement.pk) and doc.kind == "achievement"
    assert doc.title == achievement.title and "热阻低" in doc.text
    assert doc.fields == ("电子信息",) and doc.maturity == 3  # 中试
    assert doc.modes == ("普通许可",) and doc.price == Decimal("50")
    assert doc.region == "陕西省" and doc.org_kind == "高校"
    assert doc.keywords == ("半导体激光器", "封装")


def test_demand_document(demand):
    demand.budget_min, demand.budget_max, demand.indicators = Decimal("10"), Decimal("30"), "热阻 < 0.5 K/W"
    doc = to_document(demand)
    assert doc.kind == "demand" and "热阻偏高" in doc.text and "0.5 K/W" in doc.text
    assert doc.modes == ("合作开发",) and doc.price == Decimal("30") and doc.org_kind == "企业"


def test_expert_document_names_published_achievements_only(expert, zone):
    doc = to_document(expert)
    assert doc.kind == "expert" and doc.title == "王教授"
    assert "长期从事半导体激光器研究" in doc.text and "高功率半导体激光器芯片封装技术" in doc.text
    assert doc.fields == ("电子信息",) and doc.keywords == ("激光器", "光电子") and doc.region == "陕西省"
    expert.achievements.add(zone["draft"])
    assert "泵浦合束器" not in to_document(expert).text


def test_only_published_listings_are_indexable(zone, achievement):
    docs = {d.id for d in indexable_documents("achievements")}
    assert docs == {str(achievement.pk), str(zone["battery"].pk)}
    assert len(indexable_documents("demands")) == 2 and len(indexable_documents("experts")) == 1
