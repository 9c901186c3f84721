"""docs/architecture.md shows the listing review as catalogue/workflow.py declares it: every row of
describe(REVIEW)'s table is in the document, so a changed transition cannot leave the docs behind."""

from pathlib import Path

from hardtech.catalogue.workflow import REVIEW
from hardtech.core.workflow import describe

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def test_the_documented_table_is_the_declared_workflow():
    text = DOC.read_text(encoding="utf-8")
    rows = [line for line in describe(REVIEW).splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + len(REVIEW.transitions)  # the heading and one row per transition
    assert [row for row in rows if row not in text] == []
