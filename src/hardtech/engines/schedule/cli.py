"""`hardtech schedule-meetings --instance FILE --out FILE [--detail]`: the meeting schedule (FORMAT.md).

Writes {"meetings": [[a, b, slot], …]} exactly as ../shared/meetings/FORMAT.md says (with --detail also the
tables, the weight, the bound and every unplaced request with its reason) and prints a summary to stderr.
Exit status 0, or 2 when the instance cannot be read (the message names the field). The Django management
command only calls `main`; everything here is plain Python.
"""

import argparse
import json
import os
import sys
from pathlib import Path

from .errors import InstanceError
from .model import parse_instance
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
    ap.add_argument(
        "--time-limit",
        type=float,
        help=f"seconds of search (default: what is left of {TOTAL_BUDGET:g} s since the process started, "
        f"at least {MIN_SEARCH:g} s)",
    )
    return ap


TOTAL_BUDGET = (
    6.5  # the search ends this long after the process started (start-up included); answer ≈ 1 s later
)
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
        limit = args.time_limit or max(MIN_SEARCH, min(Options.time_limit, TOTAL_BUDGET - since_start()))
        plan = schedule(instance, Options(time_limit=limit))
    except json.JSONDecodeError as e:
        print(f"错误：实例不是合法的 JSON（第 {e.lineno} 行）：{e.msg}", file=sys.stderr)
        return 2
    except (InstanceError, OSError) as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    text = json.dumps(plan.to_json(detail=args.detail), ensure_ascii=False)
    if args.out == "-":
        print(text)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    n = len(plan.instance.requests)
    bound = f"，上界 {plan.bound:.4f}" if plan.bound is not None else ""
    print(f"排入 {len(plan.meetings)}/{n} 个请求，总权重 {plan.total:.4f}{bound}", file=sys.stderr)
    without = plan.participants_without_meetings()
    if without:
        print(f"没有排到洽谈的参会方（{len(without)}）：{'、'.join(map(str, without[:20]))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
