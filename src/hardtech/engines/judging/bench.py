"""Benchmark: the calibrated ranking against the raw mean and the per-judge z-score, in the same run.

    python -m hardtech.engines.judging.bench [--synthetic 12] [--seed 0]
    hardtech bench judging [same options]

For each shared instance (../shared/judging, with its *.truth.json) and each generated one: Spearman's rho
against the true order and the share of the true award winners found (as check.py measures them), and the
engine's time. Targets: mean rho ≥ 0.988, mean winners share ≥ 0.88, above both plain rankings everywhere.
With --oracle, also the ceiling of oracle.py (judges' parameters fitted to the truth) on the same instances.
"""

import argparse
import json
import os
import time
from collections.abc import Iterator

import numpy as np

from hardtech.paths import shared_dir

from .baselines import raw_mean, z_mean
from .generate import Spec, competition
from .instance import Instance, load, parse
from .measures import coverage, order, spearman, winners_share
from .oracle import oracle
from .pairwise import PairOptions, refine
from .rank import rank

METHODS = ("engine", "raw mean", "z-score")
SHAPES = (  # the shared instances' shapes: entries, judges, judges per entry, awards
    (120, 25, 7, 10),
    (200, 40, 5, 15),
    (300, 60, 5, 20),
)


def shared_instances() -> Iterator[tuple[str, Instance, dict[str, float]]]:
    shared = shared_dir()
    folder = shared / "judging" if shared else None
    if folder is None or not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        truth = path.with_name(path.stem + ".truth.json")
        if not path.name.endswith(".truth.json") and truth.exists():
            yield path.stem, load(path), json.loads(truth.read_text(encoding="utf-8"))["truth"]


def synthetic_instances(count: int, seed: int) -> Iterator[tuple[str, Instance, dict[str, float]]]:
    for k in range(count):
        n_e, n_j, per, awards = SHAPES[k % len(SHAPES)]
        spec = Spec(entries=n_e, judges=n_j, per_entry=per, awards=awards, seed=seed + k)
        data, truth = competition(spec)
        yield f"synthetic-{n_e}e-{n_j}j-k{per}-s{seed + k}", parse(data), truth


def evaluate(
    inst: Instance, truth: dict[str, float], with_oracle: bool = False
) -> tuple[dict[str, tuple[float, ...]], float]:
    """Per method (rho, winners share), the engine's standard-error coverage (±1, ±2 SE; before and after the
    bootstrap's calibration), and the engine's seconds; with_oracle: also oracle.py's (rho, winners share)."""
    start = time.perf_counter()
    result = rank(inst)
    seconds = time.perf_counter() - start
    engine, r = result.ranking, result.refined
    rankings = {
        "engine": engine,
        "raw mean": order(inst.entries, raw_mean(inst)),
        "z-score": order(inst.entries, z_mean(inst)),
    }
    measured: dict[str, tuple[float, ...]] = {
        m: (spearman(o, truth), winners_share(o, truth, inst.awards)) for m, o in rankings.items()
    }
    # before: the analytic errors, which the finals had to take 2× wider
    f = result.fit
    before = refine(inst, f.quality, f.quality_se, f.scale / f.sigma, PairOptions(prior_inflation=2.0))
    measured["coverage"] = coverage(inst.entries, before.quality, before.quality_se, truth) + coverage(
        inst.entries, r.quality, r.quality_se, truth
    )
    if with_oracle:
        best = order(inst.entries, oracle(inst, truth))
        measured["oracle"] = (spearman(best, truth), winners_share(best, truth, inst.awards))
    return measured, seconds


def oracle_table(rows: list[tuple[str, dict[str, tuple[float, ...]], float]]) -> list[str]:
    """The engine against the ceiling of oracle.py, per instance and mean/worst."""
    lines = [
        "| instance | engine ρ | oracle ρ | engine winners | oracle winners |",
        "|---|---:|---:|---:|---:|",
    ]
    summary = [("**mean**", np.mean), ("**worst**", np.min)] if rows else []
    for name, pick in [(n, None) for n, _, _ in rows] + summary:
        if pick is None:
            m = next(m for n, m, _ in rows if n == name)
            e, o = m["engine"], m["oracle"]
        else:
            e = pick([m["engine"] for _, m, _ in rows], axis=0)
            o = pick([m["oracle"] for _, m, _ in rows], axis=0)
        lines.append(f"| {name} | {e[0]:.4f} | {o[0]:.4f} | {e[1]:.3f} | {o[1]:.3f} |")
    return lines


def _coverage(c: tuple[float, ...]) -> str:
    return f"{c[0]:.2f}/{c[1]:.2f} → {c[2]:.2f}/{c[3]:.2f}"


def table(rows: list[tuple[str, dict[str, tuple[float, ...]], float]]) -> list[str]:
    lines = [
        "| instance | engine ρ | raw ρ | z ρ | engine winners | raw winners | z winners "
        "| within ±1/±2 SE, before → after calibration | engine s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, m, seconds in rows:
        rho = " | ".join(f"{m[k][0]:.4f}" for k in METHODS)
        won = " | ".join(f"{m[k][1]:.3f}" for k in METHODS)
        lines.append(f"| {name} | {rho} | {won} | {_coverage(m['coverage'])} | {seconds:.3f} |")
    if rows:
        for label, pick, slowest in (("mean", np.mean, np.mean), ("worst", np.min, np.max)):
            agg = {k: pick([m[k] for _, m, _ in rows], axis=0) for k in (*METHODS, "coverage")}
            lines.append(
                f"| **{label}** ({len(rows)}) | "
                + " | ".join(f"{agg[k][0]:.4f}" for k in METHODS)
                + " | "
                + " | ".join(f"{agg[k][1]:.3f}" for k in METHODS)
                + f" | {_coverage(tuple(agg['coverage']))}"
                + f" | {slowest([s for *_, s in rows]):.3f} |"
            )
        rho_above = sum(all(m["engine"][0] > m[k][0] for k in METHODS[1:]) for _, m, _ in rows)
        won_level = sum(all(m["engine"][1] >= m[k][1] for k in METHODS[1:]) for _, m, _ in rows)
        lines.append(
            f"\nengine ρ above both plain rankings on {rho_above} of {len(rows)} instances; "
            f"its winners share at least both of theirs on {won_level}"
        )
    return lines


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="hardtech bench judging", description=__doc__.split("\n")[0])
    ap.add_argument("--synthetic", type=int, default=12, help="how many generated instances")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--oracle", action="store_true", help="also the ceiling with judges' parameters from the truth"
    )
    args = ap.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    shared = [(n, *evaluate(i, t, args.oracle)) for n, i, t in shared_instances()]
    if shared:
        print("\nShared instances (../shared/judging):\n")
        print("\n".join(table(shared)))
        if args.oracle:
            print("\n" + "\n".join(oracle_table(shared)))
    else:
        print("\n../shared/judging not found: generated instances only")
    generated = [
        (n, *evaluate(i, t, args.oracle)) for n, i, t in synthetic_instances(args.synthetic, args.seed)
    ]
    if generated:
        print(f"\nGenerated instances (seed {args.seed}):\n")
        print("\n".join(table(generated)))
        if args.oracle:
            print("\n" + "\n".join(oracle_table(generated)))
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
