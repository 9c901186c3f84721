"""Benchmark: the min-cost-flow engine against a linear-programming baseline (HiGHS through scipy) in one run.

    python -m hardtech.engines.assign.bench [--sizes 1000x600,3000x1800] [--candidates 50] [--k 3] [--seed 0]
    hardtech bench assign [same options]

First the shared instances (../shared/assign, when present): the share of their given optimum, checked with
check.py's rules. Then generated instances (applications × experts, `--candidates` candidate experts each):
time to read the instance (checks, indexing); wall time and peak memory of the engine (from the read instance:
conflicts, network, solve, answer) and of the LP on the same allowed pairs; the engine's share of the LP
optimum; conflicts and load violations in its answer. Then the randomised mode (`--pair-cap q`) on the same
instances: time of one sample (capped fractional flow and dependent rounding), its expected total against the
deterministic optimum, the largest pair probability of the fractional solution (must be ≤ q), and the sample's
conflicts and load violations. Last the fairness option (`--fairness-loss ε`) on the shared and generated
instances: the weakest application's total before and after, the bound it is measured against, the loss.
The constraint matrix is totally unimodular, so the LP optimum is the integer optimum. Target: 10,000 × 6,000
in ≤ 10 s at ≥ 99.99% of the optimum, zero conflicts and load violations.
"""

import argparse
import json
import os
import sys

import numpy as np

from hardtech.engines.policy.bench import measure
from hardtech.paths import shared_dir

from . import generate
from .conflicts import allowed_mask
from .model import Instance, parse_instance
from .network import build
from .randomized import fractional
from .result import Assignment
from .solve import Options, assign
from .verify import check


def lp_optimum(instance: Instance) -> float | None:
    """Maximum total affinity of the LP relaxation (HiGHS), on the allowed pairs; None when infeasible."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_array

    mask = allowed_mask(instance)
    apps, experts, score = instance.pair_app[mask], instance.pair_expert[mask], instance.pair_score[mask]
    n, m, p = len(instance.applications), len(instance.experts), len(score)
    columns = np.arange(p)
    a_eq = csr_array((np.ones(p), (apps, columns)), shape=(n, p))
    a_ub = csr_array((np.ones(p), (experts, columns)), shape=(m, p))
    res = linprog(
        -score,
        A_ub=a_ub,
        b_ub=[x.max_load for x in instance.experts],
        A_eq=a_eq,
        b_eq=np.full(n, instance.k),
        bounds=(0, 1),
        method="highs",
    )
    return -res.fun if res.status == 0 else None


def randomized_row(inst: Instance, optimum: float, pair_cap: float, seed: int) -> dict:
    """One sample of the randomised mode, timed, and its fractional solution (solved again, untimed): the
    expected total, its share of the deterministic optimum, the largest pair probability; None cells when the
    cap leaves no cover."""
    run = measure(lambda: assign(inst, Options(pair_cap=pair_cap, seed=seed)))
    net = build(inst)
    found = fractional(net, pair_cap)
    row = {"wall": run.wall, "expected": None, "share": None, "max_probability": None, "check": None}
    if isinstance(run.out, Assignment) and found is not None:
        units, scale = found
        expected = float((units * net.pair_score).sum() / scale) + net.kept_score
        row.update(
            expected=expected,
            share=expected / optimum,
            max_probability=float(units.max(initial=0) / scale),
            check=check(inst, run.out.pairs),
        )
    return row


def _shared_rows() -> list[tuple[str, Instance, Assignment]]:
    """Prints the shared instances' rows; returns the solved ones for the fairness rows."""
    shared = shared_dir()
    folder = shared / "assign" if shared else None
    if not folder or not folder.is_dir():
        print("shared instances: ../shared/assign not found, skipped")
        return []
    solved = []
    print(
        f"{'shared instance':<32} | {'time s':>6} | {'total':>10} | {'optimum':>10} | {'share':>9} | violations"
    )
    for path in sorted(folder.glob("*.json")):
        if path.name.endswith(".optimum.json"):
            continue
        optimum = json.loads(path.with_name(path.stem + ".optimum.json").read_text(encoding="utf-8"))
        inst = parse_instance(json.loads(path.read_text(encoding="utf-8")))
        run = measure(lambda inst=inst: assign(inst))
        if not isinstance(run.out, Assignment):
            verdict = "infeasible (as given)" if not optimum["feasible"] else "INFEASIBLE — WRONG"
            print(f"{path.stem:<32} | {run.wall:6.2f} | {'—':>10} | {'—':>10} | {'—':>9} | {verdict}")
            continue
        c = check(inst, run.out.pairs)
        share = 100 * c.total / optimum["optimum"]
        print(
            f"{path.stem:<32} | {run.wall:6.2f} | {c.total:10.4f} | {optimum['optimum']:10.4f} | "
            f"{share:8.4f}% | {len(c.violations)}"
        )
        solved.append((path.stem, inst, run.out))
    return solved


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="hardtech bench assign", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000x600,3000x1800", help="comma-separated APPLICATIONSxEXPERTS")
    ap.add_argument("--candidates", type=int, default=50, help="candidate experts per application")
    ap.add_argument("--k", type=int, default=3, help="reviewers per application")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-lp", action="store_true", help="skip the LP baseline")
    ap.add_argument("--pair-cap", type=float, default=0.5, help="q of the randomised rows")
    ap.add_argument("--fairness-loss", type=float, default=0.01, help="ε of the fairness rows")
    args = ap.parse_args(argv)
    sizes = [tuple(int(x) for x in s.lower().split("x")) for s in args.sizes.split(",") if s.strip()]
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; K = {args.k}, "
        f"{args.candidates} candidates per application, seed {args.seed}"
    )
    fairness = _shared_rows()
    print(
        f"{'apps × experts':>15} | {'pairs':>7} | {'read s':>6} | {'flow s':>6} | {'flow MB':>7} | {'LP s':>6} | {'LP MB':>6} | "
        f"{'share of LP':>11} | conflicts | load violations"
    )
    solved: list[tuple[int, int, Instance, Assignment]] = []
    for n, m in sizes:
        data = generate.instance(n, m, args.candidates, args.k, args.seed)
        read = measure(lambda data=data: parse_instance(data))
        inst = read.out
        run = measure(lambda inst=inst: assign(inst))
        if not isinstance(run.out, Assignment):
            print(f"{n:>7} × {m:<5} | infeasible: {run.out.reason[:80]}")
            continue
        solved.append((n, m, inst, run.out))
        c = check(inst, run.out.pairs)
        lp_cell, lp_mb, share = "—", "—", "—"
        if not args.no_lp:
            lp = measure(lambda inst=inst: lp_optimum(inst))
            lp_cell, lp_mb = f"{lp.wall:6.1f}", f"{lp.peak_mb or 0:6.0f}"
            share = f"{100 * c.total / lp.out:10.5f}%" if lp.out else "LP infeas."
        print(
            f"{n:>7} × {m:<5} | {inst.pairs:>7} | {read.wall:6.2f} | {run.wall:6.2f} | {run.peak_mb or 0:7.0f} | {lp_cell:>6} | "
            f"{lp_mb:>6} | {share:>11} | {c.conflicts:>9} | {c.load_violations:>15}"
        )
    _randomized_rows(solved, args.pair_cap, args.seed)
    fairness += [(f"{n} × {m}", inst, best) for n, m, inst, best in solved]
    _fairness_rows(fairness, args.fairness_loss)
    return 0


def _fairness_rows(solved: list[tuple[str, Instance, Assignment]], loss: float) -> None:
    print(
        f"fairness, ε = {loss}: {'instance':>26} | {'time s':>6} | weakest before → after | {'bound':>7} | "
        f"{'loss of total':>13} | violations"
    )
    for name, inst, best in solved:
        run = measure(lambda inst=inst: assign(inst, Options(fairness_loss=loss)))
        fair = run.out
        lost = 100 * (best.total - fair.total) / best.total
        print(
            f"{'':>20}{name:>26} | {run.wall:6.2f} | {min(best.per_application()):7.4f} → "
            f"{min(fair.per_application()):7.4f}   | {fair.floor_bound:7.4f} | {lost:12.4f}% | "
            f"{len(check(inst, fair.pairs).violations)}"
        )


def _randomized_rows(solved: list[tuple[int, int, Instance, Assignment]], pair_cap: float, seed: int) -> None:
    print(
        f"randomised, q = {pair_cap}: {'apps × experts':>15} | {'sample s':>8} | {'expected':>10} | "
        f"{'optimum':>10} | {'expected/opt':>12} | max pair prob | conflicts | load violations"
    )
    for n, m, inst, best in solved:
        optimum = best.total
        row = randomized_row(inst, optimum, pair_cap, seed)
        if row["check"] is None:
            print(f"{'':>20}{n:>7} × {m:<5} | {row['wall']:8.2f} | cap leaves no cover")
            continue
        c = row["check"]
        within = "≤ q" if row["max_probability"] <= pair_cap + 1e-12 else "> q — WRONG"
        print(
            f"{'':>20}{n:>7} × {m:<5} | {row['wall']:8.2f} | {row['expected']:10.4f} | {optimum:10.4f} | "
            f"{100 * row['share']:11.4f}% | {row['max_probability']:.3f} ({within}) | {c.conflicts:>9} | "
            f"{c.load_violations:>15}"
        )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
