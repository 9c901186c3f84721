"""The report pages: the call's (operator) with its Excel download, and the applicant's (operator or itself)."""

import pytest
from django.urls import reverse

from support.grant_awards import award, item_of
from support.grant_fixtures import open_call
from support.offer_fixtures import pay

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def call(operator, enterprise):
    call = open_call(operator)
    app = award(operator, call, enterprise, {"6": "40.00", "8": "60.00"})
    pay(operator, item_of(app, "6"), "40.00")
    return call


def test_the_operator_reads_the_calls_report_and_downloads_it(client, operator, enterprise, call):
    client.force_login(operator)

    page = client.get(reverse("grants:call_report", args=[call.pk])).content.decode()
    assert 'id="total-approved"><strong>100.00</strong>' in page
    assert 'id="total-paid"><strong>40.00</strong>' in page
    assert 'id="total-outstanding"><strong>60.00</strong>' in page
    assert enterprise.name in page

    download = client.get(reverse("grants:call_report_export", args=[call.pk]))
    assert download["Content-Type"] == XLSX
    assert "attachment" in download["Content-Disposition"] and download.content[:2] == b"PK"


def test_the_calls_report_is_the_operators_only(client, applicant_user, call):
    client.force_login(applicant_user)

    assert client.get(reverse("grants:call_report", args=[call.pk])).status_code == 403
    assert client.get(reverse("grants:call_report_export", args=[call.pk])).status_code == 403


def test_the_applicant_reads_its_own_history_and_not_anothers(
    client, applicant_user, enterprise, other_enterprise, call
):
    client.force_login(applicant_user)

    own = client.get(reverse("grants:applicant_report", args=[enterprise.pk]))
    assert own.status_code == 200
    page = own.content.decode()
    assert call.title in page and "40.00" in page and "年度支持上限" in page
    assert client.get(reverse("grants:applicant_report", args=[other_enterprise.pk])).status_code == 403
