"""Export → import round trips in every format: nothing duplicated, nothing changed."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from hardtech.audit.models import AuditEntry
from hardtech.catalogue.kinds import KINDS
from hardtech.catalogue.models import Achievement, Expert, Organisation
from hardtech.spreadsheets.exporter import export_file
from hardtech.spreadsheets.formats import read_table
from hardtech.spreadsheets.importer import import_file

MODELS = {code: kind.model for code, kind in KINDS.items()}
COMPARED = {
    "organisations": ["name", "kind", "credit_code", "province", "city", "district", "parent_id"],
    "achievements": [
        "title",
        "field",
        "summary",
        "keywords",
        "completers",
        "maturity",
        "tech_level",
        "patents",
        "transfer_modes",
        "price_min",
        "price_max",
        "status",
        "contact_phone",
        "source",
    ],
    "demands": ["title", "field", "problem", "cooperation_modes", "enterprise_id", "status", "contact_phone"],
    "experts": ["name", "organisation_id", "title", "fields", "keywords", "bio", "contact_phone"],
}


def _state(kind: str) -> list[tuple]:
    model = MODELS[kind]
    return [tuple(getattr(o, f) for f in COMPARED[kind]) for o in model.objects.order_by("pk")]


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "jsonl"])
@pytest.mark.parametrize("kind", list(MODELS))
def test_export_then_import_changes_nothing(catalogue, tmp_path, kind, fmt):
    path = tmp_path / f"{kind}.{fmt}"
    before = _state(kind)
    assert export_file(kind, path) == len(before)
    report = import_file(kind, path)
    assert report.ok, report.lines()
    assert (report.created, report.changed, report.unchanged) == (0, 0, len(before))
    assert _state(kind) == before


def test_export_gives_stable_ids_to_records_without_one(catalogue, tmp_path):
    path = tmp_path / "a.csv"
    export_file("achievements", path)
    ids = [cells["编号"] for _, cells in read_table(path).rows]
    item = catalogue["achievement"]
    assert f"ACH-{item.pk}" in ids and "ACH-X-1" in ids
    # Unchanged, the record is found again by that id and nothing is written.
    assert import_file("achievements", path).unchanged == 2
    item.refresh_from_db()
    assert item.external_id is None
    # Written, it keeps the id from then on.
    path.write_text(
        path.read_text(encoding="utf-8-sig").replace(item.title, "改过的标题"), encoding="utf-8-sig"
    )
    assert import_file("achievements", path).changed == 1
    item.refresh_from_db()
    assert (item.title, item.external_id) == ("改过的标题", f"ACH-{item.pk}")


def test_money_stays_decimal_through_excel(catalogue, tmp_path):
    path = tmp_path / "a.xlsx"
    export_file("achievements", path)
    import_file("achievements", path)
    priced = Achievement.objects.get(external_id="ACH-X-1")
    assert priced.price_min == Decimal("12.3") and isinstance(priced.price_min, Decimal)


def test_reimport_updates_instead_of_duplicating(catalogue, tmp_path):
    path = tmp_path / "a.csv"
    export_file("achievements", path)
    text = path.read_text(encoding="utf-8-sig").replace(
        "钛合金薄壁件激光增材制造工艺", "钛合金薄壁件增材制造新工艺"
    )
    path.write_text(text, encoding="utf-8-sig")
    count = Achievement.objects.count()
    report = import_file("achievements", path)
    assert report.ok and report.created == 0
    assert Achievement.objects.count() == count
    assert Achievement.objects.get(external_id="ACH-X-1").title == "钛合金薄壁件增材制造新工艺"


def test_import_writes_one_audit_entry_per_batch(catalogue, tmp_path, users):
    path = tmp_path / "a.jsonl"
    export_file("achievements", path)
    text = path.read_text(encoding="utf-8").replace(
        "钛合金薄壁件激光增材制造工艺", "钛合金薄壁件增材制造新工艺"
    )
    path.write_text(text, encoding="utf-8")
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    import_file("achievements", path, actor=users["operator"])
    batch = AuditEntry.objects.get(pk__gt=last)
    assert batch.actor == users["operator"] and batch.changes["import"]["updated"] == 1


def test_new_rows_get_search_text_and_publish_date(university, tmp_path):
    path = tmp_path / "new.csv"
    path.write_text(
        "成果名称,所属机构,成果简介,技术领域,专利号,状态\n"
        "石墨烯导热膜,西安测试大学,一种高导热石墨烯膜的制备方法。,新材料,ZL 2022 2322 0665.2,已发布\n",
        encoding="utf-8",
    )
    report = import_file("achievements", path)
    assert report.ok and report.created == 1
    item = Achievement.objects.get(title="石墨烯导热膜")
    assert item.search_text and item.published_at and item.patents == ["ZL202223220665.2"]
    assert list(item.organisations.all()) == [university]


def test_organisations_with_parents_in_the_same_file(db, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text(
        "名称,类型,上级机构,统一社会信用代码\n"
        "西安测试大学光电实验室,重点实验室,西安测试大学,\n"
        "西安测试大学,高校,,\n"
        "秦创测试科技有限公司,企业,,91350100M000100Y43\n",
        encoding="utf-8",
    )
    report = import_file("organisations", path)
    assert report.ok, report.lines()
    assert Organisation.objects.get(name="西安测试大学光电实验室").parent.name == "西安测试大学"


def test_dry_run_writes_nothing(catalogue, tmp_path):
    path = tmp_path / "a.xlsx"
    export_file("achievements", path)
    Achievement.objects.filter(external_id="ACH-X-1").delete()
    report = import_file("achievements", path, dry_run=True)
    assert report.ok and report.created == 1 and not report.written
    assert not Achievement.objects.filter(external_id="ACH-X-1").exists()


def test_commands(catalogue, tmp_path, capsys):
    path = tmp_path / "pending.xlsx"
    call_command("export", "achievements", str(path), "--status", "待审核")
    assert [cells["编号"] for _, cells in read_table(path).rows] == ["ACH-X-1"]
    call_command("import", "achievements", str(path), "--mode", "skip-bad")
    assert "未变 1 条" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "jsonl"])
def test_file_objects_in_and_out(catalogue, fmt):
    """What the web pages do: export into a download buffer, import an upload."""
    buffer = io.BytesIO()
    export_file("experts", buffer, fmt)
    buffer.seek(0)
    report = import_file("experts", buffer, fmt=fmt)
    assert report.ok and report.unchanged == Expert.objects.count()
