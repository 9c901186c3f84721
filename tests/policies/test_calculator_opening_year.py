"""The calculator opens a stored profile on the latest application year its yearly figures support (not on
this year, for which an enterprise has usually no figures yet: 0 万元), and says which years are possible."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from hardtech.accounts.models import Role
from hardtech.policies.models import ApplicantProfile, YearFigures
from hardtech.policies.views.calculator import years_back
from hardtech.policies.views.running import policy_named

URL = "/policy/calculator/"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def older_figures(enterprise) -> ApplicantProfile:
    """Figures for 2022 and 2023 only: the 2024 application year reads both (上年度, 前一年度)."""
    p = ApplicantProfile.objects.create(
        organisation=enterprise, registered_in_zone=True, tax_in_zone=True, serious_dishonesty=False
    )
    YearFigures.objects.create(profile=p, year=2022, rd_expense=Decimal("210"), revenue=Decimal("6000"))
    YearFigures.objects.create(profile=p, year=2023, rd_expense=Decimal("260"), revenue=Decimal("6400"))
    return p


def test_the_sample_policy_reads_the_two_years_before():
    assert years_back(policy_named("sample")) == (1, 2)


def test_opens_on_the_latest_year_the_figures_support(client: Client, users, older_figures):
    client.force_login(users[Role.ENTERPRISE])
    response = client.get(URL)
    assert response.context["year"] == 2024
    assert response.context["choice"]["year"].value() == 2024  # the year box shows it too
    page = text(response)
    assert "2023年度研发费用 260万元" in page  # evaluated on the figures it has, not on missing ones
    assert (
        "档案中有 2022、2023 年的年度数据（研发费用、营业收入），申报年度读取其前 1、2 年的数据："
        "数据齐全、可以测算的申报年度为 2024 年，2025 年只有部分数据。" in page
    )
    assert "建议改选" not in page


def test_a_year_without_figures_points_to_the_possible_one(client: Client, users, older_figures):
    client.force_login(users[Role.ENTERPRISE])
    page = text(client.get(URL, {"policy": "sample", "year": 2026}))
    assert "2026 年的数据不全，建议改选 2024 年。" in page


def test_without_figures_it_says_so(client: Client, users, near_miss_profile, other_enterprise):
    near_miss_profile.years.all().delete()
    client.force_login(users[Role.OPERATOR])
    page = text(client.get(URL, {"org": other_enterprise.pk}))
    assert "档案中还没有年度数据（研发费用、营业收入），任何申报年度的测算都会列出缺少的数据。" in page
