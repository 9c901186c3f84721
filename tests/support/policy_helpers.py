"""Shared helpers for the policy engine tests (imported by the test modules next to it)."""

import json
from pathlib import Path

from hardtech.paths import shared_dir

BASE = """
name: tiny
title: 小政策
period: {effective: 2024-01-01, first_year: 2024, last_year: 2026}
kinds: {enterprise: 企业, investor: 投资机构}
fields:
  kind: {type: text, label: 主体类型}
  in_zone: {type: bool, label: 注册地在本区}
  rd: {type: money, by_year: true, label: 研发费用}
records:
  events:
    label: 事项
    fields:
      type: {type: text, label: 事项类型, values: {lab: 实验室, prize: 奖项}}
      date: {type: date, label: 发生日期}
parameters:
  rate:
    label: 补助比例
    unit: rate
    values:
      - {value: 5%}
      - {from: 2025-01-01, value: 6%}
annual_cap: {amount: 100, exempt: ["3.1"]}
articles:
  - number: 1
    title: 适用主体
    text: 注册地在本区。
    eligibility: true
    conditions: [in_zone]
  - number: 2
    title: 研发
    text: 按研发费用的比例补助，最高 50 万元。
    kinds: [enterprise]
    matter: rd
    conditions:
      - rd[Y-1] >= 100
    items:
      - id: 1
        label: 补助
        amount: rd[Y-1] * rate
        cap: 50
  - number: 3
    title: 实验室
    text: 实验室 80 万元，奖项 10 万元，同一事项组。
    items:
      - {id: 1, label: 实验室, records: events, where: [type == 'lab', year(date) == Y - 1], amount: 80}
      - {id: 2, label: 奖项, records: events, where: [type == 'prize', year(date) == Y - 1], amount: 10}
    groups: [[1, 2]]
"""


def write_policy(tmp_path: Path, text: str = BASE, name: str = "tiny.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def policy_examples() -> Path | None:
    """/work/shared/policy/examples.jsonl (found through hardtech.paths.shared_dir), when present."""
    shared = shared_dir()
    path = shared / "policy" / "examples.jsonl" if shared else None
    return path if path and path.is_file() else None


def read_cases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
