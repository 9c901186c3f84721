"""兑现报表: per call (applications by status, amounts requested, approved, paid, outstanding), per applicant (its
history across calls, with the annual cap used) and per article (take-up; for 免申即享 articles the offers made,
confirmed, declined and lapsed) — the money always read from the ledger — and the call's Excel workbook for the finance
office (财政/财务科), one sheet per report, money as numbers with two decimals.

Requested counts what was actually asked for: applications submitted (or further on) and offers confirmed (or
further on); drafts, withdrawn applications and offers not (or no longer) wanted — declined, or lapsed (不予兑现)
— are listed but not summed.
"""

import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from hardtech.accounts.membership import organisation_ids
from hardtech.catalogue.models import Organisation
from hardtech.grants import ledger, permissions
from hardtech.grants.choices import ApplicationStatus, Mode, Route
from hardtech.grants.models import Application, ApplicationItem, Call

# The 免申即享 run export's sheet (bold, frozen headers, widths) and money format, so both exports look alike.
from hardtech.policies.views.export import MONEY_FORMAT
from hardtech.spreadsheets.cells import append_row, headed_sheet

ZERO = Decimal("0.00")
NOT_REQUESTED = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.OFFERED,
    ApplicationStatus.DECLINED,
    ApplicationStatus.LAPSED,
)
# Offers the applicant said yes to (whatever became of them afterwards).
CONFIRMED_OFFER = (
    ApplicationStatus.CONFIRMED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.PAID,
    ApplicationStatus.REVOKED,
)


@dataclass
class Totals:
    """万元 sums: requested (from the items), the rest from the ledger."""

    requested: Decimal = ZERO
    approved: Decimal = ZERO
    paid: Decimal = ZERO
    outstanding: Decimal = ZERO
    receivable: Decimal = ZERO

    def add(self, item: ApplicationItem, b: ledger.Balances, requested: bool) -> None:
        if requested:
            self.requested += item.requested
        self.approved += b.approved
        self.paid += b.paid
        self.outstanding += b.outstanding
        self.receivable += b.receivable

    def include(self, other: "Totals") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class ApplicationRow:
    application: Application
    totals: Totals

    @property
    def requested(self) -> bool:
        return self.application.status not in NOT_REQUESTED


@dataclass
class ArticleRow:
    article: str
    title: str
    mode: str
    mode_label: str
    applicants: int = 0
    totals: Totals = field(default_factory=Totals)
    offers_made: int = 0
    offers_confirmed: int = 0
    offers_declined: int = 0
    offers_lapsed: int = 0

    @property
    def is_offer(self) -> bool:
        return self.mode == Mode.NO_APPLICATION


@dataclass
class CallReport:
    call: Call
    by_status: list[tuple[str, str, int]]  # status, label, applications (both routes)
    rows: list[ApplicationRow]
    articles: list[ArticleRow]
    applicants: list[tuple[Organisation, Totals]]
    totals: Totals


def _applications(queryset) -> tuple[list[Application], dict[int, ledger.Balances]]:
    apps = list(queryset.select_related("call", "applicant").prefetch_related("items"))
    balances = ledger.balances_for(i.pk for a in apps for i in a.items.all())
    return apps, balances


def _rows(apps: Iterable[Application], balances: dict[int, ledger.Balances]) -> list[ApplicationRow]:
    rows = []
    for app in apps:
        row = ApplicationRow(app, Totals())
        for item in app.items.all():
            row.totals.add(item, balances[item.pk], row.requested)
        rows.append(row)
    return rows


def _sum(rows: Iterable[ApplicationRow]) -> Totals:
    total = Totals()
    for r in rows:
        total.include(r.totals)
    return total


def call_report(call: Call) -> CallReport:
    apps, balances = _applications(call.applications.order_by("applicant__name", "route", "id"))
    rows = _rows(apps, balances)
    counts = Counter(a.status for a in apps)
    by_status = [(s, label, counts[s]) for s, label in ApplicationStatus.choices if counts[s]]

    articles = {
        a.article: ArticleRow(a.article, a.title, a.mode, a.get_mode_display()) for a in call.articles.all()
    }
    takers: dict[str, set[int]] = {}
    for row in rows:
        app = row.application
        for item in app.items.all():
            a = articles.setdefault(
                item.article, ArticleRow(item.article, item.title, item.mode, item.get_mode_display())
            )
            if app.route == Route.OFFER:
                a.offers_made += 1
                # A lapsed offer may have been confirmed first (confirm_offer stamps submitted_at).
                a.offers_confirmed += app.status in CONFIRMED_OFFER or (
                    app.status == ApplicationStatus.LAPSED and app.submitted_at is not None
                )
                a.offers_declined += app.status == ApplicationStatus.DECLINED
                a.offers_lapsed += app.status == ApplicationStatus.LAPSED
            if row.requested:
                takers.setdefault(item.article, set()).add(app.applicant_id)
            a.totals.add(item, balances[item.pk], row.requested)
    for number, ids in takers.items():
        articles[number].applicants = len(ids)

    per_applicant: dict[int, tuple[Organisation, list[ApplicationRow]]] = {}
    for row in rows:
        per_applicant.setdefault(row.application.applicant_id, (row.application.applicant, []))[1].append(row)
    applicants = [(org, _sum(its)) for org, its in per_applicant.values()]
    return CallReport(call, by_status, rows, list(articles.values()), applicants, _sum(rows))


@dataclass
class CapUse:
    """第五条: what an applicant's support of a policy year counts towards the annual cap."""

    policy: str
    year: int
    counted: Decimal
    cap: Decimal | None

    @property
    def left(self) -> Decimal | None:
        return None if self.cap is None else max(ZERO, self.cap - self.counted)


@dataclass
class ApplicantReport:
    organisation: Organisation
    rows: list[ApplicationRow]
    caps: list[CapUse]
    totals: Totals


def can_view_applicant(user, organisation: Organisation) -> bool:
    """An applicant's report: the operator's, or the applicant's own users'."""
    return permissions.can_manage(user) or organisation.pk in organisation_ids(user)


def applicant_report(organisation: Organisation) -> ApplicantReport:
    """The applicant's history: every application and offer across calls, newest call first, with balances."""
    apps, balances = _applications(
        Application.objects.filter(applicant=organisation).order_by("-call__year", "-call__opens_at", "-id")
    )
    rows = _rows(apps, balances)
    years = sorted({(a.call.policy, a.call.year) for a in apps}, key=lambda py: (-py[1], py[0]))
    caps = [
        CapUse(policy, year, ledger.committed(organisation.pk, policy, year), ledger.annual_cap(policy))
        for policy, year in years
    ]
    return ApplicantReport(organisation, rows, caps, _sum(rows))


# --- Excel ------------------------------------------------------------------------------------------------------


def _money_columns(sheet: Worksheet, first: int, last: int) -> None:
    for line in sheet.iter_rows(min_row=2, min_col=first, max_col=last):
        for cell in line:
            cell.number_format = MONEY_FORMAT


def _amounts(t: Totals) -> list[Decimal]:
    return [t.requested, t.approved, t.paid, t.outstanding, t.receivable]


AMOUNT_HEADERS = [
    "申报金额（万元）",
    "核定金额（万元）",
    "已拨付（万元）",
    "待拨付（万元）",
    "应追回（万元）",
]


def export_call_xlsx(call: Call) -> bytes:
    """The call's workbook: 汇总 (status counts and totals), 申报明细, 按条款 (take-up), 按主体."""
    report = call_report(call)
    book = openpyxl.Workbook()
    book.remove(book.active)

    summary = headed_sheet(book, "汇总", ["项目", "值"], [30, 60])
    append_row(summary, ["申报通知", call.title])
    append_row(summary, ["政策", call.policy])
    append_row(summary, ["申报年度", call.year])
    for _, label, count in report.by_status:
        append_row(summary, [f"{label}（件）", count])
    for header, amount in zip(AMOUNT_HEADERS, _amounts(report.totals), strict=True):
        append_row(summary, [header, amount])
        summary.cell(summary.max_row, 2).number_format = MONEY_FORMAT

    detail = headed_sheet(
        book,
        "申报明细",
        ["申报主体", "统一社会信用代码", "受理编号", "方式", "状态", *AMOUNT_HEADERS],
        [36, 22, 16, 10, 18, 14, 14, 14, 14, 14],
    )
    for row in report.rows:
        app = row.application
        append_row(
            detail,
            [
                app.applicant.name,
                app.applicant.credit_code or "",
                app.number or "",
                app.get_route_display(),
                app.get_status_display(),
                *_amounts(row.totals),
            ],
        )
    append_row(detail, ["合计", "", f"{len(report.rows)} 件", "", "", *_amounts(report.totals)])
    _money_columns(detail, 6, 10)

    articles = headed_sheet(
        book,
        "按条款",
        [
            "条款",
            "条款名称",
            "兑现方式",
            "申报主体数",
            *AMOUNT_HEADERS,
            "发出确认",
            "已确认",
            "已放弃",
            "已失效",
        ],
        [8, 24, 12, 12, 14, 14, 14, 14, 14, 10, 10, 10, 10],
    )
    for a in report.articles:
        offers = (
            [a.offers_made, a.offers_confirmed, a.offers_declined, a.offers_lapsed]
            if a.is_offer
            else [None] * 4
        )
        append_row(
            articles, [f"第{a.article}条", a.title, a.mode_label, a.applicants, *_amounts(a.totals), *offers]
        )
    _money_columns(articles, 5, 9)

    applicants = headed_sheet(
        book, "按主体", ["申报主体", "统一社会信用代码", *AMOUNT_HEADERS], [36, 22, 14, 14, 14, 14, 14]
    )
    for org, totals in report.applicants:
        append_row(applicants, [org.name, org.credit_code or "", *_amounts(totals)])
    _money_columns(applicants, 3, 7)

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
