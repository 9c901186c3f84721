"""match-batch: TREC output of the engine function the management command wraps."""

import json

from hardtech.engines.match.batch import rank_to_trec
from support.match_helpers import DOCS


def test_rank_to_trec_writes_trec_lines(tmp_path):
    catalogue = tmp_path / "catalogue.jsonl"
    catalogue.write_text(
        "\n".join(
            json.dumps({"_id": d["id"], "title": d["title"], "text": d["text"]}, ensure_ascii=False)
            for d in DOCS
        ),
        encoding="utf-8",
    )
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        json.dumps({"_id": "q1", "text": "碳化硅封装"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"_id": "q2", "text": "碳化硅封装", "exclude": ["sic"]}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "run.trec"
    assert rank_to_trec(catalogue, queries, out, top=3, cache_dir=tmp_path / "cache") == 2
    lines = [line.split() for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(len(p) == 6 and p[1] == "Q0" and p[5] == "hardtech" for p in lines)
    q1 = [p for p in lines if p[0] == "q1"]
    assert q1[0][2] == "sic" and [p[3] for p in q1] == ["1", "2", "3"][: len(q1)]
    assert [float(p[4]) for p in q1] == sorted((float(p[4]) for p in q1), reverse=True)
    assert "sic" not in [p[2] for p in lines if p[0] == "q2"]
