"""Excel import of profiles: good files land whole and re-import changes nothing; any bad row means nothing is
written and every bad row is reported with its sheet, row and column."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from hardtech.accounts.models import Role
from hardtech.audit.models import AuditEntry
from hardtech.catalogue.models import Organisation
from hardtech.policies.importer import SHEETS, import_profiles
from hardtech.policies.models import ApplicantProfile, Recognition, TechContract, YearFigures
from support.policy_web_helpers import workbook

NAME, CODE = "机构名称", "统一社会信用代码"


def good_sheets(enterprise, university) -> dict[str, list[list]]:
    return {
        "档案": [
            [NAME, CODE, "注册地在本区", "税务关系在本区", "近三年有严重失信记录"],
            ["", enterprise.credit_code, "是", "是", "否"],
            [university.name, "", "是", "", "否"],
        ],
        "年度数据": [
            [NAME, CODE, "年度", "研发费用（万元）", "营业收入（万元）"],
            [enterprise.name, "", 2024, 900, "15,000"],
            [enterprise.name, "", 2025, 1300.1, 16000.55],
        ],
        "认定与获奖": [
            [NAME, CODE, "类型", "级别/类别", "奖项", "日期", "获奖时已在本区注册"],
            [enterprise.name, "", "高新技术企业认定", "首次认定", "", "2025-03-18", ""],
            [enterprise.name, "", "competition_award", "国家级", "二等奖", "2025年10月12日", "是"],
        ],
        "技术合同": [
            [
                NAME,
                CODE,
                "合同登记号",
                "身份",
                "合同类型",
                "已在本区登记",
                "登记日期",
                "实际支付额（万元）",
                "对方名称",
                "对方类型",
                "对方在本区",
            ],
            [
                university.name,
                "",
                "2025610100001011",
                "技术输出方",
                "技术开发",
                "",
                "2025-05-20",
                "820",
                "某企业",
                "企业",
                "是",
            ],
        ],
    }


def test_good_file_imports_everything_and_reimport_changes_nothing(enterprise, university):
    report = import_profiles(workbook(good_sheets(enterprise, university)))
    assert report.ok, report.errors
    assert (report.rows, report.created, report.changed) == (7, 7, 0)
    profile = ApplicantProfile.objects.get(organisation=enterprise)
    assert profile.tax_in_zone is True and profile.serious_dishonesty is False
    # Decimal from the cell text: 1300.1 and 16000.55 exactly, never through a binary float.
    assert list(profile.years.order_by("year").values_list("rd_expense", "revenue")) == [
        (Decimal("900.00"), Decimal("15000.00")),
        (Decimal("1300.10"), Decimal("16000.55")),
    ]
    award = profile.recognitions.get(type="competition_award")
    assert (award.rank, award.registered_at_award, str(award.date)) == ("second", True, "2025-10-12")
    uni = ApplicantProfile.objects.get(organisation=university)
    assert uni.tax_in_zone is None  # blank stays unreported
    assert uni.contracts.get().registered is True  # a blank 已在本区登记 takes the field's default

    audited = AuditEntry.objects.count()
    again = import_profiles(workbook(good_sheets(enterprise, university)))
    assert (again.created, again.changed, again.unchanged) == (0, 0, 7)
    assert AuditEntry.objects.count() == audited


def test_changed_values_update_the_same_record(enterprise, university):
    import_profiles(workbook(good_sheets(enterprise, university)))
    sheets = good_sheets(enterprise, university)
    sheets["年度数据"][2][4] = 17000
    report = import_profiles(workbook({"年度数据": sheets["年度数据"]}))
    assert (report.created, report.changed, report.unchanged) == (0, 1, 1)
    assert YearFigures.objects.get(year=2025).revenue == Decimal("17000.00")


def test_bad_rows_are_all_reported_and_nothing_is_written(enterprise, university, other_university):
    sheets = good_sheets(enterprise, university)
    sheets["年度数据"] += [
        [enterprise.name, "", 2025, 1, 2],  # the same year twice
        ["不存在的公司", "", 2025, 1, 2],
        [enterprise.name, "", "二〇二五", "abc", -3],
        [enterprise.name, "91350100M000100Y43X", 2023, 1, 1],
    ]
    sheets["认定与获奖"].append([enterprise.name, "", "高新技术企业认定", "省级", "", "2025-02-30", ""])
    sheets["技术合同"].append(
        [
            other_university.name,
            "",
            "",
            "技术输出方",
            "技术开发",
            "否",
            "2025-01-01",
            "1.234",
            "",
            "企业",
            "是",
        ]
    )
    report = import_profiles(workbook(sheets))
    assert not report.ok
    found = {(e.sheet, e.row, e.column) for e in report.errors}
    assert found >= {
        ("年度数据", 4, ""),
        ("年度数据", 5, NAME),
        ("年度数据", 6, "年度"),
        ("年度数据", 6, "研发费用（万元）"),
        ("年度数据", 7, CODE),
        ("认定与获奖", 4, "日期"),
        ("技术合同", 3, "实际支付额（万元）"),
    }
    messages = {(e.sheet, e.row, e.column): e.message for e in report.errors}
    assert "第 3 行" in messages[("年度数据", 4, "")]
    assert "不存在的公司" in messages[("年度数据", 5, NAME)]
    assert "abc" in messages[("年度数据", 6, "研发费用（万元）")]
    assert "2025-02-30" in messages[("认定与获奖", 4, "日期")]
    assert str(report.errors[0]).startswith("工作表“")
    assert not ApplicantProfile.objects.exists() and not YearFigures.objects.exists()
    assert not Recognition.objects.exists() and not TechContract.objects.exists()


def test_grade_that_does_not_fit_the_type_is_reported(enterprise):
    report = import_profiles(
        workbook(
            {
                "认定与获奖": [
                    [NAME, CODE, "类型", "级别/类别", "奖项", "日期", "获奖时已在本区注册"],
                    [enterprise.name, "", "高新技术企业认定", "省级", "", "2025-02-01", ""],
                ]
            }
        )
    )
    assert [(e.row, e.column) for e in report.errors] == [(2, "级别/类别")]


def test_unknown_sheets_and_columns_are_reported(enterprise):
    report = import_profiles(
        workbook(
            {
                "年度数剧": [[NAME, "年度"]],
                "年度数据": [[NAME, "年度", "研发费用", "营业收入（万元）"], [enterprise.name, 2025, 1, 1]],
            }
        )
    )
    problems = {(e.sheet, e.column) for e in report.errors}
    assert ("年度数剧", "") in problems
    assert ("年度数据", "研发费用") in problems and ("年度数据", "研发费用（万元）") in problems
    assert not YearFigures.objects.exists()


def test_park_is_not_an_applicant(db):
    Organisation.objects.create(name="测试园区管委会", kind="park")
    report = import_profiles(
        workbook(
            {
                "档案": [
                    [NAME, "注册地在本区", "税务关系在本区", "近三年有严重失信记录"],
                    ["测试园区管委会", "是", "是", "否"],
                ]
            }
        )
    )
    assert "不是政策的申请主体" in report.errors[0].message


def test_command(tmp_path, enterprise, university):
    path = tmp_path / "profiles.xlsx"
    path.write_bytes(workbook(good_sheets(enterprise, university)).getvalue())
    out = io.StringIO()
    call_command("import_profiles", str(path), stdout=out)
    assert "新增 7 条" in out.getvalue()
    bad = good_sheets(enterprise, university)
    bad["年度数据"].append(["不存在的公司", "", 2025, 1, 2])
    path.write_bytes(workbook(bad).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_profiles", str(path), stderr=err)
    assert "工作表“年度数据”第 4 行【机构名称】" in err.getvalue()


def test_command_refuses_a_file_that_is_not_excel(tmp_path, db):
    path = tmp_path / "profiles.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(CommandError, match="无法读取 Excel 文件"):
        call_command("import_profiles", str(path))


def test_upload_form(client: Client, users, enterprise, university):
    client.force_login(users[Role.OPERATOR])
    bad = good_sheets(enterprise, university)
    bad["年度数据"].append(["不存在的公司", "", 2025, 1, 2])
    page = client.post("/policy/import/", {"file": workbook(bad)}).content.decode()
    assert "1 行有错误，未写入任何数据" in page and "不存在的公司" in page
    assert not ApplicantProfile.objects.exists()
    page = client.post(
        "/policy/import/", {"file": workbook(good_sheets(enterprise, university))}
    ).content.decode()
    assert "新增 7 条" in page
    assert ApplicantProfile.objects.count() == 2


def test_template_has_every_sheet(client: Client, users):
    client.force_login(users[Role.OPERATOR])
    book = openpyxl.load_workbook(io.BytesIO(client.get("/policy/import/template/").content))
    assert book.sheetnames == [s.title for s in SHEETS]
    assert [c.value for c in book["年度数据"][1]] == [
        NAME,
        CODE,
        "年度",
        "研发费用（万元）",
        "营业收入（万元）",
    ]


def test_exported_profiles_import_back_unchanged(client: Client, users, profile, missing_profile):
    client.force_login(users[Role.OPERATOR])
    response = client.get("/policy/import/template/", {"profiles": "1"})
    assert response["Content-Disposition"] == 'attachment; filename="profiles.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book["年度数据"].max_row == 3 and book["技术合同"].max_row == 3
    entries = AuditEntry.objects.count()
    upload = io.BytesIO(response.content)
    upload.name = "profiles.xlsx"
    report = import_profiles(upload)
    assert report.ok, report.errors
    assert (report.created, report.changed, report.unchanged) == (0, 0, report.rows) and report.rows == 8
    assert AuditEntry.objects.count() == entries


def test_blank_rows_count_toward_the_row_limit(enterprise, settings):
    settings.IMPORT_MAX_ROWS = 1000
    upload = workbook({"年度数据": [[NAME, CODE, "年度", "研发费用（万元）", "营业收入（万元）"]]})
    book = openpyxl.load_workbook(upload)
    # One row a million rows down: a few kilobytes, a million blank rows to read.
    book["年度数据"].append([enterprise.name, "", 2025, 1, 2])
    book["年度数据"].cell(1_000_000, 1, enterprise.name)
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    report = import_profiles(upload)
    assert "数据行数超过 1000 行的上限（空行也计算在内）" in report.file_errors[0]
    assert not YearFigures.objects.exists()


def test_dry_run_counts_new_changed_and_unchanged_without_writing(enterprise, university):
    import_profiles(workbook(good_sheets(enterprise, university)))
    sheets = good_sheets(enterprise, university)
    sheets["年度数据"][2][4] = 17000  # 2025 changed
    sheets["年度数据"].append([enterprise.name, "", 2023, 700, 12000])  # 2023 new
    audited = AuditEntry.objects.count()
    report = import_profiles(workbook({"年度数据": sheets["年度数据"]}), dry_run=True)
    assert (report.created, report.changed, report.unchanged) == (1, 1, 1) and not report.written
    assert "将新增 1 条，将修改 1 条，未变 1 条（试运行，未写入）" in report.summary()
    assert YearFigures.objects.get(year=2025).revenue == Decimal("16000.55")
    assert not YearFigures.objects.filter(year=2023).exists()
    assert AuditEntry.objects.count() == audited


def test_skip_bad_writes_the_good_rows_and_reports_the_bad_ones(enterprise, university):
    sheets = good_sheets(enterprise, university)
    sheets["年度数据"].append(["不存在的公司", "", 2025, 1, 2])
    report = import_profiles(workbook(sheets), mode="skip-bad")
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [("年度数据", 4, NAME)]
    assert (report.created, report.changed, report.unchanged, report.bad_rows) == (7, 0, 0, 1)
    assert report.written and YearFigures.objects.count() == 2


def test_upload_form_dry_run_shows_the_counts(client: Client, users, enterprise, university):
    client.force_login(users[Role.OPERATOR])
    page = client.post(
        "/policy/import/",
        {"file": workbook(good_sheets(enterprise, university)), "mode": "skip-bad", "dry_run": "on"},
    ).content.decode()
    assert "试运行结果" in page and "将新增 7 条，将修改 0 条，未变 0 条" in page
    assert '<div class="stat" id="count-created"><strong>7</strong><span>将新增</span></div>' in page
    assert not ApplicantProfile.objects.exists()
