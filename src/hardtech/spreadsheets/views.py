"""批量导入导出: the operator uploads a spreadsheet (validated row by row first) or downloads a library."""

import io
from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hardtech.catalogue import permissions
from hardtech.catalogue.kinds import KINDS
from hardtech.core.views import require
from hardtech.spreadsheets.exporter import export_file
from hardtech.spreadsheets.forms import ImportOptions
from hardtech.spreadsheets.importer import import_file

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
}


class ImportForm(ImportOptions):
    kind = forms.ChoiceField(label="数据类型", choices=[(code, kind.label) for code, kind in KINDS.items()])
    file = forms.FileField(label="文件（.xlsx、.csv 或 .jsonl）")
    field_order = ["kind", "file", "mode", "dry_run"]


@login_required
def bulk(request: HttpRequest) -> HttpResponse:
    require(permissions.can_bulk(request.user))
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = import_file(
            data["kind"], data["file"], mode=data["mode"], dry_run=data["dry_run"], actor=request.user
        )
    return render(
        request,
        "spreadsheets/bulk.html",
        {
            "form": form,
            "report": report,
            "kinds": KINDS.values(),
            "formats": list(CONTENT_TYPES),
        },
    )


@login_required
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    require(permissions.can_bulk(request.user) and kind in KINDS and fmt in CONTENT_TYPES)
    buffer = io.BytesIO()
    buffer.name = f"{kind}.{fmt}"
    statuses = request.GET.getlist("status") or None
    export_file(kind, buffer, fmt=fmt, statuses=statuses)
    name = f"{KINDS[kind].label}-{timezone.localdate():%Y%m%d}.{fmt}"
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
