"""Sample profiles for the sample zone: every applicant gets one, they exercise the policy (several articles,
near misses, missing data, caps), and re-running changes nothing."""

import io

import pytest
from django.core.management import call_command

from hardtech.audit.models import AuditEntry
from hardtech.catalogue.models import Organisation
from hardtech.demo.loader import load_demo
from hardtech.engines.policy import explain
from hardtech.policies.models import APPLICANT_KIND, ApplicantProfile
from hardtech.policies.sample import load_sample_profiles
from hardtech.policies.views.running import policy_named, run


@pytest.fixture
def zone(db):
    load_demo()
    return load_sample_profiles()


def test_every_sample_applicant_has_a_profile(zone):
    applicants = Organisation.objects.filter(is_sample=True, kind__in=list(APPLICANT_KIND))
    assert zone.profiles == zone.created == applicants.count() > 40
    assert ApplicantProfile.objects.filter(organisation__in=applicants).count() == applicants.count()


def test_profiles_exercise_the_policy(zone):
    policy = policy_named("sample")
    outcome = run(policy, 2026)
    kinds = {r.profile.applicant_kind for r in outcome.ready}
    assert kinds == {"enterprise", "university", "institute", "investor"}
    assert max(len(r.result.ready) for r in outcome.ready) >= 6  # several articles at once
    assert any(r.result.total == 1000 for r in outcome.ready)  # the annual cap plus the exempt key lab
    assert outcome.missing and all(r.result.missing for r in outcome.missing)
    near = [
        a.near_misses
        for r in ApplicantProfile.objects.with_records()
        for a in explain(policy, r.to_profile(), 2026).articles
        if a.near_misses
    ]
    assert len(near) >= 3
    assert run(policy, 2025).ready  # the 2024 figures and events pay something in 2025 too


def test_rerun_changes_nothing_and_repairs_edits(zone):
    entries = AuditEntry.objects.count()
    out = io.StringIO()
    call_command("demo_profiles", stdout=out)
    assert "新建 0，更新 0" in out.getvalue()
    assert AuditEntry.objects.count() == entries

    profile = ApplicantProfile.objects.filter(years__isnull=False).first()
    flag, years = profile.registered_in_zone, profile.years.count()
    profile.years.first().delete()
    profile.registered_in_zone = None if flag is not None else True
    profile.save()
    again = load_sample_profiles()
    assert (again.created, again.changed) == (0, 1)
    profile.refresh_from_db()
    assert (profile.registered_in_zone, profile.years.count()) == (flag, years)
