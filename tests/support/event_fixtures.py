"""What several events tests build: the zone's time zone and an approved registration."""

from zoneinfo import ZoneInfo

from hardtech.events.choices import RegistrationStatus
from hardtech.events.models import Registration

TZ = ZoneInfo("Asia/Shanghai")


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
