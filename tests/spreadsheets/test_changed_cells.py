"""A changed cell makes its row "changed" (the others stay unchanged): only that record is written, its version
raised by one, with one audit entry for the batch and the match index refreshed."""

from hardtech.audit.models import AuditEntry
from hardtech.catalogue.models import Achievement, Organisation
from hardtech.spreadsheets import importer
from hardtech.spreadsheets.exporter import export_file
from hardtech.spreadsheets.importer import import_file

OLD_TITLE, NEW_TITLE = "钛合金薄壁件激光增材制造工艺", "钛合金薄壁件增材制造新工艺"


def _edit(path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8-sig").replace(old, new), encoding="utf-8-sig")


def test_one_changed_cell_is_one_changed_row(catalogue, tmp_path, monkeypatch):
    refreshes: list[str] = []
    monkeypatch.setattr(importer, "after_bulk_write", refreshes.append)
    path = tmp_path / "a.csv"
    export_file("achievements", path)
    _edit(path, OLD_TITLE, NEW_TITLE)
    priced, other = catalogue["priced"], catalogue["achievement"]
    versions = {o.pk: o.version for o in Achievement.objects.all()}
    audited = AuditEntry.objects.count()

    report = import_file("achievements", path)

    assert (report.created, report.changed, report.unchanged) == (0, 1, 1) and report.written
    priced.refresh_from_db()
    other.refresh_from_db()
    assert priced.title == NEW_TITLE and priced.version == versions[priced.pk] + 1
    assert other.version == versions[other.pk]
    assert AuditEntry.objects.count() == audited + 1
    assert AuditEntry.objects.latest("pk").changes["import"] == {
        "source": "a.csv",
        "created": 0,
        "updated": 1,
        "mode": "import",
    }
    assert refreshes == ["achievements"]


def test_changed_owners_and_parent_count_as_changes(catalogue, tmp_path):
    path = tmp_path / "a.csv"
    export_file("achievements", path)
    _edit(path, "秦创测试科技有限公司、西安测试大学", "西安测试大学")
    report = import_file("achievements", path)
    assert (report.changed, report.unchanged) == (1, 1)
    assert list(catalogue["priced"].organisations.all()) == [catalogue["university"]]

    orgs = tmp_path / "o.csv"
    export_file("organisations", orgs)
    lines = orgs.read_text(encoding="utf-8-sig").splitlines()
    # The enterprise becomes a subsidiary of the university: its 上级机构 cell (the fourth) is filled in.
    enterprise_line = next(i for i, line in enumerate(lines) if "秦创测试科技有限公司" in line)
    cells = lines[enterprise_line].split(",")
    cells[3] = "西安测试大学"
    lines[enterprise_line] = ",".join(cells)
    orgs.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    report = import_file("organisations", orgs)
    assert report.ok, report.lines()
    assert (report.created, report.changed, report.unchanged) == (0, 1, 1)
    assert Organisation.objects.get(name="秦创测试科技有限公司").parent == catalogue["university"]
