"""The sample zone's events: a past event in follow-up with held and missed meetings, outcomes and deals opened
from meetings; an upcoming one open for booking with approved and pending registrations and pending requests; one
in registration and one in set-up; a re-run that changes nothing."""

import pytest
from django.db import transaction
from django.test import override_settings

from hardtech.audit.models import AuditEntry
from hardtech.deals.choices import Source
from hardtech.deals.demo import load_deals
from hardtech.deals.models import Deal
from hardtech.demo.loader import load_demo
from hardtech.events.choices import MeetingStatus, OutcomeResult, Phase, RegistrationStatus, RequestStatus
from hardtech.events.demo import EVENTS, load_events
from hardtech.events.models import Event, Meeting, MeetingRequest, Outcome, Registration
from hardtech.events.services.outcomes import event_report
from hardtech.policies.sample import load_sample_profiles


@pytest.fixture(scope="module")
def zone(django_db_setup, django_db_blocker, tmp_path_factory):
    """The sample zone with its deals and events, loaded once for the module and rolled back at its end."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media):
        block = transaction.atomic()
        block.__enter__()
        try:
            report = load_demo()
            load_sample_profiles()
            load_deals()
            load_events()
            yield report
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


@pytest.fixture
def db_zone(zone, db):
    return zone


def by_phase():
    return {e.phase: e for e in Event.objects.all()}


def test_every_phase_of_the_demo(db_zone):
    events = by_phase()
    assert Event.objects.count() == len(EVENTS)
    assert {Phase.SETUP, Phase.REGISTRATION, Phase.BOOKING, Phase.FOLLOW_UP} <= set(events)


def test_past_event_with_outcomes_and_deals(db_zone):
    past = by_phase()[Phase.FOLLOW_UP]
    assert past.starts_on < past.created_at.date()
    meetings = Meeting.objects.filter(event=past)
    assert meetings.filter(status=MeetingStatus.HELD).count() >= 6
    assert meetings.filter(status=MeetingStatus.NO_SHOW).count() >= 1
    assert meetings.filter(confirmed=True).count() == meetings.count()
    outcomes = Outcome.objects.filter(meeting__event=past)
    for result in OutcomeResult.values:
        assert outcomes.filter(result=result).exists(), result
    deals = Deal.objects.filter(source=Source.EVENT, pk__in=outcomes.values("deal"))
    assert deals.count() == 3
    for deal in deals:
        assert deal.sellers.exists() and deal.buyers.exists() and "对接活动" in deal.summary
    assert Registration.objects.filter(event=past, checked_in_at__isnull=False).count() >= 10
    statuses = set(MeetingRequest.objects.filter(event=past).values_list("status", flat=True))
    assert {RequestStatus.ACCEPTED, RequestStatus.DECLINED, RequestStatus.SENT} <= statuses
    report = event_report(past)
    assert report.meetings["held"] >= 6 and len(report.deals) == 3 and report.follow_ups >= 2


def test_upcoming_event_open_for_booking(db_zone):
    upcoming = by_phase()[Phase.BOOKING]
    registrations = Registration.objects.filter(event=upcoming)
    assert registrations.filter(status=RegistrationStatus.APPROVED).count() >= 8
    assert registrations.filter(status=RegistrationStatus.PENDING).exists()
    requests = MeetingRequest.objects.filter(event=upcoming)
    assert requests.filter(status=RequestStatus.SENT).count() >= 2
    assert requests.filter(status=RequestStatus.ACCEPTED).count() >= 3
    assert requests.filter(proposed_by__isnull=False).exists()
    assert upcoming.sessions.count() == 2 and upcoming.programme.filter(kind="roadshow").exists()
    assert not Meeting.objects.filter(event=upcoming).exists()


def test_rerun_changes_nothing(db_zone):
    counts = [m.objects.count() for m in (Event, Registration, MeetingRequest, Meeting, Outcome, Deal)]
    audit = AuditEntry.objects.count()
    load_events()
    assert [
        m.objects.count() for m in (Event, Registration, MeetingRequest, Meeting, Outcome, Deal)
    ] == counts
    assert AuditEntry.objects.count() == audit
