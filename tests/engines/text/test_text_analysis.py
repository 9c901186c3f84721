"""Normalisation, script conversion, tokenising, keywords and highlighting."""

from hardtech.engines.text import analyze, bigrams, keywords, normalize, to_simplified, words
from hardtech.engines.text.highlight import aligned, mark, spans


def test_normalize_folds_width_case_punctuation_and_spaces():
    assert normalize("ＡＢＣ－５Ｇ，　测试（全角）。") == "abc-5g, 测试(全角)."
    assert normalize("  多个\t空白\n换行 ") == "多个 空白 换行"
    assert normalize("《标题》、“引号”") == '<标题>,"引号"'


def test_traditional_becomes_simplified_with_mainland_phrasing():
    assert to_simplified("視覺里程計") == "视觉里程计"
    assert to_simplified("軟體與記憶體") == "软件与内存"
    assert to_simplified("演算法", phrases=False) == "演算法"
    assert to_simplified("简体不变") == "简体不变"


def test_bigrams_cover_han_runs_and_keep_latin_words():
    assert bigrams(analyze("碳化硅MOS2器件")) == ["碳化", "化硅", "mos2", "器件"]
    assert bigrams("硅") == ["硅"]
    assert bigrams(analyze("5G 基站")) == ["5g", "基站"]


def test_words_use_the_domain_vocabulary():
    tokens = words(analyze("基于深度学习的碳化硅功率器件"))
    assert "碳化硅" in tokens and "深度学习" in tokens
    assert "的" in tokens and "," not in tokens


def test_keywords_prefer_specific_terms_and_skip_stopwords():
    text = "本文研究碳化硅功率器件的封装方法，碳化硅器件封装可靠性显著提高。"
    kws = keywords(text, top=3)
    assert kws[0] == "碳化硅"
    assert "本文" not in kws and "研究" not in kws
    assert keywords("軟體測試", top=2)[0] in {"軟體", "测试", "软体"}  # t2s without phrase rewriting


def test_highlight_spans_in_the_original_script():
    text = "基於深度學習的視覺里程計"
    assert aligned(text) == "基于深度学习的视觉里程计"
    found = spans(text, ["深度学习", "视觉"])
    assert found == [(2, 6), (7, 9)]
    assert mark(text, found) == "基於<mark>深度學習</mark>的<mark>視覺</mark>里程計"
    assert spans("ＡＢＣ", ["abc"]) == [(0, 3)]
