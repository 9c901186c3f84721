"""Benchmark: the vectorised engine against per-applicant evaluation of the same policy, on generated applicants.

    python -m hardtech.engines.policy.bench [--sizes 1000,10000,100000] [--policy sample] [--seed 0]
    hardtech bench policy [same options]

Prints wall time and peak memory of both evaluators per size, their ratio, whether their results agree,
and how long one applicant's full explanation takes. Targets: 100,000 applicants in ≤ 2 s, ≥ 20× faster
than per-applicant, an explanation in < 10 ms.
"""

import argparse
import gc
import statistics
import time
from collections.abc import Callable
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


def measure(fn: Callable[[], Any]) -> tuple[Any, float, float | None]:
    """Result, wall seconds, and peak memory growth in MB (Linux: resident-set high-water mark, reset first)."""
    gc.collect()
    try:
        _CLEAR_REFS.write_text("5")  # resets VmHWM to the current RSS
        before = _rss_kb("VmRSS")
    except OSError:
        before = None
    start = time.perf_counter()
    out = fn()
    wall = time.perf_counter() - start
    peak = _rss_kb("VmHWM")
    if before is None or peak is None:
        return out, wall, None
    return out, wall, max(0, peak - before) / 1024


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
    print(f"policy {policy.name}: {len(policy.paying_articles)} paying articles, generated applicants (seed {args.seed})")
    header = (f"{'applicants':>10} | {'vectorised s':>12} | {'peak MB':>7} | {'per-applicant s':>15} | "
              f"{'peak MB':>7} | {'ratio':>6} | agree")
    print(header)
    print("-" * len(header))
    sample: list[tuple[dict, int]] = []
    for n in sizes:
        profiles, years = generate(n, seed=args.seed)
        results, wall, peak = measure(lambda p=profiles, y=years: evaluate(policy, p, y))
        row = f"{n:>10,} | {wall:>12.3f} | {_mb(peak):>7}"
        if args.no_reference:
            row += f" | {'-':>15} | {'-':>7} | {'-':>6} | -"
        else:
            ref, ref_wall, ref_peak = measure(lambda p=profiles, y=years: evaluate_reference(policy, p, y))
            agree = "yes" if ref == results else "NO"
            row += f" | {ref_wall:>15.3f} | {_mb(ref_peak):>7} | {ref_wall / wall:>5.1f}× | {agree}"
        print(row, flush=True)
        sample = list(zip(profiles[:200], years[:200], strict=True))
        del profiles, results
    times = []
    for profile, year in sample:
        start = time.perf_counter()
        explain(policy, profile, year)
        times.append((time.perf_counter() - start) * 1000)
    print(f"explanation of one applicant: median {statistics.median(times):.2f} ms, "
          f"max {max(times):.2f} ms over {len(times)} applicants")
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
