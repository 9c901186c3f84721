"""The sample zone: promised counts, valid identifiers, a login for every role, idempotent re-runs."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from hardtech.accounts.models import Role, User
from hardtech.audit.models import AuditEntry
from hardtech.catalogue.choices import TechField
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.catalogue.validators import normalise_patent_number, validate_credit_code
from hardtech.demo.loader import DEMO_PASSWORD, load_demo
from hardtech.demo.management.commands.demo import Command


@pytest.fixture
def zone(db, settings):
    return load_demo()


def test_promised_counts(zone):
    assert zone.counts == {"机构": 52, "科技成果": 160, "技术需求": 65, "专家": 45}
    assert Organisation.objects.filter(is_sample=True).count() >= 45
    assert Achievement.objects.filter(is_sample=True).count() == 160
    assert Demand.objects.filter(is_sample=True).count() == 65
    assert Expert.objects.filter(is_sample=True).count() == 45
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {
        "park",
        "university",
        "key_lab",
        "institute",
        "new_rd",
        "enterprise",
        "incubator",
        "investor",
        "service",
    }
    assert {"西安交通大学", "西北工业大学", "西安电子科技大学"} <= set(
        Organisation.objects.filter(kind="university").values_list("name", flat=True)
    )
    assert Organisation.objects.filter(kind="key_lab", parent__kind="university").count() >= 5


def test_every_field_has_related_achievements_and_demands(zone):
    for field in TechField.values:
        demands = Demand.objects.filter(field=field)
        assert Achievement.objects.filter(field=field).count() >= 16 and demands.exists()
        for demand in demands:
            assert Achievement.objects.filter(subfield=demand.subfield).count() >= 4


def test_review_queue_has_work_and_most_are_published(zone):
    for model in (Achievement, Demand):
        statuses = list(model.objects.values_list("status", flat=True))
        assert statuses.count("published") > 0.75 * len(statuses)
        assert "pending" in statuses and "draft" in statuses
    assert not Achievement.objects.filter(status="published", published_at=None).exists()


def test_identifiers_are_valid(zone):
    enterprises = Organisation.objects.filter(kind="enterprise")
    assert enterprises.count() >= 20 and not enterprises.filter(credit_code=None).exists()
    for code in Organisation.objects.exclude(credit_code=None).values_list("credit_code", flat=True):
        validate_credit_code(code)
    patents = [p for ps in Achievement.objects.values_list("patents", flat=True) for p in ps]
    assert len(patents) > 100
    assert all(normalise_patent_number(p) == p for p in patents)
    for item in Achievement.objects.exclude(price_min=None):
        assert isinstance(item.price_min, Decimal) and item.price_min <= item.price_max


def test_every_role_can_log_in(zone, client):
    for role in Role.values:
        user = User.objects.filter(role=role).first()
        assert user is not None, role
        assert client.login(username=user.username, password=DEMO_PASSWORD), role
        client.logout()
    for user in User.objects.filter(role=Role.INSTITUTION):
        assert user.organisation.kind == "university"
    for user in User.objects.filter(role=Role.ENTERPRISE):
        assert user.organisation.kind == "enterprise"
    for user in User.objects.filter(role=Role.EXPERT):
        assert user.expert_profile.organisation == user.organisation
    assert {u for u, _, _ in zone.logins} == set(User.objects.values_list("username", flat=True))


def test_rerun_is_idempotent(zone):
    counts = [m.objects.count() for m in (Organisation, Achievement, Demand, Expert, User)]
    entries = AuditEntry.objects.count()
    again = load_demo()
    assert again.counts == zone.counts
    assert [m.objects.count() for m in (Organisation, Achievement, Demand, Expert, User)] == counts
    # Nothing changed, so nothing was audited.
    assert AuditEntry.objects.count() == entries


def test_real_organisation_of_the_same_name_is_reused(db, settings):
    real = Organisation.objects.create(name="西安交通大学", kind="university", external_id="MOE-4161010698")
    report = load_demo()
    real.refresh_from_db()
    assert "西安交通大学" in report.reused and not real.is_sample
    assert Organisation.objects.filter(name="西安交通大学").count() == 1


def test_command_prints_logins_and_builds_the_match_index(db, settings, capsys):
    call_command(Command())
    out = capsys.readouterr().out
    assert "demo-operator" in out and DEMO_PASSWORD in out and "科技成果 160" in out
    assert "匹配索引已建立" in out
