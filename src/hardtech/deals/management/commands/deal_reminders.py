"""hardtech deal_reminders [--date YYYY-MM-DD]: remind each open deal's team of the checklist items of its current
stage that fall due within DEAL_REMINDER_DAYS or are overdue (站内信, and e-mail as each member chose); an item
is reminded of once a day, so the command may run more than once. Run daily, e.g. from cron or a systemd timer."""

from argparse import ArgumentTypeError
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from hardtech.audit.context import acting_as
from hardtech.deals.services import send_reminders


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"日期“{value}”无效，应为 YYYY-MM-DD，如 2026-12-01") from None


class Command(BaseCommand):
    help = (
        "提醒技术转移项目团队：当前阶段清单中即将到期或已逾期的事项（每项每天最多提醒一次；"
        "已完成的事项、已完结或终止的项目不提醒）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=_day, default=None, help="按此日期计算到期（默认今天），YYYY-MM-DD"
        )

    def handle(self, *args, **options) -> None:
        today = options["date"]
        with acting_as(None, "cli"):
            count = send_reminders(today)
        when = f"{today}" if today else "今天"
        days = settings.DEAL_REMINDER_DAYS
        self.stdout.write(f"{when}：已提醒 {count} 项清单事项（{days} 天内到期或已逾期）")
