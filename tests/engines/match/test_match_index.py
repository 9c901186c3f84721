"""MatchIndex: search, both scripts, incremental updates, filters, explanations, persistence, the cache."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from decimal import Decimal

import pytest

from hardtech.engines.match import Document, Filters, MatchConfig, MatchIndex, query_text
from hardtech.engines.match.analysis import is_keyword_list
from support.match_helpers import DOCS, CountingEmbedder


def ids(matches):
    return [m.id for m in matches]


def test_search_ranks_the_matching_document_first(index):
    assert ids(index.search("碳化硅模块封装"))[0] == "sic"
    assert ids(index.search("锂电池正极"))[0] == "battery"


def test_traditional_query_finds_simplified_document(index):
    top = index.search("基於深度學習的視覺里程計演算法")[0]
    assert top.id == "vo"
    assert any("视觉里程计" in t for t in top.explain.matched_terms)


def test_exclude_drops_documents(index):
    assert "sic" not in ids(index.search("碳化硅", exclude=["sic"]))


def test_upsert_and_remove_are_visible_at_once(index):
    index.upsert({"id": "gan", "title": "氮化镓射频功放芯片", "text": "面向5G基站的氮化镓功率放大器。"})
    assert ids(index.search("氮化镓功放"))[0] == "gan"
    index.upsert({"id": "gan", "title": "石墨烯导热膜", "text": "高导热石墨烯薄膜的连续制备。"})
    assert ids(index.search("石墨烯导热"))[0] == "gan"
    # the old text is gone (the document may still rank a little, by meaning and feedback terms)
    assert all(
        "氮化镓" not in "".join(m.explain.matched_terms) for m in index.search("氮化镓功放") if m.id == "gan"
    )
    assert index.remove("gan") and not index.remove("gan")
    assert "gan" not in ids(index.search("石墨烯导热")) and "gan" not in index
    assert len(index) == len(DOCS)


def test_incremental_scores_equal_a_fresh_build(index, tmp_path, embedder):
    index.upsert({"id": "gan", "title": "氮化镓射频功放芯片", "text": "面向5G基站的氮化镓功率放大器。"})
    index.remove("wheat")
    fresh = MatchIndex.build(list(index.documents()), tmp_path / "fresh", embedder=embedder)
    for query in ("功率器件", "氮化镓", "深度学习"):
        a, b = index.search(query), fresh.search(query)
        assert ids(a) == ids(b)
        assert [m.score for m in a] == pytest.approx([m.score for m in b], abs=1e-5)


def test_concurrent_searches_and_updates(index):
    def work(i):
        index.upsert({"id": f"t{i}", "title": f"氮化镓器件{i}", "text": "射频功放"})
        return ids(index.search("氮化镓器件"))

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(work, range(8)))
    assert all(r and r[0].startswith("t") for r in results)
    assert len(index) == len(DOCS) + 8


def test_filters_are_hard_constraints(index):
    new_energy = Filters(fields=frozenset({"新能源"}))
    found = ids(index.search("材料", filters=new_energy))
    assert "battery" in found and "sic" not in found and "vo" not in found
    assert "concrete" in ids(index.search("混凝土", filters=new_energy))  # no fields: unknown is no mismatch
    assert "battery" not in ids(index.search("正极材料", filters=Filters(max_price=Decimal(100))))
    assert ids(index.search("功率器件", filters=Filters(min_maturity=3)))[:1] == ["sic"]
    assert ids(index.search("功率器件", filters=Filters(kinds=frozenset({"demand"})))) == []


def test_explanation_highlights_both_texts_and_parts_sum(index):
    demand = {
        "id": "d1",
        "kind": "demand",
        "title": "需要碳化硅功率模块封装方案",
        "text": "用于电动汽车电机控制器",
        "fields": "新材料",
        "budget": "100",
        "modes": "专利许可、技术入股",
        "maturity": "中试",
    }
    match = index.search(demand, top=1)[0]
    assert match.id == "sic"
    e = match.explain
    assert sum(e.parts.values()) == pytest.approx(match.score)
    assert {"lexical", "dense", "field", "mode", "maturity", "price"} <= set(e.parts)
    assert any("碳化硅" in t for t in e.matched_terms)
    title = index.get("sic").title
    assert any("碳化硅" in title[a:b] for a, b in e.title_spans)
    query = query_text(demand)
    assert any("碳化硅" in query[a:b] for a, b in e.query_spans)
    assert "技术领域一致（新材料）" in e.agreements
    assert e.sentence.startswith("该成果与需求在“") and e.sentence.endswith(
        f"匹配可信度{e.confidence.label}。"
    )


def test_persistence_round_trip(index, tmp_path, embedder):
    index.upsert(
        {
            "id": "gan",
            "title": "氮化镓射频功放芯片",
            "text": "面向5G基站的氮化镓功率放大器。",
            "fields": ["电子信息"],
        }
    )
    index.remove("wheat")
    before = [(m.id, m.score) for m in index.search("氮化镓功率器件")]
    reopened = MatchIndex.open(tmp_path / "index", embedder=embedder)
    assert [(m.id, pytest.approx(m.score)) for m in reopened.search("氮化镓功率器件")] == before
    assert len(reopened) == len(DOCS) and "wheat" not in reopened
    assert reopened.get("gan").fields == ("电子信息",)
    compacted = reopened.compact()
    assert compacted.base_rows == len(DOCS)
    assert [m.id for m in compacted.search("氮化镓功率器件")] == [i for i, _ in before]


def test_rebuild_embeds_nothing_already_cached(tmp_path):
    first = CountingEmbedder()
    MatchIndex.build(DOCS, tmp_path / "a", embedder=first, cache_dir=tmp_path / "cache")
    assert first.embedded == len(DOCS)
    second = CountingEmbedder()
    changed = [*DOCS[:-1], {**DOCS[-1], "title": "一种新的混凝土养护方法"}]
    MatchIndex.build(changed, tmp_path / "b", embedder=second, cache_dir=tmp_path / "cache")
    assert second.embedded == 1


def test_lexical_only_index_needs_no_model(tmp_path):
    index = MatchIndex.build(DOCS, tmp_path / "lex", config=MatchConfig(dense_weight=0.0))
    top = index.search("混凝土裂缝")[0]
    assert top.id == "concrete" and set(top.parts) == {"lexical"}


def test_feedback_expansion_reaches_documents_without_query_terms(tmp_path):
    docs = [
        *DOCS,
        {"id": "sic2", "title": "碳化硅模块的银烧结互连", "text": "功率模块封装中的银烧结工艺。"},
        {"id": "sinter", "title": "银烧结互连工艺", "text": "低温银烧结连接技术。"},
    ]
    plain = MatchIndex.build(docs, tmp_path / "plain", config=MatchConfig(dense_weight=0.0))
    expanded = MatchIndex.build(docs, tmp_path / "prf", config=MatchConfig(dense_weight=0.0, prf_weight=0.5))
    assert "sinter" not in ids(plain.search("碳化硅"))
    assert "sinter" in ids(expanded.search("碳化硅"))


KNOWN_ITEM_DOCS = [
    *DOCS,
    {"id": "pose", "title": "相机位姿在线标定", "text": "由单目图像序列估计相机位姿。"},
]


def test_query_repeating_a_title_is_matched_by_that_records_text(tmp_path):
    lexical = MatchConfig(dense_weight=0.0)
    plain = MatchIndex.build(
        KNOWN_ITEM_DOCS, tmp_path / "plain", config=replace(lexical, known_item_weight=0.0)
    )
    known = MatchIndex.build(KNOWN_ITEM_DOCS, tmp_path / "known", config=lexical)
    # the record itself is excluded, as on its own page; the title comes in Traditional script
    query = "基於深度學習的視覺里程計"
    assert "pose" not in ids(plain.search(query, exclude=["vo"]))
    top = known.search(query, exclude=["vo"])[0]
    assert top.id == "pose"
    assert top.explain.sentence.startswith("查询即《基于深度学习的视觉里程计》的标题，按该条目全文匹配")
    assert "估计相机位姿" in top.explain.matched_terms


def test_query_sharing_only_part_of_a_title_is_not_expanded(tmp_path):
    index = MatchIndex.build(KNOWN_ITEM_DOCS, tmp_path / "known", config=MatchConfig(dense_weight=0.0))
    assert ids(index.search("深度学习")) == ["vo"]


def test_a_short_title_names_a_topic_not_a_record(tmp_path):
    # the record's text shares terms with "pose" alone: expanding with it would bring "pose" in
    docs = [*KNOWN_ITEM_DOCS, {"id": "graphene", "title": "石墨烯", "text": "单目图像序列估计相机位姿。"}]
    index = MatchIndex.build(docs, tmp_path / "known", config=MatchConfig(dense_weight=0.0))
    assert "pose" not in ids(index.search("石墨烯", exclude=["graphene"]))


def test_document_from_chinese_record():
    doc = Document.from_record(
        {
            "_id": 7,
            "名称": "成果",
            "技术领域": "新材料、新能源",
            "成熟度": "小批量试生产",
            "预算": "120万元",
            "合作方式": ["技术入股"],
        }
    )
    assert (doc.id, doc.title, doc.fields, doc.maturity, doc.price, doc.modes) == (
        "7",
        "成果",
        ("新材料", "新能源"),
        4,
        Decimal("120"),
        ("技术入股",),
    )
    assert Document.from_record(doc.to_record()) == doc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("石墨烯 散热 涂层", True),
        ("深度學習 視覺里程計", True),
        ("碳化硅功率器件封装技术", False),
        ("碳化硅", False),
        ("高镍三元锂离子电池正极材料的制备方法及其在新能源汽车中的应用 研究", False),
        ("碳化硅 封装\n一种高可靠性的封装工艺", False),
    ],
)
def test_keyword_list_queries_are_told_from_titles(text, expected):
    assert is_keyword_list(text) is expected


def test_keyword_list_query_is_ranked_lexically_without_embedding(index, embedder):
    top = index.search("碳化硅 封装")
    assert top[0].id == "sic" and set(top[0].parts) == {"lexical"}
    assert embedder.queries == 0
    assert "dense" in index.search("碳化硅功率器件封装技术")[0].parts
    assert embedder.queries == 1


def test_generic_listing_words_are_no_reason_for_a_match(index):
    match = index.search("碳化硅模块的技术合作", top=1)[0]
    assert match.id == "sic"
    terms = "".join(match.explain.matched_terms)
    assert "碳化硅" in terms and "技术" not in terms


def test_explanation_names_each_shared_phrase_once_and_skips_function_words(index):
    query = "碳化硅功率器件的封装工艺"
    match = index.search(query, top=1)[0]
    terms = match.explain.matched_terms
    assert terms and not any(a != b and a in b for a in terms for b in terms)
    marked = [query[a:b] for a, b in match.explain.query_spans]
    assert "碳化硅功率器件" in "".join(marked) and not any("的" in m for m in marked)
