"""The call's Excel workbook for the finance office: a sheet per report, money as two-decimal numbers, names as
text that never runs as a formula."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from hardtech.grants import reports
from support.grant_awards import award, item_of
from support.grant_fixtures import open_call
from support.offer_fixtures import pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(operator, enterprise, other_enterprise):
    call = open_call(operator)
    app = award(operator, call, enterprise, {"6": "40.00", "8": "60.55"})
    pay(operator, item_of(app, "6"), "40.00")
    other_enterprise.name = '=HYPERLINK("http://x")有限公司'
    other_enterprise.save()
    award(operator, call, other_enterprise, {"7": "10.00"}, post=False)
    return load_workbook(io.BytesIO(reports.export_call_xlsx(call)))


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_one_sheet_per_report(book):
    assert book.sheetnames == ["汇总", "申报明细", "按条款", "按主体"]


def test_money_cells_are_numbers_with_two_decimals_that_add_up(book):
    detail = book["申报明细"]
    header, *lines, total = _rows(detail)
    assert header[5:] == tuple(reports.AMOUNT_HEADERS)
    assert total[0] == "合计" and total[5:] == (110.55, 100.55, 40, 60.55, 0)
    assert all(isinstance(v, (int, float)) for v in total[5:])
    assert {detail.cell(r, c).number_format for r in range(2, detail.max_row + 1) for c in range(6, 11)} == {
        "#,##0.00"
    }
    assert sum(Decimal(str(line[7])) for line in lines) == Decimal("40")


def test_take_up_per_article_and_per_applicant(book, enterprise):
    articles = {row[0]: row for row in _rows(book["按条款"])[1:]}
    assert articles["第6条"][3:9] == (1, 40, 40, 40, 0, 0)
    assert articles["第11条"][2] == "免申即享" and articles["第11条"][9:] == (0, 0, 0, 0)
    assert articles["第6条"][9:] == (None, None, None, None)
    applicants = {row[0]: row for row in _rows(book["按主体"])[1:]}
    assert applicants[enterprise.name][2:] == (100.55, 100.55, 40, 60.55, 0)


def test_a_name_that_looks_like_a_formula_stays_text(book):
    cell = next(c for c in book["申报明细"]["A"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
