"""A judging instance (../shared/judging/FORMAT.md) read, checked and turned into index arrays."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InstanceError

SCALE = (1, 10)  # FORMAT.md: integer scores 1–10


@dataclass(frozen=True)
class Instance:
    entries: list[str]
    tracks: list[str]  # per entry
    judges: list[str]
    criteria: list[str]
    weights: np.ndarray  # per criterion, summing to 1
    awards: int
    # one row per score: indexes into judges / entries / criteria, and the score
    judge: np.ndarray
    entry: np.ndarray
    criterion: np.ndarray
    score: np.ndarray
    # one row per pairwise comparison: judge, winner, loser
    pair_judge: np.ndarray
    pair_winner: np.ndarray
    pair_loser: np.ndarray


def load(path: str | Path) -> Instance:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InstanceError(f"{path}：不是合法的 JSON（第 {e.lineno} 行：{e.msg}）") from None
    return parse(data)


def _ids(rows: Any, what: str) -> dict[str, int]:
    if not isinstance(rows, list) or not rows:
        raise InstanceError(f"实例缺少{what}（应为非空列表）")
    index: dict[str, int] = {}
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not row["id"]:
            raise InstanceError(f"{what}第 {n} 项缺少 id")
        if row["id"] in index:
            raise InstanceError(f"{what} id 重复：{row['id']}")
        index[row["id"]] = len(index)
    return index


def _lookup(index: dict[str, int], key: Any, what: str, where: str) -> int:
    if key not in index:
        raise InstanceError(f"{where}：未知的{what} {key!r}")
    return index[key]


def parse(data: Any) -> Instance:
    if not isinstance(data, dict):
        raise InstanceError("实例应为 JSON 对象")
    entries = _ids(data.get("entries"), "参赛项目")
    judges = _ids(data.get("judges"), "评委")
    criteria = _ids(data.get("criteria"), "评分指标")
    raw_weights = [c.get("weight") for c in data["criteria"]]
    if not all(isinstance(w, int | float) and not isinstance(w, bool) for w in raw_weights):
        raise InstanceError("每个评分指标都应有数值权重 weight")
    weights = np.array(raw_weights, dtype=float)
    if not np.all(np.isfinite(weights)) or np.any(weights < 0) or weights.sum() <= 0:
        raise InstanceError("评分指标的权重应为非负数且不全为零")
    awards = data.get("awards", 0)
    if not isinstance(awards, int) or isinstance(awards, bool) or not 0 <= awards <= len(entries):
        raise InstanceError(f"获奖名额 awards 应为 0 到 {len(entries)} 之间的整数")
    scores = data.get("scores")
    if not isinstance(scores, list) or not scores:
        raise InstanceError("实例没有任何评分（scores 为空）")
    rows, seen = [], set()
    lo, hi = SCALE
    for n, row in enumerate(scores, start=1):
        where = f"评分第 {n} 行"
        if not isinstance(row, list) or len(row) != 4:
            raise InstanceError(f"{where}：应为 [评委, 项目, 指标, 分数]")
        j = _lookup(judges, row[0], "评委", where)
        e = _lookup(entries, row[1], "参赛项目", where)
        c = _lookup(criteria, row[2], "评分指标", where)
        s = row[3]
        if isinstance(s, bool) or not isinstance(s, int | float) or not lo <= s <= hi or s != int(s):
            raise InstanceError(
                f"{where}：分数 {s!r} 不是 {lo}–{hi} 分制内的整数（评委 {row[0]}，项目 {row[1]}）"
            )
        if (j, e, c) in seen:
            raise InstanceError(f"{where}：评委 {row[0]} 对项目 {row[1]} 的指标 {row[2]} 重复评分")
        seen.add((j, e, c))
        rows.append((j, e, c, int(s)))
    pairs = []
    for n, row in enumerate(data.get("pairwise") or [], start=1):
        where = f"两两比较第 {n} 行"
        if not isinstance(row, list) or len(row) != 4:
            raise InstanceError(f"{where}：应为 [评委, 项目甲, 项目乙, 胜者]")
        j = _lookup(judges, row[0], "评委", where)
        a = _lookup(entries, row[1], "参赛项目", where)
        b = _lookup(entries, row[2], "参赛项目", where)
        if a == b or row[3] not in (row[1], row[2]):
            raise InstanceError(f"{where}：胜者 {row[3]!r} 应是被比较的两个不同项目之一")
        pairs.append((j, a, b) if row[3] == row[1] else (j, b, a))
    r = np.array(rows, dtype=np.int64)
    p = np.array(pairs, dtype=np.int64).reshape(-1, 3)
    return Instance(
        entries=list(entries),
        tracks=[str(e.get("track", "")) for e in data["entries"]],
        judges=list(judges),
        criteria=list(criteria),
        weights=weights / weights.sum(),
        awards=awards,
        judge=r[:, 0],
        entry=r[:, 1],
        criterion=r[:, 2],
        score=r[:, 3].astype(float),
        pair_judge=p[:, 0],
        pair_winner=p[:, 1],
        pair_loser=p[:, 2],
    )
