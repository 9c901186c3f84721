"""hardtech event_reminders EVENT_ID: remind the approved participants of an event who have no meeting request
yet (neither sent nor received) to book; run daily while booking is open."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hardtech.audit.context import acting_as
from hardtech.events.models import Event
from hardtech.events.services import requests


class Command(BaseCommand):
    help = "提醒对接活动中还没有洽谈邀请的参会方（站内信，按其设置发送邮件）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event_id", type=int, help="对接活动 id")

    def handle(self, *args, **options) -> None:
        event = Event.objects.filter(pk=options["event_id"]).first()
        if event is None:
            raise CommandError(f"对接活动 {options['event_id']} 不存在")
        try:
            with acting_as(None, "cli"):
                count = requests.remind_idle(event)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"“{event.title}”：已提醒 {count} 个还没有洽谈邀请的参会方")
