"""Keep-existing pairs stay in the assignment even when another choice scores higher, count toward loads, and must
be listed, allowed pairs."""

import pytest

from hardtech.engines.assign import Assignment, InstanceError, assign, parse_instance
from support.assign_helpers import instance

BASE = instance(
    [["A1", "E1", 0.9], ["A1", "E2", 0.2], ["A2", "E1", 0.8], ["A2", "E2", 0.7]],
    experts=[{"id": "E1", "max_load": 1}, {"id": "E2", "max_load": 1}],
)


def test_without_keep_the_optimum():
    assert assign(parse_instance(BASE)).to_json() == {"assignment": [["A1", "E1"], ["A2", "E2"]]}


def test_kept_pair_is_forced_and_uses_load():
    result = assign(parse_instance({**BASE, "keep": [["A1", "E2"]]}))
    assert isinstance(result, Assignment)
    assert result.to_json() == {"assignment": [["A1", "E2"], ["A2", "E1"]]}
    assert result.total == pytest.approx(1.0)


def test_kept_conflicted_pair_is_refused():
    data = {**BASE, "keep": [["A1", "E2"]], "declared_conflicts": [["A1", "E2"]]}
    with pytest.raises(InstanceError, match=r"保留的评审对 \[A1, E2\] 存在利益冲突"):
        assign(parse_instance(data))


def test_kept_unlisted_pair_is_refused():
    data = {**BASE, "affinity": BASE["affinity"][:3], "keep": [["A2", "E2"]]}
    with pytest.raises(InstanceError, match="不在 affinity 中"):
        assign(parse_instance(data))
