"""Policy-page fixtures: stored profiles (paying, near miss, missing data) and API keys per role."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from hardtech.accounts.models import ApiToken, User
from hardtech.catalogue.models import Organisation
from hardtech.policies.models import ApplicantProfile, Recognition, TechContract, YearFigures
from support.policy_web_helpers import Api


@pytest.fixture(autouse=True)
def _database(db):
    """Every page reads the database (the site layout asks whether sample data is loaded)."""


@pytest.fixture
def profile(enterprise: Organisation) -> ApplicantProfile:
    p = ApplicantProfile.objects.create(
        organisation=enterprise, registered_in_zone=True, tax_in_zone=True, serious_dishonesty=False
    )
    YearFigures.objects.create(profile=p, year=2024, rd_expense=Decimal("900"), revenue=Decimal("15000"))
    YearFigures.objects.create(profile=p, year=2025, rd_expense=Decimal("1300"), revenue=Decimal("16000"))
    Recognition.objects.create(profile=p, type="high_tech_recognition", grade="first", date=date(2025, 3, 18))
    Recognition.objects.create(
        profile=p,
        type="competition_award",
        grade="national",
        rank="second",
        date=date(2025, 10, 12),
        registered_at_award=True,
    )
    TechContract.objects.create(
        profile=p,
        role="seller",
        type="license",
        date=date(2025, 5, 6),
        paid_amount=Decimal("400"),
        counterparty_kind="enterprise",
        counterparty_in_zone=True,
    )
    return p


@pytest.fixture
def near_miss_profile(other_enterprise: Organisation) -> ApplicantProfile:
    """R&D at 2.76% of revenue: a near miss of article 8, which wants 3%."""
    p = ApplicantProfile.objects.create(
        organisation=other_enterprise, registered_in_zone=True, tax_in_zone=True, serious_dishonesty=False
    )
    YearFigures.objects.create(profile=p, year=2025, rd_expense=Decimal("290"), revenue=Decimal("10500"))
    return p


@pytest.fixture
def missing_profile(university: Organisation) -> ApplicantProfile:
    """A university whose tax registration is not reported: article 1 cannot be decided."""
    p = ApplicantProfile.objects.create(
        organisation=university, registered_in_zone=True, serious_dishonesty=False
    )
    TechContract.objects.create(
        profile=p,
        role="seller",
        type="development",
        date=date(2025, 5, 20),
        paid_amount=Decimal("820"),
        counterparty_kind="enterprise",
        counterparty_in_zone=True,
    )
    return p


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


@pytest.fixture
def keys(users: dict[str, User]) -> dict[str, str]:
    return {role: ApiToken.issue(user)[1] for role, user in users.items()}
