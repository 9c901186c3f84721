"""A participant's agenda: its published meetings in time order with the table, the counterpart and what it
offers and seeks; printable; as an .ics file (one VEVENT per meeting, Asia/Shanghai). A participant sees only its
own agenda; the operator any."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from hardtech.accounts.models import Role
from hardtech.events.choices import MeetingStatus, ParticipantType, Phase
from hardtech.events.models import Meeting
from hardtech.events.services import events
from hardtech.events.services.scheduling import publish, run_schedule
from hardtech.events.views import day as day_views
from support.deal_pages import client_as
from support.event_schedule import accepted, participant, to_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(event, users, supply, demand_side, achievement, demand):
    operator = users[Role.OPERATOR]
    event = to_phase(operator, event, Phase.SCHEDULING)
    supply.offers.add(achievement)
    demand_side.seeks.add(demand)
    accepted(supply, demand_side, priority=5)
    other = participant(event, "第二家企业", ParticipantType.DEMAND)
    accepted(supply, other)
    run_schedule(operator, event)
    publish(operator, event)
    return event


def test_own_agenda_lists_meetings_with_counterparts(published, supply, demand_side, achievement, demand):
    response = client_as(demand_side.user).get(reverse("events:agenda", args=[published.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert supply.organisation.name in html and achievement.title in html
    assert "号桌" in html and "下载日历" in html and "打印" in html
    assert "第二家企业" not in html  # not its meeting
    rows = response.context["rows"]
    assert [r["other"] for r in rows] == [supply]
    mine = client_as(supply.user).get(reverse("events:agenda", args=[published.pk]))
    assert {r["other"].organisation.name for r in mine.context["rows"]} == {
        demand_side.organisation.name,
        "第二家企业",
    }
    starts = [r["slot"].starts_at for r in mine.context["rows"]]
    assert starts == sorted(starts) and demand.title in mine.content.decode()


def test_unpublished_meetings_are_not_shown_to_participants(event, users, supply, demand_side):
    operator = users[Role.OPERATOR]
    event = to_phase(operator, event, Phase.SCHEDULING)
    accepted(supply, demand_side)
    run_schedule(operator, event)
    response = client_as(supply.user).get(reverse("events:agenda", args=[event.pk]))
    assert response.context["rows"] == [] and "日程尚未发布" in response.content.decode()
    seen = client_as(operator).get(reverse("events:agenda", args=[event.pk]) + f"?registration={supply.pk}")
    assert len(seen.context["rows"]) == 1


def test_a_participant_sees_only_its_own_agenda(published, users, supply, demand_side):
    url = reverse("events:agenda", args=[published.pk]) + f"?registration={supply.pk}"
    assert client_as(demand_side.user).get(url).status_code == 403
    assert (
        client_as(demand_side.user)
        .get(reverse("events:agenda_ics", args=[published.pk]) + f"?registration={supply.pk}")
        .status_code
        == 403
    )
    assert client_as(users[Role.OPERATOR]).get(url).status_code == 200
    outsider = client_as(users[Role.EXPERT]).get(reverse("events:agenda", args=[published.pk]))
    assert outsider.status_code == 404
    operator = client_as(users[Role.OPERATOR]).get(reverse("events:agenda", args=[published.pk]))
    assert operator.status_code == 302 and operator["Location"] == reverse("events:day", args=[published.pk])


def test_ics_has_one_event_per_meeting_in_shanghai_time(published, supply):
    response = client_as(supply.user).get(reverse("events:agenda_ics", args=[published.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    items = [c for c in calendar.walk("VEVENT")]
    meetings = Meeting.objects.filter(event=published, request__sender=supply).select_related("slot")
    assert len(items) == meetings.count() == 2
    starts = sorted(item.decoded("dtstart") for item in items)
    assert starts == sorted(m.slot.starts_at for m in meetings)
    assert all(str(item["dtstart"].dt.tzinfo) == "Asia/Shanghai" for item in items)
    assert any("号桌" in str(item["summary"]) for item in items)
    assert calendar.walk("VTIMEZONE")


def test_ics_leaves_out_cancelled_meetings(published, supply):
    meeting = Meeting.objects.filter(event=published, request__sender=supply).first()
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    calendar = Calendar.from_ical(
        client_as(supply.user).get(reverse("events:agenda_ics", args=[published.pk])).content
    )
    assert len(calendar.walk("VEVENT")) == 1


def test_sides_record_the_meeting_and_cancel_from_the_agenda(published, users, supply, monkeypatch):
    events.move(users[Role.OPERATOR], published, "start_day")
    meetings = list(
        Meeting.objects.filter(event=published, request__sender=supply).order_by("slot__starts_at")
    )
    monkeypatch.setattr(day_views, "now", lambda: meetings[0].slot.starts_at)
    client = client_as(supply.user)
    page = client.get(reverse("events:agenda", args=[published.pk]))
    assert "已举行" in page.content.decode()
    client.post(reverse("events:meeting_status", args=[published.pk, meetings[0].pk]), {"status": "held"})
    meetings[0].refresh_from_db()
    assert meetings[0].status == MeetingStatus.HELD
    client.post(reverse("events:meeting_cancel", args=[published.pk, meetings[1].pk]))
    meetings[1].refresh_from_db()
    assert meetings[1].status == MeetingStatus.CANCELLED
    stranger = participant(published, "无关企业", ParticipantType.DEMAND)
    response = client_as(stranger.user).post(
        reverse("events:meeting_status", args=[published.pk, meetings[0].pk]), {"status": "no_show"}
    )
    assert response.status_code == 403


def test_only_a_side_or_the_operator_is_offered_the_cancel_button(published, users, supply):
    url = reverse("events:agenda", args=[published.pk]) + f"?registration={supply.pk}"
    assert "取消这场洽谈" in client_as(users[Role.OPERATOR]).get(url).content.decode()
    seen = client_as(users[Role.MANAGER]).get(url)
    assert seen.status_code == 200 and "取消这场洽谈" not in seen.content.decode()
    own = client_as(supply.user).get(reverse("events:agenda", args=[published.pk]))
    assert "取消这场洽谈" in own.content.decode()


def test_started_meeting_offers_its_outcome_form_on_the_day(published, users, supply, monkeypatch):
    meeting = Meeting.objects.get(
        request__sender=supply, request__receiver__organisation__name="秦创测试科技有限公司"
    )
    outcome = reverse("events:outcome", args=[published.pk, meeting.pk])
    page = client_as(supply.user).get(reverse("events:agenda", args=[published.pk])).content.decode()
    assert outcome not in page  # before the day
    published = events.move(users[Role.OPERATOR], published, "start_day")
    monkeypatch.setattr(day_views, "now", lambda: meeting.slot.starts_at)
    page = client_as(supply.user).get(reverse("events:agenda", args=[published.pk])).content.decode()
    assert outcome in page and "记录洽谈结果" in page
