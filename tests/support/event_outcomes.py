"""What the events' outcome and report tests share: a meeting made directly with the models in a slot that has
started, and the event taken to the day or follow-up."""

from datetime import timedelta

from django.utils import timezone

from hardtech.events.choices import MeetingStatus, RequestStatus
from hardtech.events.models import Meeting, MeetingRequest, Slot


def started(slot: Slot, hours: int = 2) -> Slot:
    """The slot moved into the past, so that its meeting has begun."""
    begin = timezone.now() - timedelta(hours=hours)
    Slot.objects.filter(pk=slot.pk).update(starts_at=begin, ends_at=begin + timedelta(minutes=30))
    slot.refresh_from_db()
    return slot


def meeting(sender, receiver, slot, table=1, status=MeetingStatus.SCHEDULED, *, proposed_by=None, notes=""):
    """An accepted request between the two registrations and its meeting at `slot`, `table`."""
    request = MeetingRequest.objects.create(
        event=sender.event,
        sender=sender,
        receiver=receiver,
        status=RequestStatus.ACCEPTED,
        proposed_by=proposed_by,
    )
    return Meeting.objects.create(
        event=sender.event,
        request=request,
        slot=slot,
        table=table,
        status=status,
        confirmed=True,
        notes=notes,
    )
