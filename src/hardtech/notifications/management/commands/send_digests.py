"""hardtech send-digests: the daily digest e-mail (run once a day, e.g. from cron or a systemd timer)."""

from django.core.management.base import BaseCommand, CommandError

from hardtech.audit.context import acting_as
from hardtech.notifications.services import send_digests


class Command(BaseCommand):
    help = "发送每日摘要邮件：每位选择“每日摘要”的用户一封，含其尚未汇总的通知；发送后标记，重复运行不重发。"

    def handle(self, *args, **options) -> None:
        with acting_as(None, "cli"):
            report = send_digests()
        self.stdout.write(f"已发送 {report.emails} 封摘要邮件，共 {report.notifications} 条通知")
        if report.failed:
            # A non-zero exit, so that cron or the timer reports it.
            raise CommandError(f"{report.failed} 封发送失败（见日志），这些通知下次运行时重发")
