"""The operator's run over all applicants: 免申即享 and missing-data lists, totals, filters, Excel export."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client

from hardtech.accounts.models import Role
from support.policy_web_helpers import EXPECTED, EXPECTED_TOTAL, YEAR

URL = "/policy/run/"


@pytest.fixture
def operator(client: Client, users, profile, near_miss_profile, missing_profile) -> Client:
    client.force_login(users[Role.OPERATOR])
    return client


def test_run_lists_ready_and_missing_with_totals(
    operator: Client, profile, near_miss_profile, missing_profile
):
    response = operator.get(URL, {"policy": "sample", "year": YEAR})
    outcome = response.context["outcome"]
    assert outcome.evaluated == 3
    assert [r.profile for r in outcome.ready] == [profile]
    assert outcome.ready_total == EXPECTED_TOTAL
    assert [r.profile for r in outcome.missing] == [missing_profile]
    page = response.content.decode()
    assert "196.00" in page and "税务关系在本区" in page and near_miss_profile.organisation.name not in page
    assert dict((n, a) for n, _, _, a in outcome.article_totals()) == EXPECTED


@pytest.mark.parametrize(
    ("filters", "ready", "missing"),
    [
        ({"kind": "enterprise"}, 1, 0),
        ({"kind": "university"}, 0, 1),
        ({"article": "8"}, 1, 0),
        ({"article": "14"}, 0, 0),
        ({"article": "1"}, 1, 1),  # not a paying article, so not a choice: the form falls back to no filters
        ({"min_amount": "196"}, 1, 1),
        ({"min_amount": "196.01"}, 0, 1),
    ],
)
def test_filters(operator: Client, filters, ready, missing):
    outcome = operator.get(URL, {"policy": "sample", "year": YEAR, **filters}).context["outcome"]
    assert (len(outcome.ready), len(outcome.missing)) == (ready, missing)


def test_an_earlier_year_reads_that_years_figures(operator: Client, profile):
    outcome = operator.get(URL, {"policy": "sample", "year": 2025}).context["outcome"]
    # 2024's R&D of 900 at the 5% in force then; the 2025 events belong to the 2026 application.
    assert [(r.profile, r.result.articles) for r in outcome.ready] == [(profile, {"8": Decimal("45.00")})]


def test_excel_export_matches_the_page(operator: Client, profile):
    response = operator.get("/policy/run/export/", {"policy": "sample", "year": YEAR})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="policy-sample-{YEAR}.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["免申即享名单", "缺少数据名单", "汇总"]
    ready = list(book["免申即享名单"].iter_rows(values_only=True))
    header, rows, total = ready[0], ready[1:-1], ready[-1]
    assert header[0] == "机构名称" and header[-1] == "合计（万元）"
    assert [r[0] for r in rows] == [profile.organisation.name]
    amounts = dict(zip(header[3:-1], rows[0][3:-1], strict=True))
    assert {k: Decimal(str(v)) for k, v in amounts.items() if v is not None} == {
        f"第{n}条（万元）": a for n, a in EXPECTED.items()
    }
    assert Decimal(str(rows[0][-1])) == EXPECTED_TOTAL == Decimal(str(total[-1]))
    assert sum(Decimal(str(v)) for v in rows[0][3:-1] if v is not None) == EXPECTED_TOTAL
    assert book["免申即享名单"].cell(2, len(header)).number_format == "#,##0.00"
    missing = list(book["缺少数据名单"].iter_rows(values_only=True))
    assert missing[1][3:] == ("第1条", "税务关系在本区")
    summary = dict(book["汇总"].iter_rows(values_only=True))
    assert Decimal(str(summary["免申即享金额合计（万元）"])) == EXPECTED_TOTAL
    assert summary["参与测算的申请主体"] == 3


def test_export_keeps_the_filters(operator: Client):
    response = operator.get("/policy/run/export/", {"policy": "sample", "year": YEAR, "kind": "investor"})
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content))["免申即享名单"].iter_rows(values_only=True)
    )
    assert len(rows) == 2 and rows[-1][0] == "合计"


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ENTERPRISE, Role.INSTITUTION, Role.EXPERT])
def test_only_the_operator_runs_batches(client: Client, users, role):
    client.force_login(users[role])
    assert client.get(URL).status_code == 403
    assert client.get("/policy/run/export/").status_code == 403
    assert client.get("/policy/import/").status_code == 403


def test_anonymous_is_sent_to_login(client: Client):
    assert "/login/" in client.get(URL)["Location"]


def test_policies_page_lists_articles_and_periods(client: Client, users):
    page = client.get("/policy/").content.decode()
    assert "2024—2026 年" in page and "第14条 投早投小" in page and "投资机构" in page
    assert "免申即享测算" not in page  # operator tools are not offered to the public
    client.force_login(users[Role.OPERATOR])
    assert "免申即享测算" in client.get("/policy/").content.decode()
