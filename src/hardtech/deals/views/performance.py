"""技术经理人绩效 and 服务评价: the operator's ranking of the technology managers over a period (sortable by each
column, exported to Excel), one manager's figures (a manager sees only their own), the list of deals behind
every figure, and the parties' rating form once a deal is closed. The figures are hardtech.deals.performance."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from openpyxl import Workbook

from hardtech.accounts.models import Role, User
from hardtech.catalogue.permissions import role_of
from hardtech.core.views import paginate, require
from hardtech.deals import performance as perf
from hardtech.deals import permissions, services
from hardtech.deals.choices import Stage
from hardtech.deals.models import Feedback
from hardtech.spreadsheets.cells import append_row

NOTE = (
    "排名只是起点：每个数字都链接到它背后的项目清单，请结合具体项目阅读。项目数少时转化率和评分波动很大；"
    "合同额按登记时间、落地按进入落地阶段的时间、评价按项目完结时间计入所选期间。"
)


# --- the period and the links behind the figures ----------------------------------------------------------------


class PeriodForm(forms.Form):
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    scope = forms.ChoiceField(label="统计范围", required=False, choices=list(perf.SCOPES.items()))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError("起始日期不能晚于截止日期")
        return data


def _period(request: HttpRequest) -> tuple[PeriodForm, perf.Period, str]:
    form = PeriodForm({k: request.GET.get(k, "") for k in ("start", "end", "scope")})
    default = perf.Period.this_year()
    if not form.is_valid():
        return form, default, perf.LEAD
    data = form.cleaned_data
    period = perf.Period(data.get("start") or default.start, data.get("end") or default.end)
    return form, period, data.get("scope") or perf.LEAD


def _presets(request: HttpRequest) -> list[tuple[str, str]]:
    today = timezone.localdate()
    periods = [
        ("本年", perf.Period.this_year(today)),
        ("上年", perf.Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))),
        ("近 12 个月", perf.Period(today - timedelta(days=364), today)),
        ("近 3 年", perf.Period(date(today.year - 2, 1, 1), today)),
    ]
    scope = request.GET.get("scope", "")
    return [
        (label, "?" + urlencode({"start": p.start, "end": p.end, "scope": scope})) for label, p in periods
    ]


def figure_url(basis: str, period: perf.Period, user_id: int, scope: str, stage: str = "") -> str:
    """The deal list behind a figure: the deal pages' list where its filters say the same (deals led, opened in
    the period, in a stage), this module's list otherwise."""
    if basis == "opened" and scope == perf.LEAD:
        try:
            base = reverse("deals:list")
        except NoReverseMatch:
            pass
        else:
            query = {"lead": user_id, "opened_from": period.start, "opened_to": period.end}
            return f"{base}?{urlencode({**query, **({'stage': stage} if stage else {})})}"
    query = {"basis": basis, "lead": user_id, "scope": scope, "start": period.start, "end": period.end}
    if stage:
        query["stage"] = stage
    return f"{reverse('deals:performance_deals')}?{urlencode(query)}"


def show(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if value.as_tuple().exponent <= -2 else f"{value:,}"
    return f"{value:,}" if isinstance(value, int) else str(value)


# --- the operator's ranking -------------------------------------------------------------------------------------


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    require(permissions.can_see_performance(request.user))
    form, period, scope = _period(request)
    sort = request.GET.get("sort", perf.DEFAULT_SORT)
    sort = sort if sort in perf.COLUMN_KEYS else perf.DEFAULT_SORT
    descending = request.GET.get("dir", "desc") != "asc"
    rows = perf.ranking(period, scope, sort, descending)
    columns = [
        {
            "label": c.label,
            "key": c.key,
            "active": c.key == sort,
            "dir": ("asc" if descending else "desc") if c.key == sort else "desc",
            "arrow": ("↓" if descending else "↑") if c.key == sort else "",
        }
        for c in perf.COLUMNS
    ]
    table = [
        {
            "rank": n,
            "manager": row.manager,
            "url": reverse("deals:performance_manager", args=[row.manager.pk])
            + "?"
            + urlencode({"start": period.start, "end": period.end, "scope": scope}),
            "cells": [
                (
                    show(c.value(row.figures)),
                    figure_url(c.basis, period, row.manager.pk, scope, c.stage),
                    c.label,
                )
                for c in perf.COLUMNS
            ],
        }
        for n, row in enumerate(rows, 1)
    ]
    return render(
        request,
        "deals/performance_ranking.html",
        {
            "form": form,
            "period": period,
            "scope": scope,
            "scope_label": perf.SCOPES[scope],
            "presets": _presets(request),
            "columns": columns,
            "sort": sort,
            "dir": "desc" if descending else "asc",
            "rows": table,
            "note": NOTE,
            "export_url": reverse("deals:performance_export")
            + "?"
            + urlencode({"start": period.start, "end": period.end, "scope": scope}),
        },
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The ranking as .xlsx (text cells never read as formulas), with every stage's conversion and median."""
    require(permissions.can_see_performance(request.user))
    _, period, scope = _period(request)
    rows = perf.ranking(period, scope)
    book = Workbook()
    sheet = book.active
    sheet.title = "技术经理人绩效"
    append_row(sheet, [f"统计期间：{period}", f"统计范围：{perf.SCOPES[scope]}"])
    steps = [f"转化率 {Stage(s).label}→{Stage(t).label} %" for s, t in perf.STEPS]
    medians = [f"{Stage(s).label} 中位停留天数" for s in perf.TIMED]
    append_row(
        sheet,
        [
            "技术经理人",
            "账号",
            *(c.label for c in perf.COLUMNS),
            "需求方评价数",
            "成果方评价数",
            *steps,
            *medians,
        ],
    )
    for row in rows:
        f = row.figures
        append_row(
            sheet,
            [
                str(row.manager),
                row.manager.username,
                *(c.value(f) for c in perf.COLUMNS),
                f.rating_count(Feedback.Side.BUYER),
                f.rating_count(Feedback.Side.SELLER),
                *(f.conversion(s, t) for s, t in perf.STEPS),
                *(f.median_days(s) for s in perf.TIMED),
            ],
        )
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="performance-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"'
    )
    return response


# --- one manager's figures --------------------------------------------------------------------------------------


def _may_see(user, manager_id: int) -> bool:
    return permissions.can_see_performance(user) or (role_of(user) == Role.MANAGER and user.pk == manager_id)


def _manager_page(request: HttpRequest, manager: User, mine: bool) -> HttpResponse:
    form, period, scope = _period(request)
    figures = perf.compute(period, scope, [manager.pk])[manager.pk]

    def link(basis: str, stage: str = "") -> str:
        return figure_url(basis, period, manager.pk, scope, stage)

    stages = [
        {
            **r,
            "now_url": link("opened", r["stage"]),
            "reached_url": link("reached", r["stage"]),
        }
        for r in figures.stage_rows
    ]
    ratings = [
        {
            "label": side.label,
            "mean": show(figures.rating(side)),
            "count": figures.rating_count(side),
        }
        for side in Feedback.Side
    ]
    return render(
        request,
        "deals/performance_manager.html",
        {
            "form": form,
            "period": period,
            "scope": scope,
            "scope_label": perf.SCOPES[scope],
            "presets": _presets(request),
            "manager": manager,
            "mine": mine,
            "figures": figures,
            "stages": stages,
            "ratings": ratings,
            "money": {
                "contract_amount": show(figures.contract_amount),
                "technology_amount": show(figures.technology_amount),
            },
            "links": {b: link(b) for b in perf.BASES},
            "note": NOTE,
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    if permissions.can_see_performance(request.user):
        return redirect("deals:performance")
    require(role_of(request.user) == Role.MANAGER)
    return _manager_page(request, request.user, mine=True)


@login_required
def manager(request: HttpRequest, user_id: int) -> HttpResponse:
    require(_may_see(request.user, user_id))
    return _manager_page(request, get_object_or_404(User, pk=user_id), mine=request.user.pk == user_id)


# --- the deals behind a figure ----------------------------------------------------------------------------------


@login_required
def deals(request: HttpRequest) -> HttpResponse:
    """The deal list a figure counts: the same filters as performance.behind gives the figure."""
    _, period, scope = _period(request)
    basis = request.GET.get("basis", "opened")
    if basis not in perf.BASES:
        basis = "opened"
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    try:
        lead = int(request.GET.get("lead", ""))
    except ValueError:
        lead = None
    if not permissions.can_see_performance(request.user):
        require(role_of(request.user) == Role.MANAGER)
        if lead is not None and lead != request.user.pk:
            raise PermissionDenied
        lead = request.user.pk
    manager = get_object_or_404(User, pk=lead) if lead is not None else None
    page = paginate(request, perf.behind(basis, period, lead, scope, stage))
    return render(
        request,
        "deals/performance_deals.html",
        {
            "page": page,
            "period": period,
            "manager": manager,
            "scope_label": perf.SCOPES[scope],
            "basis_label": perf.BASES[basis],
            "stage_label": Stage(stage).label if stage else "",
            "back": (
                reverse("deals:performance_manager", args=[manager.pk])
                if manager
                else reverse("deals:performance")
            )
            + "?"
            + urlencode({"start": period.start, "end": period.end, "scope": scope}),
        },
    )


# --- feedback ---------------------------------------------------------------------------------------------------

STARS = [
    (5, "★★★★★ 非常满意"),
    (4, "★★★★ 满意"),
    (3, "★★★ 一般"),
    (2, "★★ 不满意"),
    (1, "★ 很不满意"),
]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(label="服务评分", choices=STARS, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="意见与建议", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """A party's rating of the service once the deal is closed: one per side (需求方/成果方), editable."""
    deal = get_object_or_404(permissions.visible_deals(request.user).distinct(), pk=pk)
    require(permissions.can_give_feedback(request.user, deal))
    side = permissions.feedback_side(request.user, deal)
    current = Feedback.objects.filter(deal=deal, side=side).first()
    initial = {"rating": current.rating, "comment": current.comment} if current else {}
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(
                request.user, deal, form.cleaned_data["rating"], form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "感谢您的评价，已保存。")
            return redirect("deals:detail", deal.pk)
    return render(
        request,
        "deals/feedback_form.html",
        {
            "deal": deal,
            "form": form,
            "side_label": Feedback.Side(side).label,
            "current": current,
        },
    )


urls = [
    path("performance/", ranking, name="performance"),
    path("performance/me/", mine, name="performance_mine"),
    path("performance/export.xlsx", export, name="performance_export"),
    path("performance/deals/", deals, name="performance_deals"),
    path("performance/<int:user_id>/", manager, name="performance_manager"),
    path("<int:pk>/feedback/", feedback, name="feedback"),
]
