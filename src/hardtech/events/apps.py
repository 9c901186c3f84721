from django.apps import AppConfig


class EventsConfig(AppConfig):
    """对接会 / 路演: matchmaking events — registration, match-driven meeting requests, an optimal 1:1 schedule
    (the `schedule` engine), check-in on the day, and outcomes that open technology-transfer deals."""

    name = "hardtech.events"
    verbose_name = "对接活动"

    def ready(self) -> None:
        from hardtech.audit import recorder
        from hardtech.events.models import Event, Meeting, MeetingRequest, Outcome, Registration, Session
        from hardtech.events.services import (  # noqa: F401  (declare the event.* notification kinds)
            day,
            outcomes,
            registrations,
            requests,
            scheduling,
        )

        # Who set up, approved, requested, scheduled, checked in and recorded what.
        recorder.connect(Event, Session, Registration, MeetingRequest, Meeting, Outcome)
