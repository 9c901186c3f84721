"""`hardtech schedule-meetings --instance FILE --out FILE [--detail]`: the meeting schedule (FORMAT.md).

Writes {"meetings": [[a, b, slot], …]} exactly as ../shared/meetings/FORMAT.md says (with --detail also the
tables, the weight, the bound and every unplaced request with its reason) and prints a summary to stderr.
Exit status 0, or 2 when the instance cannot be read (the message names the field). The Django management
command only calls `main`; everything here is plain Python.
"""

import argparse
import json
import sys

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
    ap.add_argument("--time-limit", type=float, default=Options.time_limit, help="seconds of local search")
    return ap


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        if args.time_limit <= 0:
            raise InstanceError(f"--time-limit 应为正数：{args.time_limit}")
        if args.instance == "-":
            data = json.load(sys.stdin)
        else:
            with open(args.instance, encoding="utf-8") as f:
                data = json.load(f)
        plan = schedule(parse_instance(data), Options(time_limit=args.time_limit))
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
