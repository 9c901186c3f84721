"""Registering for an event: the user's own organisation, the event's own sessions (an availability outside them
is refused with a message), at most as many meetings as the chosen sessions have slots, the organisation's own
published listings, once per organisation, only while registration is open."""

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.events.choices import ParticipantType, RegistrationStatus
from hardtech.events.services import events, registrations
from support.event_fixtures import TZ


def sign_up(user, event, organisation, **overrides):
    fields = {
        "type": ParticipantType.SUPPLY,
        "sessions": list(event.sessions.all()),
        "max_meetings": 4,
        "contact_name": "张老师",
        "contact_phone": "029-88880000",
    }
    fields.update(overrides)
    return registrations.register(user, event, organisation, **fields)


@pytest.fixture
def other_event(users):
    operator = users["operator"]
    item = events.create_event(
        operator, {"title": "路演日", "venue": "会议中心", "starts_on": date(2026, 12, 20)}
    )
    events.add_session(operator, item, "全天", datetime(2026, 12, 20, 9, 0, tzinfo=TZ), 30, 3)
    return item


def test_register_pending_with_listings(event, users, university, achievement):
    registration = sign_up(
        users["institution"], event, university, offers=[achievement], interests="激光器封装"
    )
    assert registration.status == RegistrationStatus.PENDING
    assert list(registration.offers.all()) == [achievement]
    assert registration.sessions.count() == 2


def test_availability_outside_the_events_sessions_is_refused(event, other_event, users, university):
    foreign = other_event.sessions.get()
    with pytest.raises(ValidationError) as exc:
        sign_up(users["institution"], event, university, sessions=[event.sessions.first(), foreign])
    assert exc.value.message_dict["sessions"] == ["可参加时间须为本活动的洽谈场次，“全天”不是本活动的场次"]


def test_a_session_is_needed(event, users, university):
    with pytest.raises(ValidationError) as exc:
        sign_up(users["institution"], event, university, sessions=[])
    assert exc.value.message_dict["sessions"] == ["请至少选择一个可参加的洽谈场次"]


def test_max_meetings_at_most_the_slots_of_the_chosen_sessions(event, users, university):
    morning = event.sessions.get(label="上午")  # 4 slots
    with pytest.raises(ValidationError) as exc:
        sign_up(users["institution"], event, university, sessions=[morning], max_meetings=5)
    assert exc.value.message_dict["max_meetings"] == ["最多洽谈场次不能超过所选场次的总轮数（4 轮）"]
    assert (
        sign_up(users["institution"], event, university, sessions=[morning], max_meetings=4).max_meetings == 4
    )


def test_only_for_ones_own_organisation(event, users, enterprise):
    with pytest.raises(PermissionDenied):
        sign_up(users["institution"], event, enterprise)


def test_only_own_published_listings(event, users, university, demand):
    with pytest.raises(ValidationError) as exc:
        sign_up(users["institution"], event, university, seeks=[demand])
    assert "只能关联本机构已发布的技术需求" in exc.value.message_dict["seeks"][0]


def test_one_registration_per_organisation(event, users, university):
    sign_up(users["institution"], event, university)
    with pytest.raises(ValidationError) as exc:
        sign_up(users["institution"], event, university)
    assert exc.value.message_dict["organisation"] == ["“西安测试大学”已报名本活动，每个机构只能报名一次"]


def test_withdrawn_registration_signs_up_again(event, users, university):
    first = sign_up(users["institution"], event, university)
    registrations.withdraw(users["institution"], first)
    again = sign_up(users["institution"], event, university, max_meetings=2)
    assert again.pk == first.pk and again.status == RegistrationStatus.PENDING and again.max_meetings == 2


def test_only_while_registration_is_open(event, users, university):
    events.move(users["operator"], event, "open_booking")
    event.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        sign_up(users["institution"], event, university)
    assert exc.value.message_dict["phase"] == ["活动当前为“预约洽谈”阶段，不在报名期内"]


def test_update_checks_the_same_rules(event, other_event, users, university):
    registration = sign_up(users["institution"], event, university)
    with pytest.raises(ValidationError) as exc:
        registrations.update_registration(
            users["institution"], registration, {"sessions": list(other_event.sessions.all())}
        )
    assert "不是本活动的场次" in exc.value.message_dict["sessions"][0]
    saved = registrations.update_registration(
        users["institution"], registration, {"auto_accept": True, "interests": " 散热 "}
    )
    assert saved.auto_accept and saved.interests == "散热"


def test_outsider_cannot_edit(event, users, university):
    registration = sign_up(users["institution"], event, university)
    with pytest.raises(PermissionDenied):
        registrations.update_registration(users["enterprise"], registration, {"auto_accept": True})
    with pytest.raises(PermissionDenied):
        registrations.withdraw(users["enterprise"], registration)
