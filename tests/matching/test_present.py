"""Marking shared terms in a text people read: escaped, windowed around the first match."""

from hardtech.matching.present import marked


def test_marks_spans_and_escapes_the_rest():
    assert marked("<b>碳化硅</b>模块", [(3, 6)]) == "&lt;b&gt;<mark>碳化硅</mark>&lt;/b&gt;模块"


def test_window_around_first_span():
    text = "甲" * 100 + "碳化硅" + "乙" * 100
    html = marked(text, [(100, 103)], width=40)
    assert html.startswith("…") and html.endswith("…") and "<mark>碳化硅</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) == 42


def test_spans_outside_the_window_are_dropped():
    html = marked("碳化硅" + "丙" * 50 + "封装", [(0, 3), (53, 55)], width=10)
    assert html == "<mark>碳化硅</mark>丙丙丙丙丙丙丙…"
