"""Programme items and matchmaking sessions belong to the event's day (Asia/Shanghai): one on another day, a
session running past midnight, and a session overlapping a talk or a roadshow (either added first) are refused
with a message; a break may run beside a session."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hardtech.events.models import ProgrammeItem, Session
from hardtech.events.services import events
from support.deal_pages import client_as
from support.event_fixtures import TZ

pytestmark = pytest.mark.django_db


def at(month, day, hour, minute=0, year=2026):
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


def item(users, event, kind, starts_at, ends_at, title="主旨报告"):
    return events.add_programme_item(
        users["operator"], event, kind=kind, title=title, starts_at=starts_at, ends_at=ends_at
    )


def refusal(excinfo) -> str:
    return "；".join(excinfo.value.messages)


def test_an_item_on_another_day_is_refused(users, event):
    with pytest.raises(ValidationError) as refused:
        item(users, event, "talk", at(3, 1, 9, 30, year=2027), at(3, 1, 10, 30, year=2027))
    assert "须在活动当天（12月18日）" in refusal(refused)
    # the day is Shanghai's: 00:30 on the 18th there is still the 17th in UTC
    assert item(users, event, "other", at(12, 18, 0, 30), at(12, 18, 1, 0), title="签到")
    with pytest.raises(ValidationError):
        item(users, event, "other", at(12, 17, 23, 30), at(12, 18, 0, 30))
    with pytest.raises(ValidationError) as late:
        item(users, event, "other", at(12, 18, 23, 30), at(12, 19, 0, 30))
    assert "午夜" in refusal(late)
    assert not ProgrammeItem.objects.filter(title="主旨报告").exists()


def test_a_session_on_another_day_or_past_midnight_is_refused(users, event):
    with pytest.raises(ValidationError) as other_day:
        events.add_session(users["operator"], event, "次日", at(12, 19, 9), 30, 2)
    assert "须在活动当天" in refusal(other_day)
    with pytest.raises(ValidationError) as overnight:
        events.add_session(users["operator"], event, "晚间", at(12, 18, 22), 60, 4)
    assert "不能跨过午夜" in refusal(overnight)
    assert events.add_session(users["operator"], event, "晚间", at(12, 18, 22), 60, 2)  # ends at 24:00


@pytest.mark.parametrize("kind", ["talk", "roadshow"])
def test_a_talk_or_roadshow_may_not_overlap_a_session(users, event, kind):
    with pytest.raises(ValidationError) as refused:
        item(users, event, kind, at(12, 18, 9, 30), at(12, 18, 10, 30))  # inside the morning session
    assert "与洽谈场次“上午”" in refusal(refused)
    item(users, event, kind, at(12, 18, 8), at(12, 18, 9))  # just before it
    with pytest.raises(ValidationError) as session:
        events.add_session(users["operator"], event, "早场", at(12, 18, 7, 30), 30, 2)  # runs into the talk
    assert "时间重叠" in refusal(session)
    assert not Session.objects.filter(label="早场").exists()


def test_a_break_may_run_beside_a_session(users, event):
    assert item(users, event, "break", at(12, 18, 10), at(12, 18, 10, 20), title="茶歇")
    assert events.add_session(users["operator"], event, "晚场", at(12, 18, 19), 30, 2)
    item(users, event, "break", at(12, 18, 19), at(12, 18, 19, 30), title="茶歇二")


def test_the_setup_page_shows_the_refusal(users, event):
    response = client_as(users["operator"]).post(
        reverse("events:programme_add", args=[event.pk]),
        {
            "kind": "talk",
            "title": "错日报告",
            "starts_at": "2027-03-01T09:30",
            "ends_at": "2027-03-01T10:30",
        },
    )
    assert response.status_code == 200 and "须在活动当天" in response.content.decode()
    assert not ProgrammeItem.objects.filter(title="错日报告").exists()
