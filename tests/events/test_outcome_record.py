"""Each side records one outcome of a meeting, in one tap, and may change it; recording marks the meeting held;
the operator records for a side it names; a cancelled, missed or not yet started meeting takes none."""

import pytest
from django.core.exceptions import ValidationError

from hardtech.events.choices import MeetingStatus, OutcomeResult, Phase
from hardtech.events.models import Outcome
from hardtech.events.services.outcomes import record_outcome
from hardtech.notifications.models import Notification
from support.event_outcomes import meeting, started
from support.event_schedule import to_phase


@pytest.fixture
def held_day(users, event):
    return to_phase(users["operator"], event, Phase.DAY)


@pytest.fixture
def talk(held_day, supply, demand_side):
    slot = started(held_day.sessions.first().slots.first())
    return meeting(supply, demand_side, slot)


def test_one_outcome_per_side(users, talk, supply, demand_side):
    a = record_outcome(users["institution"], talk, OutcomeResult.FOLLOW_UP, "下周寄样品")
    b = record_outcome(users["enterprise"], talk, OutcomeResult.NOT_RELEVANT)
    assert (a.registration, b.registration) == (supply, demand_side)
    assert a.note == "下周寄样品" and a.author == users["institution"]
    talk.refresh_from_db()
    assert talk.status == MeetingStatus.HELD
    assert Outcome.objects.filter(meeting=talk).count() == 2


def test_outcome_is_changeable(users, talk, supply):
    record_outcome(users["institution"], talk, OutcomeResult.NOT_RELEVANT)
    again = record_outcome(users["institution"], talk, OutcomeResult.FOLLOW_UP, "再谈一次")
    assert Outcome.objects.get(meeting=talk, registration=supply).result == OutcomeResult.FOLLOW_UP
    assert again.note == "再谈一次" and Outcome.objects.filter(meeting=talk).count() == 1


def test_other_side_is_told(users, talk):
    record_outcome(users["institution"], talk, OutcomeResult.FOLLOW_UP)
    told = Notification.objects.filter(recipient=users["enterprise"], kind="event.outcome")
    assert told.count() == 1 and "继续跟进" in told.get().title
    record_outcome(users["institution"], talk, OutcomeResult.FOLLOW_UP, "同一结果只改备注")
    assert told.count() == 1


def test_operator_names_the_side(users, talk, demand_side):
    with pytest.raises(ValidationError) as exc:
        record_outcome(users["operator"], talk, OutcomeResult.FOLLOW_UP)
    assert "side" in exc.value.message_dict
    saved = record_outcome(users["operator"], talk, OutcomeResult.FOLLOW_UP, side=demand_side)
    assert saved.registration == demand_side and saved.author == users["operator"]


def test_a_side_records_only_its_own(users, talk, supply, demand_side):
    saved = record_outcome(users["enterprise"], talk, OutcomeResult.FOLLOW_UP, side=supply)
    assert saved.registration == demand_side


@pytest.mark.parametrize("status", [MeetingStatus.CANCELLED, MeetingStatus.NO_SHOW])
def test_no_outcome_for_a_meeting_not_held(users, talk, status):
    talk.status = status
    talk.save()
    with pytest.raises(ValidationError):
        record_outcome(users["institution"], talk, OutcomeResult.FOLLOW_UP)
    assert not Outcome.objects.exists()


def test_not_before_the_meeting_starts(users, held_day, supply, demand_side):
    talk = meeting(supply, demand_side, held_day.sessions.last().slots.last())  # 2026-12-18 afternoon
    with pytest.raises(ValidationError, match="尚未开始"):
        record_outcome(users["institution"], talk, OutcomeResult.FOLLOW_UP)
    assert (
        record_outcome(users["institution"], talk, OutcomeResult.FOLLOW_UP, at=talk.slot.ends_at).result
        == OutcomeResult.FOLLOW_UP
    )


def test_only_on_the_day_and_in_follow_up(users, event, supply, demand_side):
    talk = meeting(supply, demand_side, started(event.sessions.first().slots.first()))
    with pytest.raises(ValidationError, match="报名"):
        record_outcome(users["institution"], talk, OutcomeResult.FOLLOW_UP)
    to_phase(users["operator"], event, Phase.FOLLOW_UP)
    assert record_outcome(users["institution"], talk, OutcomeResult.FOLLOW_UP).pk


def test_unknown_result_and_long_note(users, talk):
    with pytest.raises(ValidationError):
        record_outcome(users["institution"], talk, "maybe")
    with pytest.raises(ValidationError):
        record_outcome(users["institution"], talk, OutcomeResult.FOLLOW_UP, "长" * 501)


def test_notes_written_with_the_outcome(users, talk):
    record_outcome(users["institution"], talk, OutcomeResult.FOLLOW_UP, notes="  约定寄样品\n下周回访  ")
    talk.refresh_from_db()
    assert talk.notes == "约定寄样品\n下周回访"
    record_outcome(users["enterprise"], talk, OutcomeResult.FOLLOW_UP)  # no notes given: left as they are
    talk.refresh_from_db()
    assert talk.notes == "约定寄样品\n下周回访"
    with pytest.raises(ValidationError):
        record_outcome(users["enterprise"], talk, OutcomeResult.FOLLOW_UP, notes="长" * 5001)
