"""兑现报表 pages: per call (status counts, requested / approved / paid / outstanding, take-up per article, per
applicant) with its Excel export for the finance office, and per applicant (its history across calls with the
annual cap used). The call's report and export are the operator's; an applicant's report is the operator's or
the applicant's own."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from hardtech.catalogue.models import Organisation
from hardtech.core.views import require
from hardtech.grants import permissions, reports
from hardtech.grants.models import Call

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def call_report(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    require(permissions.can_manage(request.user))
    return render(request, "grants/report_call.html", {"report": reports.call_report(call), "call": call})


@login_required
def call_report_export(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    require(permissions.can_manage(request.user))
    response = HttpResponse(reports.export_call_xlsx(call), content_type=XLSX)
    name = f"{call.year}年度政策兑现报表-{call.pk}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def applicant_report(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    require(reports.can_view_applicant(request.user, organisation))
    return render(
        request,
        "grants/report_applicant.html",
        {
            "report": reports.applicant_report(organisation),
            "is_operator": permissions.can_manage(request.user),
        },
    )


urls = [
    path("reports/calls/<int:pk>/", call_report, name="call_report"),
    path("reports/calls/<int:pk>/export/", call_report_export, name="call_report_export"),
    path("reports/applicants/<int:pk>/", applicant_report, name="applicant_report"),
]
