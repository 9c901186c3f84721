"""Feedback on matches: stored per user, exported for people (JSONL, Excel) and for the engine's benchmark.

The benchmark export is a directory in the layout of shared/bench, so the bench can read it as one more task:
    catalogue.jsonl              every published target record: {"_id", "kind", "title", "text", ...}
    match-feedback/queries.jsonl {"_id", "text", "source"}: one query per source record, its query text
    match-feedback/qrels.tsv     header "query_id<TAB>doc_id<TAB>score", then one row per judged pair
Ids are "<kind>:<pk>" (achievements:12) so the three kinds share one catalogue. The grade is 1 when the
latest verdict of the majority of users is 相关, else 0; a pair judged both ways keeps the majority (ties: 0).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from django.core.exceptions import ValidationError
from openpyxl import Workbook

from hardtech.accounts.models import User
from hardtech.catalogue.validators import reject_control_characters
from hardtech.engines.match import query_text
from hardtech.matching.models import FeedbackReason, MatchFeedback
from hardtech.matching.records import MODELS, indexable_documents, to_document
from hardtech.spreadsheets.cells import append_row

TASK = "match-feedback"
COLUMNS = [
    ("id", "编号"),
    ("created_at", "反馈时间"),
    ("user", "用户"),
    ("source_kind", "来源类型"),
    ("source_id", "来源编号"),
    ("source_title", "来源名称"),
    ("target_kind", "匹配对象类型"),
    ("target_id", "匹配对象编号"),
    ("target_title", "匹配对象名称"),
    ("relevant", "相关"),
    ("reason", "原因"),
    ("note", "说明"),
    ("score", "匹配度"),
    ("rank", "名次"),
]


def record_feedback(
    user: User,
    *,
    source_kind: str,
    source_id: int,
    target_kind: str,
    target_id: int,
    relevant: bool,
    reason: str = "",
    note: str = "",
    score: float | None = None,
    rank: int | None = None,
) -> MatchFeedback:
    """Store one verdict; a 不相关 without a reason counts as 其他 (the form may be sent without choosing)."""
    if not MODELS[target_kind].objects.filter(pk=target_id).exists():
        raise ValidationError(f"匹配对象不存在：{target_kind} {target_id}")
    reject_control_characters(note)
    if relevant:
        reason = ""
    elif not reason:
        reason = FeedbackReason.OTHER
    return MatchFeedback.objects.create(
        user=user,
        source_kind=source_kind,
        source_id=source_id,
        target_kind=target_kind,
        target_id=target_id,
        relevant=relevant,
        reason=reason,
        note=note.strip()[:500],
        score=score,
        rank=rank,
    )


def _titles(rows: list[MatchFeedback]) -> dict[tuple[str, int], str]:
    wanted: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        wanted[row.source_kind].add(row.source_id)
        wanted[row.target_kind].add(row.target_id)
    titles = {}
    for kind, ids in wanted.items():
        name = "name" if kind == "experts" else "title"
        for pk, title in MODELS[kind].objects.filter(pk__in=ids).values_list("pk", name):
            titles[(kind, pk)] = title
    return titles


def feedback_rows() -> list[dict]:
    rows = list(MatchFeedback.objects.select_related("user").order_by("id"))
    titles = _titles(rows)
    reasons = dict(FeedbackReason.choices)
    return [
        {
            "id": r.pk,
            "created_at": r.created_at.isoformat(),
            "user": r.user.username,
            "source_kind": r.source_kind,
            "source_id": r.source_id,
            "source_title": titles.get((r.source_kind, r.source_id), ""),
            "target_kind": r.target_kind,
            "target_id": r.target_id,
            "target_title": titles.get((r.target_kind, r.target_id), ""),
            "relevant": r.relevant,
            "reason": str(reasons.get(r.reason, r.reason)),
            "note": r.note,
            "score": r.score,
            "rank": r.rank,
        }
        for r in rows
    ]


def export_jsonl(path: Path) -> int:
    rows = feedback_rows()
    # A lone surrogate in a stored title has no UTF-8 form: written as its JSON escape instead of failing.
    with open(path, "w", encoding="utf-8", errors="backslashreplace") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def export_xlsx(path: Path) -> int:
    rows = feedback_rows()
    book = Workbook()
    sheet = book.active
    sheet.title = "匹配反馈"
    append_row(sheet, [label for _, label in COLUMNS])
    for row in rows:
        # Titles and notes are users' text: written as text cells that cannot run as formulas.
        append_row(sheet, [_cell(row, key) for key, _ in COLUMNS])
    book.save(path)
    return len(rows)


def _cell(row: dict, key: str):
    if key == "relevant":
        return "相关" if row["relevant"] else "不相关"
    return row[key]


def judgements() -> dict[tuple[str, int], dict[tuple[str, int], int]]:
    """source → target → grade: each user's latest verdict on a pair, then the majority of users."""
    latest: dict[tuple, bool] = {}
    for r in MatchFeedback.objects.order_by("created_at", "id"):
        latest[(r.source_kind, r.source_id, r.target_kind, r.target_id, r.user_id)] = r.relevant
    votes: dict[tuple, Counter] = defaultdict(Counter)
    for (sk, sid, tk, tid, _), relevant in latest.items():
        votes[(sk, sid, tk, tid)][relevant] += 1
    out: dict[tuple[str, int], dict[tuple[str, int], int]] = defaultdict(dict)
    for (sk, sid, tk, tid), count in votes.items():
        out[(sk, sid)][(tk, tid)] = int(count[True] > count[False])
    return out


def export_bench(directory: Path) -> int:
    """Write the benchmark task directory (see the module docstring); returns the number of queries."""
    judged = judgements()
    task = directory / TASK
    task.mkdir(parents=True, exist_ok=True)
    with open(directory / "catalogue.jsonl", "w", encoding="utf-8") as f:
        for kind in {tk for targets in judged.values() for tk, _ in targets}:
            for doc in indexable_documents(kind):
                record = {**doc.to_record(), "_id": f"{kind}:{doc.id}"}
                record.pop("id")
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    written = 0
    with (
        open(task / "queries.jsonl", "w", encoding="utf-8") as queries,
        open(task / "qrels.tsv", "w", encoding="utf-8") as qrels,
    ):
        qrels.write("query_id\tdoc_id\tscore\n")
        for (kind, pk), targets in sorted(judged.items()):
            source = MODELS[kind].objects.filter(pk=pk).first()
            if source is None:  # deleted since: its query text is gone
                continue
            qid = f"{kind}:{pk}"
            # a record never matches itself (the bench honours "exclude" as the engine's search does)
            queries.write(
                json.dumps(
                    {"_id": qid, "text": query_text(to_document(source)), "exclude": [qid]},
                    ensure_ascii=False,
                )
                + "\n"
            )
            for (tk, tid), grade in sorted(targets.items()):
                qrels.write(f"{qid}\t{tk}:{tid}\t{grade}\n")
            written += 1
    return written
