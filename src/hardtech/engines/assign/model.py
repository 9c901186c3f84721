"""An assignment instance (FORMAT.md), read and checked once, held as index arrays for the solvers.

Applications and experts keep the instance's order; every pair refers to them by position. The optional fields
beyond FORMAT.md: an expert's `min_load`, and `keep` — existing pairs that must stay in the assignment.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import InstanceError

Key = str | int  # ids, orgs and people: strings in FORMAT.md; integers are read too and written back as given


@dataclass(frozen=True)
class Application:
    id: Key
    org: Key | None
    team: frozenset[Key]


@dataclass(frozen=True)
class Expert:
    id: Key
    person: Key | None
    org: Key | None
    max_load: int
    min_load: int = 0
    collaborators: frozenset[Key] = frozenset()


@dataclass
class Instance:
    k: int  # reviewers per application
    applications: list[Application]
    experts: list[Expert]
    pair_app: np.ndarray  # int32, one entry per affinity pair
    pair_expert: np.ndarray  # int32
    pair_score: np.ndarray  # float64 in [0, 1]
    declared: set[tuple[int, int]] = field(default_factory=set)  # (application, expert) positions
    keep: list[tuple[int, int]] = field(default_factory=list)

    @property
    def pairs(self) -> int:
        return len(self.pair_score)

    def ids(self, pairs: Iterable[tuple[int, int]]) -> list[list[Key]]:
        return [[self.applications[a].id, self.experts[e].id] for a, e in pairs]


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{where} 应为整数，实际为 {value!r}")
    return value


def _is_key(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _id(value: Any, where: str) -> Key:
    if not _is_key(value) or value == "":
        raise InstanceError(f"{where} 应为非空字符串，实际为 {value!r}")
    return value


def _text(value: Any, where: str) -> Key | None:
    """An optional org or person: null and "" both mean none."""
    return None if value is None or value == "" else _id(value, where)


def _names(value: Any, where: str) -> frozenset[Key]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(_is_key(v) for v in value):
        raise InstanceError(f"{where} 应为字符串列表")
    return frozenset(value)


def _records(data: Mapping[str, Any], key: str, label: str) -> list[Mapping[str, Any]]:
    rows = data.get(key)
    if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
        raise InstanceError(f"缺少 {key}（{label}列表）或其格式不对")
    return rows


def _index(items: list[Any], label: str) -> dict[Key, int]:
    index: dict[Key, int] = {}
    for n, item in enumerate(items):
        if item.id in index:
            raise InstanceError(f"{label}编号 {item.id} 重复出现")
        index[item.id] = n
    return index


def _pair_list(
    data: Mapping[str, Any], key: str, apps: dict[Key, int], experts: dict[Key, int]
) -> list[tuple[int, int]]:
    rows = data.get(key) or []
    if not isinstance(rows, list):
        raise InstanceError(f"{key} 应为 [申报项目, 专家] 对的列表")
    out = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != 2:
            raise InstanceError(f"{key} 第 {n} 项应为 [申报项目, 专家]，实际为 {row!r}")
        out.append(_lookup(row[0], row[1], f"{key} 第 {n} 项", apps, experts))
    return out


def _lookup(
    app: Any, expert: Any, where: str, apps: dict[Key, int], experts: dict[Key, int]
) -> tuple[int, int]:
    if not _is_key(app) or app not in apps:
        raise InstanceError(f"{where}：未知的申报项目 {app!r}")
    if not _is_key(expert) or expert not in experts:
        raise InstanceError(f"{where}：未知的专家 {expert!r}")
    return apps[app], experts[expert]


def parse_instance(data: Any) -> Instance:
    """Check and index an instance read from JSON; raise InstanceError naming the first problem found."""
    if not isinstance(data, Mapping):
        raise InstanceError("实例应为 JSON 对象")
    k = _int(data.get("reviewers_per_application"), "reviewers_per_application（每个申报项目的评审专家数）")
    if k < 1:
        raise InstanceError(f"reviewers_per_application（每个申报项目的评审专家数）至少为 1，实际为 {k}")
    applications = [
        Application(
            id=_id(r.get("id"), f"applications 第 {n} 项的 id"),
            org=_text(r.get("org"), f"申报项目 {r.get('id')} 的 org"),
            team=_names(r.get("team"), f"申报项目 {r.get('id')} 的 team"),
        )
        for n, r in enumerate(_records(data, "applications", "申报项目"), start=1)
    ]
    experts = [_expert(r, n) for n, r in enumerate(_records(data, "experts", "专家"), start=1)]
    apps, exps = _index(applications, "申报项目"), _index(experts, "专家")
    rows = data.get("affinity")
    if not isinstance(rows, list):
        raise InstanceError("缺少 affinity（[申报项目, 专家, 匹配度] 列表）")
    pair_app = np.empty(len(rows), dtype=np.int32)
    pair_expert = np.empty(len(rows), dtype=np.int32)
    pair_score = np.empty(len(rows), dtype=np.float64)
    for n, row in enumerate(rows):
        where = f"affinity 第 {n + 1} 项"
        if not isinstance(row, list) or len(row) != 3:
            raise InstanceError(f"{where}应为 [申报项目, 专家, 匹配度]，实际为 {row!r}")
        a, e = _lookup(row[0], row[1], where, apps, exps)
        score = row[2]
        if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
            raise InstanceError(f"{where}：匹配度应为 0 到 1 之间的数，实际为 {score!r}")
        pair_app[n], pair_expert[n], pair_score[n] = a, e, score
    keys = pair_app.astype(np.int64) * max(len(experts), 1) + pair_expert
    unique, counts = np.unique(keys, return_counts=True)
    if (counts > 1).any():
        a, e = divmod(int(unique[counts > 1][0]), len(experts))
        raise InstanceError(f"affinity 中 [{applications[a].id}, {experts[e].id}] 出现不止一次")
    return Instance(
        k=k,
        applications=applications,
        experts=experts,
        pair_app=pair_app,
        pair_expert=pair_expert,
        pair_score=pair_score,
        declared=set(_pair_list(data, "declared_conflicts", apps, exps)),
        keep=sorted(set(_pair_list(data, "keep", apps, exps))),
    )


def _expert(r: Mapping[str, Any], n: int) -> Expert:
    eid = _id(r.get("id"), f"experts 第 {n} 项的 id")
    max_load = _int(r.get("max_load"), f"专家 {eid} 的 max_load（最大评审数）")
    min_load = _int(r.get("min_load", 0), f"专家 {eid} 的 min_load（最小评审数）")
    if max_load < 0 or min_load < 0:
        raise InstanceError(
            f"专家 {eid} 的评审数上下限不能为负数（max_load {max_load}，min_load {min_load}）"
        )
    if min_load > max_load:
        raise InstanceError(f"专家 {eid} 的 min_load {min_load} 大于 max_load {max_load}")
    return Expert(
        id=eid,
        person=_text(r.get("person"), f"专家 {eid} 的 person"),
        org=_text(r.get("org"), f"专家 {eid} 的 org"),
        max_load=max_load,
        min_load=min_load,
        collaborators=_names(r.get("collaborators"), f"专家 {eid} 的 collaborators"),
    )
