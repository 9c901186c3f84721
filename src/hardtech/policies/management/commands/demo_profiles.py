"""`hardtech demo-profiles`: 一企一档 profiles for the sample zone's applicants (run `hardtech demo` first)."""

from django.core.management.base import BaseCommand

from hardtech.policies.sample import load_sample_profiles


class Command(BaseCommand):
    help = "为示例园区的企业、高校院所和投资机构生成企业档案（可重复运行）"

    def handle(self, *args, **options):
        report = load_sample_profiles()
        self.stdout.write(
            f"示例企业档案：{report.profiles} 份（新建 {report.created}，更新 {report.changed}）"
        )
