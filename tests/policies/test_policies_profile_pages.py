"""一企一档 pages: owners edit their own profile through formsets, the operator edits any, others do not read;
every change lands in the audit trail."""

from decimal import Decimal

import pytest
from django.test import Client

from hardtech.accounts.models import Role
from hardtech.audit.models import AuditEntry
from hardtech.policies.models import ApplicantProfile, YearFigures

PREFIXES = ("years", "recognitions", "contracts", "investments", "prior_awards")


def form_data(flags: dict[str, str] | None = None, **rows: list[dict]) -> dict[str, str]:
    """POST data for the edit page: the flags, then each formset's management form and rows (new rows only)."""
    data = {
        "registered_in_zone": "true",
        "tax_in_zone": "true",
        "serious_dishonesty": "false",
        **(flags or {}),
    }
    for prefix in PREFIXES:
        forms = rows.get(prefix, [])
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(forms)),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, row in enumerate(forms):
            data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def test_owner_is_sent_to_own_profile(client: Client, users, enterprise):
    client.force_login(users[Role.ENTERPRISE])
    response = client.get("/policy/profile/")
    assert response.status_code == 302 and response["Location"] == f"/policy/profiles/{enterprise.pk}/"
    page = client.get(response["Location"])
    assert "尚未建立档案" in page.content.decode()


def test_owner_creates_profile_with_records_and_it_is_audited(client: Client, users, enterprise):
    client.force_login(users[Role.ENTERPRISE])
    data = form_data(
        years=[{"year": "2025", "rd_expense": "1300.50", "revenue": "16000"}],
        recognitions=[
            {
                "type": "high_tech_recognition",
                "grade": "first",
                "date": "2025-03-18",
                "registered_at_award": "unknown",
            }
        ],
        contracts=[
            {
                "role": "seller",
                "type": "license",
                "registered": "on",
                "date": "2025-05-06",
                "paid_amount": "400",
                "counterparty_kind": "enterprise",
            }
        ],
    )
    response = client.post(f"/policy/profiles/{enterprise.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = ApplicantProfile.objects.get(organisation=enterprise)
    assert profile.tax_in_zone is True
    assert profile.years.get().rd_expense == Decimal("1300.50")
    assert profile.recognitions.count() == profile.contracts.count() == 1
    entries = AuditEntry.objects.filter(actor=users[Role.ENTERPRISE])
    assert {e.content_type.model for e in entries} >= {
        "applicantprofile",
        "yearfigures",
        "recognition",
        "techcontract",
    }
    page = client.get(f"/policy/profiles/{enterprise.pk}/").content.decode()
    assert "变更记录" in page and "1300.50" in page and "年度财务数据：2025 年" in page


def test_owner_edits_and_deletes_records(client: Client, users, profile):
    client.force_login(users[Role.ENTERPRISE])
    years = list(profile.years.order_by("year"))
    data = form_data()
    data.update({"years-TOTAL_FORMS": "2", "years-INITIAL_FORMS": "2"})
    for i, y in enumerate(years):
        data.update(
            {
                f"years-{i}-id": str(y.pk),
                f"years-{i}-year": str(y.year),
                f"years-{i}-rd_expense": str(y.rd_expense),
                f"years-{i}-revenue": str(y.revenue),
            }
        )
    data["years-0-DELETE"] = "on"
    data["years-1-revenue"] = "17000.25"
    assert client.post(f"/policy/profiles/{profile.organisation_id}/edit/", data).status_code == 302
    assert list(profile.years.values_list("year", "revenue")) == [(2025, Decimal("17000.25"))]
    # The recognitions and contracts were not in the posted formsets' initial forms, so they stay.
    assert profile.recognitions.count() == 2


def test_field_errors_are_shown_and_nothing_saved(client: Client, users, enterprise):
    client.force_login(users[Role.ENTERPRISE])
    data = form_data(
        years=[{"year": "2025", "rd_expense": "abc"}, {"year": "2025", "rd_expense": "1"}],
        recognitions=[
            {
                "type": "high_tech_recognition",
                "grade": "provincial",
                "date": "2025-03-18",
                "registered_at_award": "unknown",
            }
        ],
        investments=[
            {
                "date": "2025-01-01",
                "amount": "-5",
                "cash": "on",
                "investee_founded": "2024-01-01",
                "investee_employees": "10",
            }
        ],
    )
    response = client.post(f"/policy/profiles/{enterprise.pk}/edit/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "请检查下面标红的内容" in page
    assert "输入一个数字" in page  # rd_expense abc
    assert "高新技术企业认定的级别/类别应为" in page
    assert "确保该值大于或等于0" in page
    assert not ApplicantProfile.objects.exists() and not YearFigures.objects.exists()


def test_duplicate_year_is_refused(client: Client, users, enterprise):
    client.force_login(users[Role.ENTERPRISE])
    data = form_data(years=[{"year": "2025", "rd_expense": "5"}, {"year": "2025", "rd_expense": "1"}])
    response = client.post(f"/policy/profiles/{enterprise.pk}/edit/", data)
    assert response.status_code == 200
    assert "年度重复：同一年度只能填写一行" in response.content.decode()
    assert not YearFigures.objects.exists()


@pytest.mark.parametrize(
    ("role", "view", "edit"),
    [
        (Role.OPERATOR, 200, 200),
        (
            Role.MANAGER,
            403,
            403,
        ),  # unless the enterprise granted it profile.reader (test_profile_confidential)
        (Role.ENTERPRISE, 200, 200),
        (Role.INSTITUTION, 403, 403),
        (Role.EXPERT, 403, 403),
    ],
)
def test_who_sees_and_edits_a_profile(client: Client, users, profile, role, view, edit):
    client.force_login(users[role])
    org = profile.organisation_id
    assert client.get(f"/policy/profiles/{org}/").status_code == view
    assert client.get(f"/policy/profiles/{org}/edit/").status_code == edit
    assert client.post(f"/policy/profiles/{org}/edit/", form_data()).status_code in (edit, 302)


def test_enterprise_cannot_edit_another_enterprise(client: Client, users, other_enterprise):
    client.force_login(users[Role.ENTERPRISE])
    response = client.post(f"/policy/profiles/{other_enterprise.pk}/edit/", form_data())
    assert response.status_code == 403
    assert not ApplicantProfile.objects.filter(organisation=other_enterprise).exists()


def test_anonymous_is_sent_to_login(client: Client, profile):
    response = client.get(f"/policy/profiles/{profile.organisation_id}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_operator_lists_profiles(client: Client, users, profile, university):
    client.force_login(users[Role.OPERATOR])
    page = client.get("/policy/profiles/").content.decode()
    assert profile.organisation.name in page and university.name in page and "未建档" in page
    assert client.get("/policy/profile/")["Location"] == "/policy/profiles/"
