"""The event list and the public event page: anonymous visitors see public events past set-up with their
programme and sessions (slot times) and a sign-in-to-register button, never the participants; participants and
managers see the participants; the operator sees the phase buttons and the set-up links."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hardtech.events.services import events
from support.deal_pages import client_as
from support.event_fixtures import TZ


@pytest.fixture
def draft(users):
    return events.create_event(
        users["operator"], {"title": "筹备中的路演", "venue": "大厦", "starts_on": date(2026, 12, 30)}
    )


@pytest.fixture
def past(users):
    item = events.create_event(
        users["operator"],
        {"title": "往期对接会", "venue": "会议中心", "starts_on": timezone.localdate() - timedelta(days=30)},
    )
    start = datetime.combine(item.starts_on, datetime.min.time(), tzinfo=TZ) + timedelta(hours=9)
    events.add_session(users["operator"], item, "上午", start, 30, 2)
    return events.move(users["operator"], item, "open_registration")


def test_list_for_anonymous(event, draft, past):
    response = client_as(None).get(reverse("events:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert event.title in page and past.title in page and draft.title not in page


def test_operator_sees_events_in_setup(users, event, draft):
    page = client_as(users["operator"]).get(reverse("events:list")).content.decode()
    assert draft.title in page and "创建对接活动" in page


def test_public_page_for_anonymous(users, event, supply):
    events.add_programme_item(
        users["operator"],
        event,
        kind="talk",
        title="高校科技成果转化政策解读",
        speaker="王主任",
        starts_at=datetime(2026, 12, 18, 8, 30, tzinfo=TZ),
        ends_at=datetime(2026, 12, 18, 9, 0, tzinfo=TZ),
    )
    response = client_as(None).get(reverse("events:detail", args=[event.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "高校科技成果转化政策解读" in page and "王主任" in page
    assert "第1轮 09:00–09:30" in page and "第6轮 15:40–16:00" in page
    assert "登录后报名" in page
    assert response.context["participants"] is None and supply.organisation.name not in page
    assert "开放预约洽谈" not in page and "活动设置" not in page


def test_setup_and_private_events_are_hidden(users, event, draft):
    assert client_as(None).get(reverse("events:detail", args=[draft.pk])).status_code == 404
    events.update_event(users["operator"], event, {"public": False})
    assert client_as(None).get(reverse("events:detail", args=[event.pk])).status_code == 404
    assert client_as(users["expert"]).get(reverse("events:detail", args=[event.pk])).status_code == 404
    assert client_as(users["manager"]).get(reverse("events:detail", args=[event.pk])).status_code == 200


def test_participants_see_participants(users, event, supply, demand_side):
    page = client_as(users["institution"]).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "秦创测试科技有限公司" in page and "参会机构（2）" in page
    assert "我的报名" in page and "报名参会" not in page


def test_organisation_member_sees_register_button(users, event):
    page = client_as(users["enterprise"]).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert 'id="register-button"' in page
    assert (
        client_as(users["expert"]).get(reverse("events:detail", args=[event.pk])).context["can_register"]
        is False
    )


def test_operator_sees_phase_buttons_and_setup_links(users, event):
    response = client_as(users["operator"]).get(reverse("events:detail", args=[event.pk]))
    page = response.content.decode()
    assert [s["name"] for s in response.context["steps"]] == ["open_booking"]
    assert reverse("events:step", args=[event.pk, "open_booking"]) in page
    for name in ("edit", "session_add", "programme_add", "registrations"):
        assert reverse(f"events:{name}", args=[event.pk]) in page
    manager_page = client_as(users["manager"]).get(reverse("events:detail", args=[event.pk]))
    assert manager_page.context["steps"] == [] and "活动设置" not in manager_page.content.decode()
    assert reverse("events:propose", args=[event.pk]) in manager_page.content.decode()


def test_day_links_follow_the_phase(users, event, supply):
    from hardtech.events.services import events as setup

    operator = client_as(users["operator"])
    assert operator.get(reverse("events:detail", args=[event.pk])).context["day_links"] == []
    setup.move(users["operator"], event, "open_booking")
    setup.move(users["operator"], event, "start_scheduling")
    labels = [
        label for label, _ in operator.get(reverse("events:detail", args=[event.pk])).context["day_links"]
    ]
    assert "排程" in labels and "活动当天" in labels
    participant = client_as(users["institution"]).get(reverse("events:detail", args=[event.pk]))
    assert [label for label, _ in participant.context["day_links"]] == ["我的洽谈日程"]
    assert client_as(None).get(reverse("events:detail", args=[event.pk])).context["day_links"] == []


def test_registering_outside_the_registration_phase(users, event):
    from hardtech.events.services import events as setup

    setup.move(users["operator"], event, "open_booking")
    response = client_as(users["enterprise"]).get(reverse("events:register", args=[event.pk]))
    assert response.status_code == 302 and response.url == reverse("events:detail", args=[event.pk])
