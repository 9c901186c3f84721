"""`hardtech assign --instance FILE --out FILE [options]`: the optimal expert assignment (FORMAT.md).

Exit status: 0 with {"assignment": [[application, expert], …]} written; 3 when the instance is infeasible, with
{"infeasible": true, "uncovered": [...], "reason": "..."} written; 2 when the instance cannot be read.
The Django management command only calls `main`; everything here is plain Python.
"""

import argparse
import json
import sys

from .errors import InstanceError
from .model import parse_instance
from .result import Infeasible
from .solve import Options, assign

INFEASIBLE = 3


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="hardtech assign", description="评审专家分配（最大匹配度，回避利益冲突）"
    )
    ap.add_argument("--instance", required=True, help="instance JSON (FORMAT.md); - for stdin")
    ap.add_argument("--out", default="-", help="answer JSON; - for stdout")
    ap.add_argument("--min-load", type=int, default=0, help="every expert reviews at least this many")
    ap.add_argument(
        "--pair-cap",
        type=float,
        help="randomised assignment: no pair chosen with probability above this (0–1]",
    )
    ap.add_argument("--seed", type=int, default=0, help="seed of the randomised assignment")
    ap.add_argument(
        "--fairness-loss",
        type=float,
        help="raise the weakest application's total affinity (max-min, with an upper bound in the notes), "
        "giving up at most this share of the optimum",
    )
    return ap


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        options = Options(args.min_load, args.pair_cap, args.seed, args.fairness_loss)
        _check(options)
        if args.instance == "-":
            data = json.load(sys.stdin)
        else:
            with open(args.instance, encoding="utf-8") as f:
                data = json.load(f)
        result = assign(parse_instance(data), options)
    except json.JSONDecodeError as e:
        print(f"错误：实例不是合法的 JSON（第 {e.lineno} 行）：{e.msg}", file=sys.stderr)
        return 2
    except (InstanceError, OSError) as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    text = json.dumps(result.to_json(), ensure_ascii=False)
    if args.out == "-":
        print(text)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    if isinstance(result, Infeasible):
        print(result.reason, file=sys.stderr)
        return INFEASIBLE
    for note in result.notes:  # what the randomised or fairness option did, for the operator
        print(note, file=sys.stderr)
    return 0


def _check(options: Options) -> None:
    if options.min_load < 0:
        raise InstanceError(f"--min-load 不能为负数：{options.min_load}")
    if options.pair_cap is not None and not 0 < options.pair_cap <= 1:
        raise InstanceError(f"--pair-cap 应在 (0, 1] 内：{options.pair_cap}")
    if options.fairness_loss is not None and not 0 <= options.fairness_loss < 1:
        raise InstanceError(f"--fairness-loss 应在 [0, 1) 内：{options.fairness_loss}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
