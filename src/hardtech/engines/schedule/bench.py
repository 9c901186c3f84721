"""Benchmark: the engine against the exact integer program (HiGHS through scipy.optimize.milp) and the greedy
pass (requests by weight, each in its first free slot), in one run.

    python -m hardtech.engines.schedule.bench [--sizes 300x1500x12x60,1500x10000x16x250] [--seed 0]
    hardtech bench meetings [same options]

First the shared instances (../shared/meetings, when present), then generated ones (generate.py:
PARTICIPANTSxREQUESTSxSLOTSxTABLES). Per instance: time to read it; the engine's wall time (everything:
bound, placement, local search, tables, reasons) and weight; its flow bound; the MILP's time, weight and
whether it proved optimality; the engine's and greedy's share of the MILP optimum (of the shared file's optimum
when given); check.py's rules on the engine's answer (violations, tables included). Targets: ≥ 99.9% of the
optimum on every instance, ≤ 10 s for 1,500 participants × 10,000 requests × 16 slots × 250 tables.
"""

import argparse
import json
import os
import sys

from hardtech.engines.policy.bench import measure
from hardtech.paths import shared_dir

from . import generate
from .milp import solve_milp
from .model import Instance, parse_instance
from .solve import greedy, schedule
from .verify import check

DEFAULT_SIZES = "300x1500x12x60,600x3000x12x100,1000x6000x16x160,1500x10000x16x250"


def _row(
    name: str, inst: Instance, read_s: float, given: float | None, milp_limit: float, no_milp: bool
) -> dict:
    run = measure(lambda: schedule(inst))
    plan = run.out
    tables = plan.to_json(detail=True)["tables"]
    c = check(inst, plan.triples(), tables)
    g = measure(lambda: greedy(inst))
    row = {
        "name": name,
        "size": f"{len(inst.participants)}×{len(inst.requests)}×{inst.n_slots}×{inst.tables}",
        "read": read_s,
        "engine_s": run.wall,
        "engine": plan.total,
        "bound": plan.bound,
        "greedy_s": g.wall,
        "greedy": g.out.total,
        "violations": len(c.violations),
        "milp_s": None,
        "milp": None,
        "proven": None,
        "reference": given,
    }
    if not no_milp:
        ex = measure(lambda: solve_milp(inst, time_limit=milp_limit))
        row.update(milp_s=ex.wall, milp=ex.out.objective, proven=ex.out.optimal)
        if given is None:
            row["reference"] = ex.out.objective
    return row


def _print(row: dict) -> None:
    ref = row["reference"]

    def share(x: float | None) -> str:
        return f"{100 * x / ref:8.3f}%" if ref and x is not None else "        —"

    milp = "—" if row["milp"] is None else f"{row['milp']:.3f}{'' if row['proven'] else ' (not proven)'}"
    milp_s = "—" if row["milp_s"] is None else f"{row['milp_s']:.1f}"
    bound = "—" if row["bound"] is None else f"{row['bound']:.3f}"
    print(
        f"{row['name']:<32} | {row['size']:>20} | {row['read']:6.2f} | {row['engine_s']:8.2f} | "
        f"{row['engine']:10.3f} | {bound:>10} | {milp_s:>6} | {milp:>10} | {share(row['engine'])} | "
        f"{row['greedy_s']:8.2f} | {share(row['greedy'])} | {row['violations']}"
    )


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="hardtech bench meetings", description=__doc__.split("\n")[0])
    ap.add_argument(
        "--sizes", default=DEFAULT_SIZES, help="comma-separated PARTICIPANTSxREQUESTSxSLOTSxTABLES"
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-milp", action="store_true", help="skip the integer program")
    ap.add_argument("--no-shared", action="store_true", help="skip the shared instances")
    ap.add_argument("--milp-time-limit", type=float, default=900, help="seconds per MILP")
    args = ap.parse_args(argv)
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; generated instances seed {args.seed}"
    )
    print(
        f"{'instance':<32} | {'P×R×S×T':>20} | {'read s':>6} | {'engine s':>8} | {'engine':>10} | "
        f"{'flow bound':>10} | {'MILP s':>6} | {'MILP':>10} | {'engine/opt':>9} | {'greedy s':>8} | "
        f"{'greedy/opt':>9} | violations"
    )
    shared = shared_dir()
    folder = shared / "meetings" if shared and not args.no_shared else None
    if folder and folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            if path.name.endswith(".optimum.json"):
                continue
            opt_path = path.with_name(path.stem + ".optimum.json")
            given = (
                json.loads(opt_path.read_text(encoding="utf-8"))["best_known"] if opt_path.exists() else None
            )
            data = json.loads(path.read_text(encoding="utf-8"))
            read = measure(lambda data=data: parse_instance(data))
            _print(_row(path.stem, read.out, read.wall, given, args.milp_time_limit, args.no_milp))
    else:
        print(
            "shared instances: skipped"
            if args.no_shared
            else "shared instances: ../shared/meetings not found, skipped"
        )
    for spec in (s for s in args.sizes.split(",") if s.strip()):
        n, m, slots, tables = (int(x) for x in spec.lower().split("x"))
        data = generate.instance(n, m, slots, tables, args.seed)
        read = measure(lambda data=data: parse_instance(data))
        name = f"generated {spec} s{args.seed}"
        _print(_row(name, read.out, read.wall, None, args.milp_time_limit, args.no_milp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
