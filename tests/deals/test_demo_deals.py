"""The sample zone's deals: every stage has deals, contracts registered from 登记 on, closed deals with both
sides' feedback, ended ones with a reason, histories that look real, and a re-run that changes nothing."""

import pytest
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.audit.models import AuditEntry
from hardtech.deals.choices import PIPELINE, ContractStatus, Stage
from hardtech.deals.demo import DEALS, REGISTRAR, load_deals
from hardtech.deals.models import Activity, Contract, Deal, DealMember, DocumentVersion, Feedback, StageVisit
from hardtech.deals.people import people
from hardtech.deals.validators import validate_registration_no
from hardtech.demo.loader import DEMO_PASSWORD, load_demo
from hardtech.messaging.models import Thread
from hardtech.policies.models import TechContract
from hardtech.policies.sample import load_sample_profiles


@pytest.fixture(scope="module")
def zone(django_db_setup, django_db_blocker, tmp_path_factory):
    """The sample zone loaded once for the module, in a transaction rolled back at its end."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media):
        block = transaction.atomic()
        block.__enter__()
        try:
            report = load_demo()
            load_sample_profiles()
            load_deals()
            yield report
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


@pytest.fixture
def db_zone(zone, db):
    return zone


def test_every_stage_has_deals(db_zone):
    stages = dict(Deal.objects.values_list("stage").annotate(n=Count("pk")))
    assert Deal.objects.count() >= len(DEALS) >= 20  # (other domains' sample data may open deals too)
    for stage in Stage.values:
        assert stages.get(stage, 0) >= 1, stage
    assert Deal.objects.values("lead").distinct().count() >= 3
    assert DealMember.objects.exists() and Activity.objects.count() >= 2 * len(DEALS)
    assert DocumentVersion.objects.filter(number=2).exists()
    # Deal threads (项目留言) among the deal's people.
    threads = Thread.objects.filter(content_type__model="deal")
    assert threads.count() >= 2
    for thread in threads:
        assert {p.user for p in thread.participants.all()} == set(people(thread.record))


def test_registrar_and_managers_log_in(db_zone, client):
    registrar = User.objects.get(username=REGISTRAR)
    assert registrar.role == Role.REGISTRAR
    assert client.login(username=REGISTRAR, password=DEMO_PASSWORD)
    assert User.objects.filter(role=Role.MANAGER).count() >= 3
    assert REGISTRAR in {u for u, _, _ in db_zone.logins}


def test_contracts_registered_from_the_registration_stage_on(db_zone):
    later = PIPELINE[PIPELINE.index(Stage.REGISTERED) :]
    for deal in Deal.objects.filter(stage__in=later):
        contract = deal.contract
        assert contract.status == ContractStatus.REGISTERED and contract.registered_at
        validate_registration_no(contract.registration_no)
        assert contract.registration_no[4:10] == "610131"
        assert contract.technology_amount <= contract.total_amount
        # 一企一档 of the buyer has it, dated as registered.
        record = TechContract.objects.get(
            profile__organisation=contract.buyer, contract_no=contract.registration_no
        )
        assert record.date == timezone.localdate(contract.registered_at)
    signed = Contract.objects.filter(deal__stage=Stage.SIGNED).values_list("status", flat=True)
    assert ContractStatus.SUBMITTED in signed  # work waiting for the registrar


def test_closed_deals_have_feedback_and_ended_deals_a_reason(db_zone):
    for deal in Deal.objects.filter(stage=Stage.CLOSED):
        assert set(deal.feedback.values_list("side", flat=True)) == {
            Feedback.Side.BUYER,
            Feedback.Side.SELLER,
        }
        assert deal.closed_at and deal.landing
    for deal in Deal.objects.filter(stage=Stage.ENDED):
        assert deal.end_reason and deal.closed_at and deal.stage_note


def test_histories_look_real(db_zone):
    deal = Deal.objects.filter(stage=Stage.CLOSED).first()
    visits = list(StageVisit.objects.filter(deal=deal).order_by("entered_at"))
    assert [v.stage for v in visits] == list(PIPELINE)
    assert (visits[-1].entered_at - visits[0].entered_at).days > 200
    for earlier, later in zip(visits, visits[1:], strict=False):
        assert earlier.left_at == later.entered_at
    assert StageVisit.objects.exclude(override="").exists()  # some stages passed over with a reason
    # The registrar's registration took the deals to 登记.
    assert StageVisit.objects.filter(stage=Stage.REGISTERED, moved_by__role=Role.REGISTRAR).count() >= 8
    assert Deal.objects.filter(stage=Stage.INTRODUCED, checklist__done_at=None).exists()


def test_rerun_changes_nothing(db_zone):
    counts = [m.objects.count() for m in (Deal, Contract, StageVisit, Activity, Feedback, User, TechContract)]
    entries = AuditEntry.objects.count()
    load_demo()
    load_sample_profiles()
    load_deals()
    assert [
        m.objects.count() for m in (Deal, Contract, StageVisit, Activity, Feedback, User, TechContract)
    ] == counts
    assert AuditEntry.objects.count() == entries
