"""Helpers of the policy-page tests: expected amounts, a JSON client for /api/policy/, an xlsx builder."""

import io
import json
from decimal import Decimal
from typing import Any

import openpyxl
from django.test import Client

YEAR = 2026
# What the sample policy pays the `profile` fixture for 2026 (events in 2025; 2025 parameters apply).
EXPECTED = {
    "6": Decimal("40.00"),
    "8": Decimal("78.00"),
    "9": Decimal("40.00"),
    "11": Decimal("8.00"),
    "13": Decimal("30.00"),
}
EXPECTED_TOTAL = Decimal("196.00")


class Api:
    def __init__(self, client: Client) -> None:
        self.client = client

    def call(self, method: str, path: str, key: str | None = None, body: Any = None):
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        if method == "get":
            response = self.client.get(f"/api/policy/{path}", headers=headers)
        else:
            response = self.client.post(
                f"/api/policy/{path}", data=json.dumps(body), content_type="application/json", headers=headers
            )
        response.data = json.loads(response.content) if response.content else None
        return response


def workbook(sheets: dict[str, list[list[Any]]]) -> io.BytesIO:
    """An .xlsx in memory: sheet title → rows (the first row is the header)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "profiles.xlsx"
    return out
