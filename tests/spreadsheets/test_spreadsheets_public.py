"""The public-data importer, on a small sample written here and (when present) on the real shared files."""

import json

import pytest
from django.core.management import call_command

from hardtech.catalogue.models import Achievement, Organisation
from hardtech.paths import shared_dir
from hardtech.spreadsheets.public import completers_of, import_public, patent_title


def _jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


@pytest.fixture
def sample(db, tmp_path):
    _jsonl(
        tmp_path / "papers-csl.jsonl",
        [
            {
                "id": "csl-1",
                "title": "锂离子电池负极材料研究",
                "abstract": "研究硅碳负极。",
                "keywords": ["锂电池", "负极"],
                "category": "工学",
                "discipline": "材料科学与工程",
            },
            {
                "id": "csl-2",
                "title": "明代书院研究",
                "abstract": "书院制度。",
                "keywords": ["书院"],
                "category": "历史学",
                "discipline": "历史学",
            },
        ],
    )
    _jsonl(
        tmp_path / "papers-chinaxiv.jsonl",
        [
            {
                "id": "cx-1",
                "title": "干旱区植被遥感监测",
                "abstract": "利用遥感监测植被。",
                "keywords": ["遥感"],
                "clc": "X87",
                "authors_affiliations": "张三，李四(中国科学院新疆生态与地理研究所，乌鲁木齐830011)",
                "orgs": ["中国科学院新疆生态与地理研究所", "王五西安交通大学", "管理学院"],
            },
            {
                "id": "cx-2",
                "title": "卫星姿态控制",
                "abstract": "航天器姿态。",
                "keywords": [],
                "clc": "",
                "authors_affiliations": "",
                "orgs": ["陕西秦岭科技有限公司"],
            },
        ],
    )
    _jsonl(
        tmp_path / "patents-kppatent.jsonl",
        [
            {
                "id": "kpp-1",
                "title": "",
                "abstract": "本发明公开了一种锂电池极片辊压装置，包括机架。",
                "keyphrases": ["锂电池", "极", "辊压"],
                "claims": "",
            },
        ],
    )
    (tmp_path / "universities-moe.csv").write_text(
        "id,name,code,department,address,level,remarks\n1,西安交通大学,4161010698,教育部,西安市,本科,\n",
        encoding="utf-8",
    )
    return tmp_path


def test_sample_becomes_published_achievements_with_owners(sample):
    report = import_public(sample, progress=False)
    assert (report.created, report.updated) == (5, 0)
    assert Achievement.objects.published().count() == 5
    csl = Achievement.objects.get(external_id="csl-1")
    assert csl.field == "new_materials" and "Apache-2.0" in csl.source and csl.search_text
    assert csl.organisations.get().name == "公开数据：CSL 中文科学文献数据集"
    assert Achievement.objects.get(external_id="csl-2").field == "high_tech_services"
    cx = Achievement.objects.get(external_id="cx-1")
    assert cx.field == "resources_environment" and cx.completers == ["张三", "李四"]
    owners = {o.name: o for o in cx.organisations.all()}
    assert set(owners) == {
        "中国科学院新疆生态与地理研究所",
        "西安交通大学",
    }  # the faculty 管理学院 is left out
    xjtu = owners["西安交通大学"]
    assert (xjtu.kind, xjtu.moe_code, xjtu.province, xjtu.city) == (
        "university",
        "4161010698",
        "陕西省",
        "西安市",
    )
    assert owners["中国科学院新疆生态与地理研究所"].kind == "institute"
    assert Organisation.objects.get(name="陕西秦岭科技有限公司").kind == "enterprise"
    assert Achievement.objects.get(external_id="cx-2").field == "aerospace"
    patent = Achievement.objects.get(external_id="kpp-1")
    assert patent.title == "一种锂电池极片辊压装置" and patent.keywords == ["锂电池", "辊压"]


def test_rerun_updates_instead_of_duplicating(sample):
    import_public(sample, progress=False)
    Achievement.objects.filter(external_id="csl-1").update(title="旧标题")
    counts = Achievement.objects.count(), Organisation.objects.count()
    report = import_public(sample, progress=False)
    assert (report.created, report.updated) == (0, 5)
    assert (Achievement.objects.count(), Organisation.objects.count()) == counts
    item = Achievement.objects.get(external_id="csl-1")
    assert item.title == "锂离子电池负极材料研究" and item.organisations.count() == 1


def test_existing_organisations_are_reused(sample, db):
    Organisation.objects.create(name="西安交通大学", kind="university", external_id="DEMO-XJTU")
    import_public(sample, progress=False)
    assert Organisation.objects.filter(name="西安交通大学").count() == 1
    assert Achievement.objects.get(external_id="cx-1").organisations.filter(external_id="DEMO-XJTU").exists()


def test_command(sample, capsys):
    call_command("import_public", str(sample), "--no-progress")
    assert "新建 5 条" in capsys.readouterr().out


def test_patent_titles_and_authors():
    assert patent_title("本实用新型涉及一种井道层站门锁定系统，包括电梯。") == "一种井道层站门锁定系统"
    assert patent_title("一种用于液化乙烷的装置和过程。装置包括……") == "一种用于液化乙烷的装置和过程"
    assert completers_of("刘静羽，肖曼，黄金霞(中国科学院文献情报中心，北京100190)") == [
        "刘静羽",
        "肖曼",
        "黄金霞",
    ]


@pytest.mark.shared
def test_real_public_data_loads(db):
    shared = shared_dir()
    if shared is None or not (shared / "data" / "papers-csl.jsonl").exists():
        pytest.skip("shared/data is absent")
    report = import_public(shared / "data", progress=False)
    assert report.created == Achievement.objects.count() == 13_467
    assert not Achievement.objects.filter(organisations=None).exists()
    assert Organisation.objects.filter(kind="university").exclude(moe_code="").count() > 300
