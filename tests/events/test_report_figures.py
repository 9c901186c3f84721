"""The event report on a hand-built event: registrations by type, requests, meetings, outcomes, deals opened
and per-session figures; the page (operator and managers, with an SVG chart and a table behind each) and its
Excel export."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Organisation
from hardtech.events.choices import (
    MeetingStatus,
    OutcomeResult,
    ParticipantType,
    Phase,
    RegistrationStatus,
    RequestStatus,
)
from hardtech.events.models import MeetingRequest
from hardtech.events.services.outcomes import event_report, record_outcome
from support.deal_pages import client_as
from support.event_outcomes import meeting, started
from support.event_schedule import participant, to_phase


@pytest.fixture
def built(users, event, supply, demand_side):
    """Two sessions; 4 supply/demand registrations approved (one checked in), one pending, one withdrawn;
    requests: 4 meetings' accepted ones, one declined, one pending, one withdrawn; morning: 2 held (one with a
    deal, one followed up) and 1 no-show; afternoon: 1 scheduled, 1 cancelled."""
    operator = users["operator"]
    s2 = participant(event, "二号高校", ParticipantType.SUPPLY)
    d2 = participant(event, "二号企业", ParticipantType.DEMAND)
    pending = participant(event, "待审企业", ParticipantType.DEMAND)
    pending.status = RegistrationStatus.PENDING
    pending.save()
    gone = participant(event, "撤回投资", ParticipantType.INVESTOR)
    gone.status = RegistrationStatus.WITHDRAWN
    gone.save()
    supply.checked_in_at = supply.created_at
    supply.save()
    day = to_phase(operator, event, Phase.DAY)
    morning, afternoon = list(day.sessions.order_by("starts_at"))
    m1, m2, m3 = (
        started(s, hours=h) for s, h in zip(morning.slots.order_by("index")[:3], (5, 4, 3), strict=True)
    )
    a = meeting(supply, demand_side, m1, 1, proposed_by=users["manager"])
    b = meeting(s2, demand_side, m2, 1)
    meeting(supply, d2, m3, 2, MeetingStatus.NO_SHOW)
    late = afternoon.slots.order_by("index")
    meeting(s2, d2, late[0], 1)
    meeting(d2, supply, late[1], 1, MeetingStatus.CANCELLED)
    for sender, receiver, status in (
        (demand_side, d2, RequestStatus.DECLINED),
        (d2, s2, RequestStatus.SENT),
        (s2, supply, RequestStatus.WITHDRAWN),
    ):
        MeetingRequest.objects.create(event=event, sender=sender, receiver=receiver, status=status)
    record_outcome(users["enterprise"], a, OutcomeResult.START_DEAL)
    record_outcome(users["institution"], a, OutcomeResult.START_DEAL)
    record_outcome(users["enterprise"], b, OutcomeResult.FOLLOW_UP)
    record_outcome(s2.user, b, OutcomeResult.NOT_RELEVANT)
    return day


def test_figures(built):
    r = event_report(built)
    by_type = {row["type"]: row for row in r.registrations}
    assert (by_type["supply"]["total"], by_type["supply"]["approved"], by_type["supply"]["checked_in"]) == (
        2,
        2,
        1,
    )
    assert (by_type["demand"]["total"], by_type["demand"]["approved"]) == (3, 2)
    assert "investor" not in by_type  # withdrawn only, no cap
    assert (r.registered, r.approved) == (5, 4)
    assert r.requests == {
        "sent": 7,
        "accepted": 5,
        "declined": 1,
        "pending": 1,
        "withdrawn": 1,
        "proposed": 1,
    }
    assert r.meetings == {"scheduled": 4, "held": 2, "no_show": 1, "cancelled": 1, "open": 1}
    assert r.outcomes == {"not_relevant": 1, "follow_up": 1, "start_deal": 2}
    assert r.follow_ups == 1 and len(r.deals) == 1
    assert r.acceptance == 83 and r.attendance == 67
    morning, afternoon = r.sessions
    assert (morning.slots, morning.capacity, morning.scheduled, morning.held, morning.no_shows) == (
        4,
        16,
        3,
        2,
        1,
    )
    assert (morning.follow_ups, morning.deals, morning.utilisation) == (1, 1, 19)
    assert (afternoon.scheduled, afternoon.held, afternoon.deals, afternoon.capacity) == (1, 0, 0, 24)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.OPERATOR, 200),
        (Role.MANAGER, 200),
        (Role.ENTERPRISE, 403),
        (Role.INSTITUTION, 403),
        (Role.EXPERT, 403),
        (Role.REGISTRAR, 403),
    ],
)
def test_report_page(users, built, role, status):
    response = client_as(users[role]).get(reverse("events:report", args=[built.pk]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert page.count("<svg") == 4 and page.count('<details class="chart-data">') == 4
        assert "<script" not in page.split("</head>")[1] and "style=" not in page
        deal = event_report(built).deals[0].deal
        assert deal.code in page


def test_deal_link_only_for_who_may_see_it(users, built):
    deal = event_report(built).deals[0].deal
    link = reverse("deals:detail", args=[deal.pk])
    assert (
        link in client_as(users["operator"]).get(reverse("events:report", args=[built.pk])).content.decode()
    )


def test_export(users, built):
    response = client_as(users["operator"]).get(reverse("events:report_export", args=[built.pk]))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["概况", "报名", "各场次", "洽谈", "技术转移项目"]
    overview = {row[0]: row[1] for row in book["概况"].iter_rows(values_only=True)}
    assert overview["排定洽谈"] == 4 and overview["发起技术转移项目"] == 1
    assert book["洽谈"].max_row == 1 + 5
    assert (
        client_as(users["enterprise"]).get(reverse("events:report_export", args=[built.pk])).status_code
        == 403
    )


def test_empty_event(users, event):
    r = event_report(event)
    assert r.registered == 0 and r.acceptance is None and r.attendance is None
    assert client_as(users["operator"]).get(reverse("events:report", args=[event.pk])).status_code == 200


def test_anonymous_is_sent_to_sign_in(built):
    for name in ("events:report", "events:report_export"):
        response = client_as(None).get(reverse(name, args=[built.pk]))
        assert response.status_code == 302 and "login" in response["Location"]


def test_export_cells_are_text(users, built):
    Organisation.objects.filter(name="二号企业").update(name="=HYPERLINK(1)")
    response = client_as(users["operator"]).get(reverse("events:report_export", args=[built.pk]))
    sheet = load_workbook(BytesIO(response.content))["洽谈"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert cells and all(c.data_type == "s" for c in cells)
