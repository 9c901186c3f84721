"""`hardtech bench pages`: server time of the library, search and detail pages on the current database.

Load a realistic catalogue first (`hardtech import-public` gives ~13,500 achievements). Requests go through
Django's test client in-process, so the figures are server time (views, queries, templates) without the network.
"""

import argparse
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment

from hardtech.catalogue.models import Achievement, Demand, Expert

PAGES = [
    ("home", "/"),
    ("achievements: list", "/achievements/"),
    ("achievements: page 200", "/achievements/?page=200"),
    ("achievements: search (Simplified)", "/achievements/?q=激光"),
    ("achievements: search (Traditional)", "/achievements/?q=雷射+感測器"),
    ("achievements: search + filter", "/achievements/?q=算法&field=electronic_information"),
    ("achievements: search, no hit", "/achievements/?q=不存在的词语组合"),
    ("demands: list", "/demands/"),
    ("experts: list", "/experts/"),
    ("organisations: list", "/organisations/"),
    ("api: achievements search", "/api/achievements?q=激光&limit=20"),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_page(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    status = client.get(url).status_code  # warm caches once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), percentile(times, 0.95), status


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="hardtech bench pages", description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    setup_test_environment()
    client = Client()
    detail = Achievement.objects.published().order_by("pk").first()
    pages = [*PAGES, *([("achievement detail", f"/achievements/{detail.pk}/")] if detail else [])]
    print(
        f"database: {connection.vendor}; published achievements {Achievement.objects.published().count():,}, "
        f"demands {Demand.objects.count():,}, experts {Expert.objects.count():,}; {args.runs} runs per page"
    )
    print("| page | status | median ms | p95 ms |\n|---|---|---|---|")
    for name, url in pages:
        median, p95, status = time_page(client, url, args.runs)
        print(f"| {name} | {status} | {median:.1f} | {p95:.1f} |")
    return 0
