"""`hardtech rank-entries --instance FILE --out FILE`: FORMAT.md's answer (every entry once, best first) plus the
estimates, the judges' parameters and the flagged scores; the same input gives the same file."""

import json

import pytest

from hardtech.engines.judging.generate import Spec, competition
from hardtech.review.management.commands.rank_entries import Command


def run(instance: str, out) -> dict:
    with pytest.raises(SystemExit) as done:
        Command().run_from_argv(["hardtech", "rank_entries", "--instance", instance, "--out", str(out)])
    assert done.value.code == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_answer_format(write_instance, tmp_path):
    data, _ = competition(Spec(entries=60, judges=15, per_entry=4, awards=5, seed=2))
    path = write_instance(data)
    answer = run(path, tmp_path / "a.json")
    ids = [e["id"] for e in data["entries"]]
    assert sorted(answer["ranking"]) == sorted(ids) and len(answer["ranking"]) == len(ids)
    assert [e["id"] for e in answer["entries"]] == answer["ranking"]
    quality = [e["quality"] for e in answer["entries"]]
    assert quality == sorted(quality, reverse=True)
    assert all(e["se"] > 0 for e in answer["entries"])
    assert {j["id"] for j in answer["judges"]} == {j["id"] for j in data["judges"]}
    assert all({"leniency", "scale", "consistency", "erratic"} <= j.keys() for j in answer["judges"])
    assert all(abs(o["z"]) >= 3 for o in answer["outliers"])
    run(path, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
