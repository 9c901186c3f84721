"""`hardtech schedule-meetings --instance FILE --out FILE [--detail]`: the meeting schedule (FORMAT.md).

Writes {"meetings": [[a, b, slot], …]} exactly as ../shared/meetings/FORMAT.md says (with --detail also the
tables, the weight, the bound and every unplaced request with its reason) and prints a summary to stderr.
Exit status 0, or 2 when the instance cannot be read (the message names the field). The Django management
command only calls `main`; everything here is plain Python.

Re-planning on the day: `--previous ANSWER.json --changes CHANGES.json` (the previous answer, plain or
--detail, whose tables are then kept; CHANGES: {"now": slot, "cancelled": [[a, b], …], "absent": [p, …],
"late": {p: slot}, "fill": true}) writes the new schedule with --detail's fields plus "moved", "dropped",
"added" and "cancelled"; its "meetings" stay in FORMAT.md's form.
"""

import argparse
import json
import os
import sys
from pathlib import Path

from .errors import InstanceError
from .model import parse_instance
from .reschedule import Changes, reschedule
from .solve import Options, schedule


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="hardtech schedule-meetings", description="对接会 1:1 洽谈排程（最大总权重）"
    )
    ap.add_argument("--instance", required=True, help="instance JSON (FORMAT.md); - for stdin")
    ap.add_argument("--out", default="-", help="answer JSON; - for stdout")
    ap.add_argument(
        "--detail", action="store_true", help="also write tables, weight, bound and unplaced requests"
    )
    ap.add_argument("--previous", help="re-plan: the previous answer JSON (with --changes)")
    ap.add_argument("--changes", help="re-plan: what changed, JSON (now, cancelled, absent, late, fill)")
    ap.add_argument(
        "--time-limit",
        type=float,
        help=f"seconds of search (default: what is left of {TOTAL_BUDGET:g} s since the process started, "
        f"at least {MIN_SEARCH:g} s)",
    )
    return ap


# The search ends this long after the process started (start-up included); the answer follows about 1 s later.
TOTAL_BUDGET = 6.5
MIN_SEARCH = 2.0


def since_start() -> float:
    """Seconds since this process started (Linux /proc; 0 when unknown): the console's start-up (Django, its
    apps) can take seconds on a loaded machine, and the search budget gives that time back."""
    try:
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        stat = Path("/proc/self/stat").read_text()
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        if args.time_limit is not None and args.time_limit <= 0:
            raise InstanceError(f"--time-limit 应为正数：{args.time_limit}")
        if args.instance == "-":
            data = json.load(sys.stdin)
        else:
            with open(args.instance, encoding="utf-8") as f:
                data = json.load(f)
        instance = parse_instance(data)
        if (args.previous is None) != (args.changes is None):
            raise InstanceError("重新排程需要同时给出 --previous 与 --changes")
        if args.previous is not None:
            return _replan(instance, args)
        limit = args.time_limit or max(MIN_SEARCH, min(Options.time_limit, TOTAL_BUDGET - since_start()))
        plan = schedule(instance, Options(time_limit=limit))
    except json.JSONDecodeError as e:
        print(f"错误：实例不是合法的 JSON（第 {e.lineno} 行）：{e.msg}", file=sys.stderr)
        return 2
    except (InstanceError, OSError) as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    _write(args.out, plan.to_json(detail=args.detail))
    n = len(plan.instance.requests)
    bound = f"，上界 {plan.bound:.4f}" if plan.bound is not None else ""
    print(f"排入 {len(plan.meetings)}/{n} 个请求，总权重 {plan.total:.4f}{bound}", file=sys.stderr)
    without = plan.participants_without_meetings()
    if without:
        print(f"没有排到洽谈的参会方（{len(without)}）：{'、'.join(map(str, without[:20]))}", file=sys.stderr)
    return 0


def _write(out: str, answer: dict) -> None:
    text = json.dumps(answer, ensure_ascii=False)
    if out == "-":
        print(text)
    else:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text + "\n")


def _replan(instance, args) -> int:
    """Raises InstanceError / OSError / JSONDecodeError like `main`'s reading does."""
    with open(args.previous, encoding="utf-8") as f:
        previous = json.load(f)
    with open(args.changes, encoding="utf-8") as f:
        changes = json.load(f)
    if not isinstance(previous, dict) or not isinstance(previous.get("meetings"), list):
        raise InstanceError('--previous 应为排程答案：{"meetings": [[a, b, 时段], …]}')
    rows = previous.get("tables") if isinstance(previous.get("tables"), list) else previous["meetings"]
    if not isinstance(changes, dict):
        raise InstanceError("--changes 应为 JSON 对象")
    unknown = set(changes) - {"now", "cancelled", "absent", "late", "fill"}
    if unknown:
        raise InstanceError(f"--changes 中有未知的字段：{'、'.join(sorted(unknown))}")
    cancelled = changes.get("cancelled", [])
    if not isinstance(cancelled, list) or not all(isinstance(c, list) and len(c) == 2 for c in cancelled):
        raise InstanceError("changes.cancelled 应为 [a, b] 对的列表")
    late = changes.get("late", {})
    absent = changes.get("absent", [])
    if not isinstance(late, dict) or not isinstance(absent, list):
        raise InstanceError("changes.late 应为 {参会方: 时段}，changes.absent 应为参会方列表")
    replan = reschedule(
        instance,
        rows,
        Changes(
            now=changes.get("now"),
            cancelled=[tuple(c) for c in cancelled],
            absent=absent,
            late=late,
            fill=bool(changes.get("fill", True)),
        ),
    )
    _write(args.out, replan.to_json())
    print(
        f"移动 {len(replan.moved)} 场，取消 {len(replan.cancelled)} 场，无法保留 {len(replan.dropped)} 场，"
        f"新增 {len(replan.added)} 场；总权重 {replan.plan.total:.4f}",
        file=sys.stderr,
    )
    for a, b, slot, reason in replan.dropped:
        print(f"无法保留：{a} 与 {b}（原 {slot}）：{reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
