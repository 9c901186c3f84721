"""The sample zone's 政策兑现: last year's call fully paid through the whole course (notice with a dismissed
objection, one settled bank batch, every application 已拨付), this year's call open with applications in several
states and 免申即享 offers, one of them paid; a re-run that changes nothing."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings

from hardtech.audit.models import AuditEntry
from hardtech.deals.demo import load_deals
from hardtech.demo.loader import load_demo
from hardtech.grants import ledger
from hardtech.grants.choices import ApplicationStatus, BatchStatus, NoticeStatus, ObjectionStatus, Route
from hardtech.grants.demo import CURRENT, PAST, load_grants
from hardtech.grants.models import Application, ApplicationItem, Call, Notice, Objection, PaymentBatch
from hardtech.policies.sample import load_sample_profiles


@pytest.fixture(scope="module")
def zone(django_db_setup, django_db_blocker, tmp_path_factory):
    """The sample zone with its profiles, deals and grants, loaded once for the module and rolled back."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media):
        block = transaction.atomic()
        block.__enter__()
        try:
            load_demo()
            load_sample_profiles()
            load_deals()
            load_grants()
            yield
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


@pytest.fixture
def db_zone(zone, db):
    return zone


def _money(call: Call) -> ledger.Balances:
    items = ApplicationItem.objects.filter(application__call=call).values_list("pk", flat=True)
    found = ledger.balances_for(items).values()
    return ledger.Balances(
        *(sum((getattr(b, f) for b in found), Decimal("0.00")) for f in ledger.Balances.__dataclass_fields__)
    )


def test_last_years_call_is_fully_paid(db_zone):
    past = Call.objects.get(year=PAST)
    assert not past.accepting() and past.deadline.year == PAST
    apps = past.applications.all()
    assert apps.count() >= 5
    assert set(apps.values_list("status", flat=True)) == {ApplicationStatus.PAID}
    money = _money(past)
    assert money.approved > 0 and money.paid == money.approved and money.outstanding == 0
    notice = Notice.objects.get(call=past)
    assert notice.status == NoticeStatus.FINAL and notice.ends_on.year == PAST
    objection = Objection.objects.get(notice=notice)
    assert objection.status == ObjectionStatus.DISMISSED and objection.resolution
    batch = PaymentBatch.objects.get(year=PAST)
    assert batch.status == BatchStatus.SETTLED and batch.sent_at.year == PAST


def test_this_years_call_is_open_with_work_in_every_state(db_zone):
    current = Call.objects.get(year=CURRENT)
    assert current.accepting()
    statuses = set(current.applications.filter(route=Route.APPLICATION).values_list("status", flat=True))
    assert {
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.RETURNED,
        ApplicationStatus.IN_REVIEW,
    } <= statuses
    offers = set(current.applications.filter(route=Route.OFFER).values_list("status", flat=True))
    assert {ApplicationStatus.OFFERED, ApplicationStatus.CONFIRMED, ApplicationStatus.PAID} <= offers
    paid = Application.objects.get(call=current, route=Route.OFFER, status=ApplicationStatus.PAID)
    assert ledger.balances(paid.items.get()).paid > 0


def test_rerun_changes_nothing(db_zone):
    before = (Application.objects.count(), AuditEntry.objects.count())
    load_grants()
    assert (Application.objects.count(), AuditEntry.objects.count()) == before
