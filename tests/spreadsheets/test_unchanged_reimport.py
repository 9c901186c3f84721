"""Re-importing an unchanged export reports every row unchanged and writes nothing: no audit entry, no version
raised, no match-index refresh (it used to report every row as updated and rewrite them all)."""

import pytest

from hardtech.audit.models import AuditEntry
from hardtech.catalogue.kinds import KINDS
from hardtech.spreadsheets import importer
from hardtech.spreadsheets.exporter import export_file
from hardtech.spreadsheets.importer import import_file

MODELS = {code: kind.model for code, kind in KINDS.items()}


@pytest.fixture
def refreshes(monkeypatch) -> list[str]:
    calls: list[str] = []
    monkeypatch.setattr(importer, "after_bulk_write", calls.append)
    return calls


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "jsonl"])
@pytest.mark.parametrize("kind", list(MODELS))
def test_unchanged_reimport_is_all_unchanged_and_writes_nothing(catalogue, tmp_path, refreshes, kind, fmt):
    path = tmp_path / f"{kind}.{fmt}"
    count = export_file(kind, path)
    stored = list(MODELS[kind].objects.order_by("pk").values("pk", "version", "updated_at"))
    audited = AuditEntry.objects.count()

    report = import_file(kind, path)

    assert report.ok, report.lines()
    assert (report.created, report.changed, report.unchanged) == (0, 0, count)
    assert not report.written
    assert "新增 0 条，修改 0 条，未变" in report.summary()
    assert list(MODELS[kind].objects.order_by("pk").values("pk", "version", "updated_at")) == stored
    assert AuditEntry.objects.count() == audited
    assert refreshes == []
