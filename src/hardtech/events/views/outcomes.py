"""After the meetings: the one-tap outcome form of a meeting (three buttons and a note, for either side or the
operator), the list of meetings to record, and the event report (活动报告) with its charts and Excel export.

The charts are SVG drawn on the server from the report's figures (no script, no CDN, nothing inline the
Content-Security-Policy forbids); every chart has the table of its figures right behind it. Writes go through
hardtech.events.services.outcomes.record_outcome.
"""

from dataclasses import dataclass, field
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from openpyxl import Workbook

from hardtech.core.views import require
from hardtech.deals import permissions as deal_permissions
from hardtech.events import permissions
from hardtech.events.choices import MeetingStatus, OutcomeResult
from hardtech.events.models import Event, Meeting
from hardtech.events.services import outcomes as services
from hardtech.events.views.events import visible_event
from hardtech.spreadsheets.cells import append_row

RECORDABLE = (MeetingStatus.SCHEDULED, MeetingStatus.HELD)
BUTTONS = [
    (OutcomeResult.NOT_RELEVANT, "secondary"),
    (OutcomeResult.FOLLOW_UP, "secondary"),
    (OutcomeResult.START_DEAL, ""),
]


def _meeting(request: HttpRequest, pk: int, meeting_pk: int) -> Meeting:
    event = visible_event(request, pk)
    meeting = get_object_or_404(
        Meeting.objects.select_related(
            "event",
            "slot__session",
            "request__proposed_by",
            "request__sender__organisation",
            "request__receiver__organisation",
        ),
        pk=meeting_pk,
        event=event,
    )
    if not permissions.can_view_meeting(request.user, meeting):
        raise Http404
    return meeting


def _deal_link(user, deal) -> str:
    return reverse("deals:detail", args=[deal.pk]) if deal and deal_permissions.can_view(user, deal) else ""


# --- one meeting's outcome ----------------------------------------------------------------------------------------


@login_required
def outcome(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, meeting_pk)
    user = request.user
    allowed = permissions.can_record_outcome(user, meeting)
    own = services.side_of(user, meeting)
    sides = services.sides(meeting)
    error = ""
    if request.method == "POST":
        require(allowed)
        side = own
        if side is None:
            wanted = request.POST.get("side", "")
            side = next((r for r in sides if str(r.pk) == wanted), None)
        try:
            saved = services.record_outcome(
                user,
                meeting,
                request.POST.get("result", ""),
                request.POST.get("note", ""),
                side,
                notes=request.POST.get("notes"),
            )
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            label = saved.get_result_display()
            messages.success(request, f"已记录{saved.registration.organisation.name}的洽谈结果：{label}")
            if saved.result == OutcomeResult.START_DEAL and (link := _deal_link(user, saved.deal)):
                messages.success(request, f"技术转移项目 {saved.deal.code} 已创建")
                return redirect(link)
            return redirect("events:outcome", meeting.event_id, meeting.pk)
    recorded = {o.registration_id: o for o in meeting.outcomes.select_related("deal")}
    rows = []
    for side in sides:
        mine = recorded.get(side.pk)
        other = sides[1] if side.pk == sides[0].pk else sides[0]
        rows.append(
            {
                "side": side,
                "other": other,
                "outcome": mine,
                "own": own is not None and own.pk == side.pk,
                "deal_url": _deal_link(user, mine.deal) if mine else "",
            }
        )
    can_record = (
        allowed
        and meeting.event.phase in services.PHASES
        and meeting.status in RECORDABLE
        and meeting.slot.starts_at <= timezone.now()
    )
    return render(
        request,
        "events/outcome_form.html",
        {
            "event": meeting.event,
            "meeting": meeting,
            "rows": rows,
            "own": own,
            "current": recorded.get(own.pk) if own else None,
            "buttons": [(value, OutcomeResult(value).label, style) for value, style in BUTTONS],
            "can_record": can_record,
            "why_not": _why_not(meeting) if allowed and not can_record else "",
            "error": error,
            "note": request.POST.get("note", "") if error else "",
            "notes": request.POST.get("notes", meeting.notes) if error else meeting.notes,
        },
        status=422 if error else 200,
    )


def _why_not(meeting: Meeting) -> str:
    if meeting.event.phase not in services.PHASES:
        return f"活动当前为“{meeting.event.get_phase_display()}”阶段，活动当天和跟进阶段才能记录洽谈结果。"
    if meeting.status not in RECORDABLE:
        return f"该洽谈{meeting.get_status_display()}，不能记录结果。"
    return "洽谈尚未开始，开始后才能记录结果。"


@login_required
def outcome_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The meetings to record: a participant's own, every meeting for the operator and the managers."""
    event = visible_event(request, pk)
    user = request.user
    meetings = event.meetings.exclude(status=MeetingStatus.CANCELLED).select_related(
        "slot__session", "request__sender__organisation", "request__receiver__organisation"
    )
    mine = permissions.own_registration(user, event)
    if not permissions.sees_all_events(user):
        if mine is None:
            raise Http404
        meetings = meetings.filter(request__sender=mine) | meetings.filter(request__receiver=mine)
        meetings = meetings.filter(confirmed=True)  # participants see only the published schedule
    meetings = meetings.prefetch_related("outcomes").order_by("slot__starts_at", "table", "pk")
    rows = []
    for m in meetings:
        results = {o.registration_id: o for o in m.outcomes.all()}
        a, b = m.request.sender, m.request.receiver
        rows.append(
            {
                "meeting": m,
                "a": a,
                "b": b,
                "a_outcome": results.get(a.pk),
                "b_outcome": results.get(b.pk),
                "url": reverse("events:outcome", args=[event.pk, m.pk]),
            }
        )
    return render(
        request,
        "events/outcome_list.html",
        {
            "event": event,
            "rows": rows,
            "mine": mine if not permissions.sees_all_events(user) else None,
            "report_url": reverse("events:report", args=[event.pk])
            if permissions.can_see_report(user, event)
            else "",
        },
    )


# --- the charts -------------------------------------------------------------------------------------------------


@dataclass
class Bar:
    y: int
    width: int
    value: int
    series: int  # which colour (report.css: .bar-0, .bar-1 …)
    label_x: int = 0


@dataclass
class Group:
    label: str
    y: int  # where the label sits
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    """A horizontal bar chart: one group of bars per category, one bar per series, and its table."""

    key: str
    title: str
    series: list[str]
    groups: list[Group]
    width: int
    height: int
    label_width: int
    table: list[list]  # rows: category, then one value per series

    @property
    def legend(self) -> list[tuple[int, str]]:
        return list(enumerate(self.series))

    @property
    def summary(self) -> str:
        parts = [
            f"{row[0]}：" + "，".join(f"{s} {v}" for s, v in zip(self.series, row[1:], strict=True))
            for row in self.table
        ]
        return f"{self.title}。" + "；".join(parts)


BAR, GAP, GROUP_GAP, PLOT, VALUE_ROOM, CHAR = 16, 2, 12, 320, 56, 14


def bar_chart(key: str, title: str, series: list[str], rows: list[tuple[str, list[int]]]) -> Chart:
    """The geometry of a bar chart in SVG user units, scaled to the largest value."""
    top = max((v for _, values in rows for v in values), default=0) or 1
    label_width = min(16, max((len(label) for label, _ in rows), default=4)) * CHAR + 12
    groups, y = [], 8
    for label, values in rows:
        group = Group(label=label, y=0)
        start = y
        for i, value in enumerate(values):
            width = round(PLOT * value / top) if value else 0
            group.bars.append(Bar(y=y, width=max(width, 1 if value else 0), value=value, series=i))
            group.bars[-1].label_x = label_width + max(width, 1) + 6
            y += BAR + GAP
        group.y = (start + y - GAP) // 2 + 5
        groups.append(group)
        y += GROUP_GAP
    return Chart(
        key=key,
        title=title,
        series=series,
        groups=groups,
        width=label_width + PLOT + VALUE_ROOM,
        height=y,
        label_width=label_width,
        table=[[label, *values] for label, values in rows],
    )


def charts(report: services.Report) -> list[Chart]:
    r = report
    return [
        bar_chart(
            "registrations",
            "报名（按参会方类型）",
            ["报名", "审核通过", "签到"],
            [(row["label"], [row["total"], row["approved"], row["checked_in"]]) for row in r.registrations],
        ),
        bar_chart(
            "funnel",
            "从洽谈邀请到技术转移项目",
            ["数量"],
            [
                ("发出邀请", [r.requests["sent"]]),
                ("接受邀请", [r.requests["accepted"]]),
                ("排定洽谈", [r.meetings["scheduled"]]),
                ("举行洽谈", [r.meetings["held"]]),
                ("继续跟进", [r.follow_ups]),
                ("发起项目", [len(r.deals)]),
            ],
        ),
        bar_chart(
            "sessions",
            "各洽谈场次",
            ["排定", "举行", "未到场"],
            [(s.session.label, [s.scheduled, s.held, s.no_shows]) for s in r.sessions],
        ),
        bar_chart(
            "outcomes",
            "洽谈结果（各方记录）",
            ["记录数"],
            [(label, [r.outcomes[value]]) for value, label in OutcomeResult.choices],
        ),
    ]


# --- the report -------------------------------------------------------------------------------------------------


def _reported(request: HttpRequest, pk: int) -> Event:
    event = visible_event(request, pk)
    require(permissions.can_see_report(request.user, event))
    return event


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    event = _reported(request, pk)
    figures = services.event_report(event)
    shown, hidden = services.deals_for(request.user, figures.deals)
    deals = [{"row": row, "url": _deal_link(request.user, row.deal)} for row in shown]
    return render(
        request,
        "events/report.html",
        {
            "event": event,
            "report": figures,
            "overview": overview(figures),
            "charts": charts(figures),
            "deals": deals,
            "deals_hidden": hidden,
            "deals_total": len(figures.deals),
            "outcomes_url": reverse("events:outcomes", args=[event.pk]),
        },
    )


@login_required
def report_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as .xlsx: the overview, registrations, sessions, every meeting with both outcomes, the deals."""
    event = _reported(request, pk)
    r = services.event_report(event)
    book = Workbook()
    sheet = book.active
    sheet.title = "概况"
    append_row(sheet, ["活动", event.title])
    append_row(sheet, ["日期", event.starts_on])
    append_row(sheet, ["地点", event.venue])
    append_row(sheet, ["阶段", event.get_phase_display()])
    for label, value in overview(r):
        append_row(sheet, [label, value])
    sheet = book.create_sheet("报名")
    append_row(sheet, ["参会方类型", "报名", "审核通过", "签到", "名额"])
    for row in r.registrations:
        append_row(sheet, [row["label"], row["total"], row["approved"], row["checked_in"], row["cap"]])
    sheet = book.create_sheet("各场次")
    append_row(
        sheet,
        ["场次", "轮数", "可容纳洽谈", "排定", "举行", "未到场", "继续跟进", "发起项目", "桌位利用率 %"],
    )
    for s in r.sessions:
        append_row(
            sheet,
            [
                s.session.label,
                s.slots,
                s.capacity,
                s.scheduled,
                s.held,
                s.no_shows,
                s.follow_ups,
                s.deals,
                s.utilisation,
            ],
        )
    sheet = book.create_sheet("洽谈")
    append_row(
        sheet,
        ["场次", "时间", "桌号", "邀请方", "受邀方", "状态", "邀请方结果", "受邀方结果", "技术转移项目"],
    )
    meetings = event.meetings.select_related(
        "slot__session", "request__sender__organisation", "request__receiver__organisation"
    ).prefetch_related("outcomes__deal")
    for m in meetings.order_by("slot__starts_at", "table", "pk"):
        results = {o.registration_id: o for o in m.outcomes.all()}
        a, b = results.get(m.request.sender_id), results.get(m.request.receiver_id)
        deal = next((o.deal for o in (a, b) if o and o.deal_id), None)
        if deal is not None and not deal_permissions.can_view(request.user, deal):
            deal = None  # a deal the viewer is not on: counted in the overview, not named
        append_row(
            sheet,
            [
                m.slot.session.label,
                f"{timezone.localtime(m.slot.starts_at):%H:%M}",
                m.table,
                m.request.sender.organisation.name,
                m.request.receiver.organisation.name,
                m.get_status_display(),
                a.get_result_display() if a else "",
                b.get_result_display() if b else "",
                deal.code if deal else "",
            ],
        )
    sheet = book.create_sheet("技术转移项目")
    append_row(sheet, ["项目编号", "项目名称", "阶段", "牵头技术经理人", "洽谈双方", "场次"])
    shown, hidden = services.deals_for(request.user, r.deals)
    for row in shown:
        d = row.deal
        append_row(
            sheet,
            [d.code, d.title, d.get_stage_display(), str(d.lead), row.pair, row.meeting.slot.session.label],
        )
    if hidden:
        append_row(sheet, [f"另有 {hidden} 个项目您不在其团队中，只计数不列出"])
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-report.xlsx"'
    return response


def overview(r: services.Report) -> list[tuple[str, object]]:
    """The headline figures, in the order the page and the export show them."""
    return [
        ("报名机构", r.registered),
        ("审核通过", r.approved),
        ("发出洽谈邀请", r.requests["sent"]),
        ("其中技术经理人推荐", r.requests["proposed"]),
        ("接受", r.requests["accepted"]),
        ("谢绝", r.requests["declined"]),
        ("待回复", r.requests["pending"]),
        ("接受率 %", r.acceptance),
        ("排定洽谈", r.meetings["scheduled"]),
        ("已举行", r.meetings["held"]),
        ("未到场", r.meetings["no_show"]),
        ("已取消", r.meetings["cancelled"]),
        ("到场率 %", r.attendance),
        ("继续跟进的洽谈", r.follow_ups),
        ("发起技术转移项目", len(r.deals)),
    ]


urls = [
    path("<int:pk>/outcomes/", outcome_list, name="outcomes"),
    path("<int:pk>/meetings/<int:meeting_pk>/outcome/", outcome, name="outcome"),
    path("<int:pk>/report/", report, name="report"),
    path("<int:pk>/report/export/", report_export, name="report_export"),
]
