"""hardtech demo: load (or refresh) the sample zone and print the demo logins."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from hardtech.audit.context import acting_as
from hardtech.deals.demo import load_deals
from hardtech.demo import SAMPLE_NOTICE
from hardtech.demo.loader import DEMO_PASSWORD, load_demo
from hardtech.events.demo import load_events
from hardtech.grants.demo import load_grants
from hardtech.matching.services import rebuild
from hardtech.policies.sample import load_sample_profiles


class Command(BaseCommand):
    help = "载入示例园区（机构、科技成果、技术需求、专家与各角色演示账号）；重复运行只更新，不重复创建。"

    def handle(self, *args, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        with acting_as(None, "cli"):
            report = load_demo()
            load_sample_profiles()
            load_deals()  # deals in every stage; their registered contracts go into the profiles
            load_events()  # a past event with outcomes and deals, one open for booking; after the deals' managers
            load_grants()  # last year's call paid, this year's open; after the profiles and the deals' contracts
        self.stdout.write(f"示例园区已载入（{time.perf_counter() - started:.1f} 秒）：")
        self.stdout.write("，".join(f"{name} {count}" for name, count in report.counts.items()))
        if report.reused:
            self.stdout.write(f"已存在、沿用未改的机构：{'、'.join(report.reused)}")
        counts = rebuild()
        self.stdout.write("匹配索引已建立：" + "，".join(f"{k} {n}" for k, n in counts.items()))
        self.stdout.write(self.style.WARNING(SAMPLE_NOTICE))
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, role, organisation in report.logins:
            self.stdout.write(f"  {username:<18} {role:<12} {organisation}")
        self.stdout.write("\n启动平台：hardtech start，然后打开 http://127.0.0.1:8000/")
