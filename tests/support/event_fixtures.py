"""What several events tests build: the zone's time zone, an event open for registration and an approved
registration."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from hardtech.events.choices import RegistrationStatus
from hardtech.events.models import Event, Registration
from hardtech.events.services import events

TZ = ZoneInfo("Asia/Shanghai")


def registration_open_event(operator) -> Event:
    """An event of 4 tables with two sessions (上午 4 × 30 min, 下午 6 × 20 min), open for registration."""
    item = events.create_event(
        operator,
        {
            "title": "2026 秋季成果转化对接会",
            "venue": "高新区创业大厦",
            "starts_on": date(2026, 12, 18),
            "tables": 4,
        },
    )
    events.add_session(operator, item, "上午", datetime(2026, 12, 18, 9, 0, tzinfo=TZ), 30, 4)
    events.add_session(operator, item, "下午", datetime(2026, 12, 18, 14, 0, tzinfo=TZ), 20, 6)
    return events.move(operator, item, "open_registration")


def approved(event, organisation, user, type_: str) -> Registration:
    registration = Registration.objects.create(
        event=event,
        organisation=organisation,
        user=user,
        type=type_,
        status=RegistrationStatus.APPROVED,
        max_meetings=4,
        contact_name="联系人",
        contact_phone="029-88880000",
    )
    registration.sessions.set(event.sessions.all())
    return registration
