"""The chair's results: the calibrated ranking beside the raw mean, disagreements and outlying scores, and the
same as an Excel workbook (cells neutralised against formulas)."""

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from openpyxl import Workbook

from hardtech.core.views import require
from hardtech.spreadsheets.cells import append_row

from .. import permissions, services
from ..models import Round

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    require(permissions.can_chair(request.user, round_))
    names = permissions.sees_reviewer_names(request.user, round_)
    return render(
        request,
        "review/results.html",
        {
            "round": round_,
            "results": services.results(round_, names=names),
            "names": names,
            "manages": permissions.can_manage(request.user, round_),
        },
    )


@login_required
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    require(permissions.can_chair(request.user, round_))
    found = services.results(round_, names=permissions.sees_reviewer_names(request.user, round_))
    book = Workbook()
    sheet = book.active
    sheet.title = "评审结果"
    append_row(
        sheet,
        ["校准排名", "评审对象", "校准估计", "不确定度", "原始均分", "原始排名", "评审人数", "分差", "分歧"],
    )
    for r in found.items:
        append_row(
            sheet,
            [
                r.rank,
                str(r.item),
                r.quality,
                r.se,
                r.raw_mean,
                r.raw_rank,
                len(r.reviews),
                r.spread,
                "是" if r.disagreement else "",
            ],
        )
    scores = book.create_sheet("各专家评分")
    append_row(scores, ["评审对象", "专家", "加权总分"])
    for r in found.items:
        for name, total in r.reviews:
            append_row(scores, [str(r.item), name, round(total, 2)])
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="review-round-{round_.pk}.xlsx"'
    return response
