"""`hardtech bench deals [--deals 10000] [--baseline 100] [--runs 15]`: server time of the deal pages with many
deals, in a throwaway database.

The benchmark creates a fresh database beside the configured one (Django's test database: `test_<name>` on
PostgreSQL, a temporary file on SQLite — so `DATABASE_URL` chooses the engine, as for `hardtech bench pages`),
generates deals with a realistic stage mix (older deals further along, a quarter ended, stage visits, checklists,
team grants, registered contracts with their numbers, landings and feedback), and times the board, the list, the
performance pages, a deal page and the deal list behind a figure, as the operator and as a manager, first with
`--baseline` deals and then with `--deals` in the same run. Requests go through Django's test client
in-process (views, queries, templates; no network), one warm-up then `--runs` timed requests per page; the SQL
queries of one request are counted. The database is dropped at the end.
"""

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from hardtech.core.bench_pages import percentile

PIPELINE_DAYS = {  # mean stay in each stage, in days
    "introduced": 20,
    "negotiating": 45,
    "signed": 25,
    "registered": 20,
    "implementing": 120,
    "landed": 60,
}
END_CHANCE = {  # chance a deal ends (终止) in each stage instead of moving on
    "introduced": 0.22,
    "negotiating": 0.25,
    "signed": 0.04,
    "registered": 0.02,
    "implementing": 0.08,
    "landed": 0.0,
}
MANAGERS = 12
YEARS = 3


def _world(rng: random.Random) -> dict:
    """The operator, the managers, the enterprises (buyers) and universities (sellers) of the deals."""
    from hardtech.accounts.models import Role, User
    from hardtech.catalogue.models import Organisation
    from hardtech.deals.models import TeamRole

    operator = User.objects.create(username="bench-operator", role=Role.OPERATOR, display_name="管委会")
    managers = [
        User.objects.create(
            username=f"bench-manager-{i}", role=Role.MANAGER, display_name=f"技术经理人{i:02d}"
        )
        for i in range(1, MANAGERS + 1)
    ]
    buyers = [
        Organisation.objects.create(name=f"测试企业{i:03d}有限公司", kind="enterprise", province="陕西省")
        for i in range(80)
    ]
    sellers = [
        Organisation.objects.create(name=f"测试大学{i:02d}", kind="university", province="陕西省")
        for i in range(20)
    ]
    role, _ = TeamRole.objects.get_or_create(code="ip", defaults={"label": "知识产权"})
    return {"operator": operator, "managers": managers, "buyers": buyers, "sellers": sellers, "role": role}


def generate(n: int, world: dict, rng: random.Random, start: int = 0) -> None:
    """`n` deals over the last YEARS years, walked through the pipeline until today, with everything the pages
    read, in bulk."""
    from hardtech.accounts.models import Grant
    from hardtech.deals.checklists import items_for
    from hardtech.deals.choices import PIPELINE, ContractStatus, Landing, Stage
    from hardtech.deals.models import ChecklistItem, Contract, Deal, DealMember, Feedback, StageVisit
    from hardtech.deals.permissions import DEAL_LEAD, DEAL_SPECIALIST

    now = timezone.now()
    managers, buyers, sellers = world["managers"], world["buyers"], world["sellers"]
    plans = []
    for i in range(start, start + n):
        opened = now - timedelta(seconds=rng.uniform(0, YEARS * 365 * 86400))
        visits, at, stage = [], opened, Stage.INTRODUCED
        while True:
            if stage == Stage.CLOSED:
                visits.append((stage, at, None))
                break
            stay = timedelta(days=rng.expovariate(1 / PIPELINE_DAYS[stage]) + 1)
            if at + stay > now:
                visits.append((stage, at, None))
                break
            visits.append((stage, at, at + stay))
            at += stay
            if rng.random() < END_CHANCE[stage]:
                visits.append((Stage.ENDED, at, at))
                stage = Stage.ENDED
                break
            stage = PIPELINE[PIPELINE.index(stage) + 1]
        lead = rng.choice(managers)
        plans.append((i, opened, lead, visits, visits[-1][0]))

    deals = Deal.objects.bulk_create(
        Deal(
            code=f"JY{opened:%Y}{i + 1:06d}",
            title=f"技术转移项目{i:05d}",
            summary="高功率半导体激光器封装工艺的许可与产业化。",
            stage=final,
            source="match",
            lead=lead,
            amount=Decimal(rng.randrange(10, 2000)),
            stage_entered_at=visits[-1][1],
            opened_at=opened,
            closed_at=visits[-1][1] if final in (Stage.CLOSED, Stage.ENDED) else None,
            end_reason="price" if final == Stage.ENDED else "",
            landing=(
                (Landing.COMPANY if rng.random() < 0.7 else Landing.PRODUCTION)
                if any(v[0] == Stage.LANDED for v in visits)
                else ""
            ),
            created_by=lead,
        )
        for i, opened, lead, visits, final in plans
    )
    deal_type = ContentType.objects.get_for_model(Deal)
    through_b, through_s = Deal.buyers.through, Deal.sellers.through
    through_b.objects.bulk_create(
        through_b(deal_id=d.pk, organisation_id=rng.choice(buyers).pk) for d in deals
    )
    through_s.objects.bulk_create(
        through_s(deal_id=d.pk, organisation_id=rng.choice(sellers).pk) for d in deals
    )
    members, grants = [], []
    for d in deals:
        grants.append(Grant(user=d.lead, role=DEAL_LEAD, content_type=deal_type, object_id=d.pk))
        if rng.random() < 0.3:
            other = rng.choice([m for m in managers if m.pk != d.lead_id])
            members.append(DealMember(deal=d, user=other, role=world["role"]))
            grants.append(Grant(user=other, role=DEAL_SPECIALIST, content_type=deal_type, object_id=d.pk))
    DealMember.objects.bulk_create(members)
    Grant.objects.bulk_create(grants)
    StageVisit.objects.bulk_create(
        StageVisit(deal=d, stage=s, entered_at=entered, left_at=left, moved_by=d.lead)
        for d, (_, _, _, visits, _) in zip(deals, plans, strict=True)
        for s, entered, left in visits
    )
    items, contracts, feedback = [], [], []
    for d, (i, _, _, visits, final) in zip(deals, plans, strict=True):
        for s, entered, _left in visits:
            for item in items_for(s):
                done = s != final or rng.random() < 0.5
                items.append(
                    ChecklistItem(
                        deal=d,
                        stage=s,
                        code=item.code,
                        label=item.label,
                        required=item.required,
                        due_on=(entered + timedelta(days=item.days)).date(),
                        done_at=entered + timedelta(days=1) if done else None,
                    )
                )
        registered = next((v[1] for v in visits if v[0] == Stage.REGISTERED), None)
        if registered is not None:
            total = Decimal(rng.randrange(5_00, 500_00)) / 100
            contracts.append(
                Contract(
                    deal=d,
                    project_name=d.title,
                    contract_type=rng.choice(["license_patent", "consulting", "development_commissioned"]),
                    buyer_name="买方",
                    buyer_kind="enterprise",
                    buyer_region="610131",
                    seller_name="卖方",
                    seller_kind="university",
                    seller_region="610113",
                    signed_on=registered.date(),
                    valid_from=registered.date(),
                    valid_to=(registered + timedelta(days=365)).date(),
                    total_amount=total,
                    technology_amount=(total * Decimal("0.8")).quantize(Decimal("0.01")),
                    payment_method="lump_sum",
                    ip_type="invention_patent",
                    tech_field="electronic_information",
                    status=ContractStatus.REGISTERED,
                    registration_no=f"{registered:%Y}610131{i:06d}",
                    registered_at=registered,
                )
            )
        if final == Stage.CLOSED:
            for side in ("buyer", "seller"):
                if rng.random() < 0.6:
                    feedback.append(Feedback(deal=d, side=side, rating=rng.choice([3, 4, 4, 5, 5])))
    ChecklistItem.objects.bulk_create(items, batch_size=2000)
    Contract.objects.bulk_create(contracts, batch_size=2000)
    Feedback.objects.bulk_create(feedback)


def _url(name: str, *args, query: str = "") -> str | None:
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return None


def _pages(world: dict) -> list[tuple[str, str, object, str]]:
    """(page, role, user, url) for the pages that exist."""
    from hardtech.deals.choices import Stage
    from hardtech.deals.models import Deal

    manager, operator = world["managers"][0], world["operator"]
    if "deal" not in world:  # the same deal page at both sizes
        world["deal"] = (
            Deal.objects.filter(lead=manager, stage=Stage.IMPLEMENTING).first()
            or Deal.objects.filter(lead=manager).first()
        )
    deal = world["deal"]
    year = timezone.localdate().year
    behind = f"?basis=opened&lead={manager.pk}&start={year}-01-01&end={year}-12-31"
    pages = [
        ("board", "deals:board", (), ""),
        ("list", "deals:list", (), ""),
        ("list, one manager's, this year", "deals:list", (), f"?lead={manager.pk}&opened_from={year}-01-01"),
        ("performance ranking", "deals:performance", (), ""),
        ("performance ranking, team scope", "deals:performance", (), "?scope=team"),
        ("performance, one manager", "deals:performance_mine", (), ""),
        ("deals behind a figure", "deals:performance_deals", (), behind),
        ("deal page", "deals:detail", (deal.pk,), ""),
    ]
    out = []
    for page, name, args, query in pages:
        url = _url(name, *args, query=query)
        if url is None:
            continue
        roles = [("operator", operator), ("manager", manager)]
        if name == "deals:performance":
            roles = roles[:1]
        elif name == "deals:performance_mine":
            roles = roles[1:]
        out.extend((page, role, user, url) for role, user in roles)
    return out


def time_page(client: Client, url: str, runs: int) -> tuple[float, float, float, int]:
    """bench_pages.time_page, with this process's CPU time beside the wall time: on SQLite the queries run
    in-process too, so CPU ms is what wall ms would be on an idle machine (the 2 cores here are shared)."""
    status = client.get(url).status_code  # warm caches once
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(url)
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return statistics.median(walls), percentile(walls, 0.95), statistics.median(cpus), status


def _measure(world: dict, runs: int) -> dict[tuple[str, str], tuple[float, float, float, int, int]]:
    results = {}
    clients = {}
    for page, role, user, url in _pages(world):
        if role not in clients:
            clients[role] = Client()
            clients[role].force_login(user)
        client = clients[role]
        median, p95, cpu, status = time_page(client, url, runs)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results[(page, role)] = (median, p95, cpu, len(queries), status)
    return results


def machine_line() -> str:
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    return (
        f"machine: {platform.machine()} {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
        f"Python {platform.python_version()}; {connection.vendor} {version}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="hardtech bench deals", description=__doc__)
    parser.add_argument("--deals", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=100)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    setup_test_environment()
    tmp = None
    if connection.vendor == "sqlite":
        tmp = tempfile.TemporaryDirectory(prefix="hardtech-bench-deals-")
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(tmp.name) / "bench.sqlite3")
    started = time.perf_counter()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(f"throwaway database ready in {time.perf_counter() - started:.1f} s")
        rng = random.Random(args.seed)
        with transaction.atomic():
            world = _world(rng)
            generate(args.baseline, world, rng)
        base = _measure(world, args.runs)
        started = time.perf_counter()
        with transaction.atomic():
            generate(args.deals - args.baseline, world, rng, start=args.baseline)
        print(f"generated {args.deals - args.baseline:,} more deals in {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        full = _measure(world, args.runs)
        _report(args, base, full)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if tmp is not None:
            tmp.cleanup()
    return 0


def _report(args, base: dict, full: dict) -> None:
    from hardtech.deals.models import Contract, Deal, StageVisit

    print(
        f"database: {connection.vendor}; {Deal.objects.count():,} deals, {StageVisit.objects.count():,} stage "
        f"visits, {Contract.objects.count():,} registered contracts, {MANAGERS} managers; baseline "
        f"{args.baseline:,} deals; {args.runs} runs per page after one warm-up"
    )
    print(machine_line())
    cpu_note = "process CPU ms" if connection.vendor == "sqlite" else "CPU ms (Django only, not the server)"
    print(
        f"| page | role | median ms | p95 ms | {cpu_note} | queries | median ms at {args.baseline:,} | "
        f"queries at {args.baseline:,} | ratio |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for (page, role), (median, p95, cpu, queries, status) in full.items():
        b_median, _, _, b_queries, _ = base[(page, role)]
        flag = "" if status == 200 else f" (HTTP {status})"
        print(
            f"| {page}{flag} | {role} | {median:.1f} | {p95:.1f} | {cpu:.1f} | {queries} | {b_median:.1f} | "
            f"{b_queries} | {median / b_median:.1f}× |"
        )
