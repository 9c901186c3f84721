"""A record's change history shows what changed, not the version counter kept for conflict detection."""

from hardtech.catalogue import services
from hardtech.core.history import history_rows


def test_an_edit_shows_its_fields_but_not_the_version(users, achievement):
    services.update(users["operator"], achievement, {"subfield": "功率器件"})
    labels = [change.label for row in history_rows(achievement) for change in row.changes]
    assert "细分领域" in labels
    assert "版本" not in labels
