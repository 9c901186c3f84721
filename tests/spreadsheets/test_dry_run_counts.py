"""A dry run says how many rows a file would add, change and leave unchanged, and writes nothing; the console
command and the bulk page show the same counts."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from hardtech.audit.models import AuditEntry
from hardtech.catalogue.models import Achievement
from hardtech.spreadsheets.exporter import export_file
from hardtech.spreadsheets.importer import import_file

NEW_ROW = {
    "编号": "ACH-NEW-1",
    "成果名称": "石墨烯导热膜",
    "所属机构": "西安测试大学",
    "成果简介": "一种高导热石墨烯膜的制备方法。",
    "技术领域": "新材料",
    "状态": "草稿",
}


@pytest.fixture
def mixed_file(catalogue, tmp_path):
    """The export of two achievements, one of them edited, and a new row: 1 new, 1 changed, 1 unchanged."""
    path = tmp_path / "a.xlsx"
    export_file("achievements", path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value == "钛合金薄壁件激光增材制造工艺":
                cell.value = "钛合金增材制造新工艺"
    sheet.append([NEW_ROW.get(h) for h in headers])
    book.save(path)
    return path


def test_dry_run_counts_new_changed_unchanged_and_writes_nothing(mixed_file):
    titles = sorted(Achievement.objects.values_list("title", flat=True))
    audited = AuditEntry.objects.count()
    report = import_file("achievements", mixed_file, dry_run=True)
    assert report.ok, report.lines()
    assert (report.created, report.changed, report.unchanged) == (1, 1, 1) and not report.written
    assert report.summary() == "a.xlsx：共 3 行，将新增 1 条，将修改 1 条，未变 1 条（试运行，未写入）"
    assert sorted(Achievement.objects.values_list("title", flat=True)) == titles
    assert AuditEntry.objects.count() == audited


def test_the_command_prints_the_counts(mixed_file, capsys):
    call_command("import", "achievements", str(mixed_file), "--dry-run")
    assert "将新增 1 条，将修改 1 条，未变 1 条（试运行，未写入）" in capsys.readouterr().out
    assert not Achievement.objects.filter(title="钛合金增材制造新工艺").exists()


def test_the_bulk_page_shows_the_counts(mixed_file, client, users):
    client.force_login(users["operator"])
    upload = io.BytesIO(mixed_file.read_bytes())
    upload.name = "a.xlsx"
    page = client.post(
        reverse("bulk"), {"kind": "achievements", "file": upload, "mode": "skip-bad", "dry_run": "on"}
    ).content.decode()
    assert "试运行结果" in page and "将修改 1 条，未变 1 条" in page
    assert '<div class="stat" id="count-changed"><strong>1</strong><span>将修改</span></div>' in page
    assert not Achievement.objects.filter(title="钛合金增材制造新工艺").exists()
