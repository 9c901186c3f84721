"""The operator's bulk import/export page (the importer itself has its own modules here)."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hardtech.catalogue.models import Organisation

HEADERS = ["编号", "名称", "类型", "省份", "城市", "统一社会信用代码"]


def _xlsx(rows: list[list[str]]) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("机构.xlsx", buffer.getvalue())


@pytest.fixture
def operator_client(client, users):
    client.force_login(users["operator"])
    return client


@pytest.mark.parametrize("role", ["manager", "institution", "enterprise", "expert"])
def test_only_the_operator_may_bulk(client, users, role):
    client.force_login(users[role])
    assert client.get(reverse("bulk")).status_code == 403
    assert client.get(reverse("bulk_export", args=["achievements", "xlsx"])).status_code == 403


def test_bad_row_imports_nothing_and_is_reported(operator_client):
    upload = _xlsx(
        [
            ["ORG-A", "新机构甲", "企业", "陕西省", "西安市", ""],
            ["ORG-B", "新机构乙", "企业", "陕西省", "西安市", "91350100M000100Y44"],
        ]
    )
    response = operator_client.post(
        reverse("bulk"), {"kind": "organisations", "file": upload, "mode": "all-or-nothing"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "校验位" in page and "统一社会信用代码" in page
    assert not Organisation.objects.filter(name__startswith="新机构").exists()


def test_skip_bad_imports_the_good_rows(operator_client):
    upload = _xlsx(
        [
            ["ORG-A", "新机构甲", "企业", "陕西省", "西安市", ""],
            ["ORG-B", "新机构乙", "企业", "陕西省", "西安市", "91350100M000100Y44"],
        ]
    )
    operator_client.post(reverse("bulk"), {"kind": "organisations", "file": upload, "mode": "skip-bad"})
    assert list(Organisation.objects.filter(name__startswith="新机构").values_list("name", flat=True)) == [
        "新机构甲"
    ]


def test_export_downloads_a_workbook_that_lists_the_records(operator_client, achievement):
    response = operator_client.get(reverse("bulk_export", args=["achievements", "xlsx"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert achievement.title in titles
