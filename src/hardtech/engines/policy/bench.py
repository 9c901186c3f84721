"""Benchmark: the vectorised engine against per-applicant evaluation of the same policy, on generated applicants.

    python -m hardtech.engines.policy.bench [--sizes 1000,10000,100000] [--policy sample] [--seed 0]
    hardtech bench policy [same options]

Prints wall time and peak memory of both evaluators per size, their ratio, whether their results agree,
and how long one applicant's full explanation takes. Targets: 100,000 applicants in ≤ 2 s, ≥ 20× faster
than per-applicant, an explanation in < 10 ms.
"""

import argparse
import gc
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .api import evaluate, evaluate_reference
from .explain import explain
from .generate import profiles as generate
from .loader import load_policy

_CLEAR_REFS = Path("/proc/self/clear_refs")
_STATUS = Path("/proc/self/status")


def _rss_kb(field: str) -> int | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


@dataclass
class Run:
    out: Any
    wall: float  # seconds
    cpu: float  # seconds of this process's CPU time (what wall time would be on an idle machine)
    peak_mb: float | None  # peak memory growth


def measure(fn: Callable[[], Any]) -> Run:
    """Run fn once; peak memory is the growth of the resident-set high-water mark (Linux; reset first)."""
    gc.collect()
    try:
        _CLEAR_REFS.write_text("5")  # resets VmHWM to the current RSS
        before = _rss_kb("VmRSS")
    except OSError:
        before = None
    start, cpu = time.perf_counter(), time.process_time()
    out = fn()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = _rss_kb("VmHWM")
    return Run(out, wall, cpu, None if before is None or peak is None else max(0, peak - before) / 1024)


def _mb(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.0f}"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="hardtech bench policy", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated numbers of applicants")
    ap.add_argument("--policy", default="sample")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-reference", action="store_true", help="skip the per-applicant evaluator")
    args = ap.parse_args(argv)
    policy = load_policy(args.policy)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(
        f"policy {policy.name}: {len(policy.paying_articles)} paying articles, generated applicants (seed {args.seed})"
    )
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall time counts other processes' "
        f"load; CPU time does not)"
    )
    header = (
        f"{'applicants':>10} | {'vectorised wall s':>17} | {'cpu s':>6} | {'peak MB':>7} | "
        f"{'per-applicant wall s':>20} | {'cpu s':>7} | {'peak MB':>7} | {'ratio wall':>10} | "
        f"{'ratio cpu':>9} | agree"
    )
    print(header)
    print("-" * len(header))
    sample: list[tuple[dict, int]] = []
    for n in sizes:
        profiles, years = generate(n, seed=args.seed)
        vec = measure(lambda p=profiles, y=years: evaluate(policy, p, y))
        row = f"{n:>10,} | {vec.wall:>17.3f} | {vec.cpu:>6.3f} | {_mb(vec.peak_mb):>7}"
        if args.no_reference:
            row += f" | {'-':>20} | {'-':>7} | {'-':>7} | {'-':>10} | {'-':>9} | -"
        else:
            ref = measure(lambda p=profiles, y=years: evaluate_reference(policy, p, y))
            agree = "yes" if ref.out == vec.out else "NO"
            row += (
                f" | {ref.wall:>20.3f} | {ref.cpu:>7.3f} | {_mb(ref.peak_mb):>7} | "
                f"{ref.wall / vec.wall:>9.1f}× | {ref.cpu / vec.cpu:>8.1f}× | {agree}"
            )
            del ref  # free the results before the next size and the explanation timing
        print(row, flush=True)
        sample = list(zip(profiles[:200], years[:200], strict=True))
        del profiles, vec
    gc.collect()
    times = []
    for profile, year in sample:
        start = time.perf_counter()
        explain(policy, profile, year)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(
        f"explanation of one applicant: median {statistics.median(times):.2f} ms, "
        f"95th percentile {times[int(len(times) * 0.95)]:.2f} ms, max {times[-1]:.2f} ms "
        f"over {len(times)} applicants"
    )
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
