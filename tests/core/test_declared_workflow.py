"""The declared-workflow mechanism (hardtech.core.workflow) on a toy workflow over demands: who may, the state,
the required note, the timestamp, only the workflow's fields written, the audit entry, notifications only
when the step commits, the buttons (available) and the description."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from hardtech.accounts.models import Role
from hardtech.audit.context import acting_as
from hardtech.audit.recorder import history
from hardtech.catalogue.models import Demand
from hardtech.catalogue.workflow import LISTING_RETURNED
from hardtech.core.workflow import (
    Note,
    Notice,
    State,
    Transition,
    Workflow,
    WrongState,
    available,
    describe,
    run,
)
from hardtech.notifications.models import Notification


def is_operator(user, obj) -> bool:
    """管委会"""
    return user.role == Role.OPERATOR


def anyone(user, obj) -> bool:
    """任何登录用户"""
    return user.is_authenticated


def the_owner(demand):
    return list(demand.enterprise.users.all())


TOY = Workflow(
    "toy",
    "玩具流程",
    states=(State("draft", "草稿"), State("pending", "待审核"), State("rejected", "已退回")),
    transitions=(
        Transition("ask", "提交", ("draft", "rejected"), "pending", anyone, stamp="submitted_at"),
        Transition(
            "send_back",
            "退回",
            ("pending",),
            "rejected",
            is_operator,
            note=Note.REQUIRED,
            notices=(Notice(LISTING_RETURNED, the_owner, "“{obj.title}”被退回", "意见：{note}"),),
            refused="只有待审核的才能退回（当前：{state}）",
        ),
    ),
    note_field="review_note",
    version_field="version",
    page=lambda demand: f"/demands/{demand.pk}/",
)


@pytest.fixture
def toy(enterprise) -> Demand:
    return Demand.objects.create(title="玩具需求", field="new_materials", enterprise=enterprise, problem="x")


@pytest.fixture
def owner(users):
    user = users[Role.ENTERPRISE]
    user.email = "owner@qinchuang.example"
    user.save()
    return user


def test_a_transition_moves_the_state_and_sets_its_timestamp(toy, users):
    saved = run(TOY, "ask", users[Role.MANAGER], toy)
    toy.refresh_from_db()
    assert (saved.status, toy.status) == ("pending", "pending")
    assert toy.submitted_at is not None and toy.version == 2


def test_who_may_is_checked_first(toy, users):
    run(TOY, "ask", users[Role.MANAGER], toy)
    with pytest.raises(PermissionDenied, match="无权退回"):
        run(TOY, "send_back", users[Role.MANAGER], toy, "意见")
    toy.refresh_from_db()
    assert toy.status == "pending" and toy.version == 2


def test_a_wrong_state_is_refused_with_its_message(toy, users):
    with pytest.raises(WrongState, match=r"只有待审核的才能退回（当前：草稿）"):
        run(TOY, "send_back", users[Role.OPERATOR], toy, "意见")
    run(TOY, "ask", users[Role.MANAGER], toy)
    with pytest.raises(WrongState, match="“待审核”状态不能提交"):
        run(TOY, "ask", users[Role.MANAGER], toy)


@pytest.mark.parametrize("note", ["", "   ", "带控制字符\x07的意见", "长" * 501])
def test_a_required_note_must_be_given_and_valid(toy, users, note):
    run(TOY, "ask", users[Role.MANAGER], toy)
    with pytest.raises(ValidationError) as exc:
        run(TOY, "send_back", users[Role.OPERATOR], toy, note)
    assert list(exc.value.message_dict) == ["note"]
    toy.refresh_from_db()
    assert toy.status == "pending" and toy.review_note == ""


def test_only_the_workflow_fields_are_written(toy, users):
    """An edit saved between reading the record and taking the step survives it."""
    Demand.objects.filter(pk=toy.pk).update(title="别人刚改的标题")
    run(TOY, "ask", users[Role.MANAGER], toy)  # `toy` still holds the old title
    toy.refresh_from_db()
    assert (toy.title, toy.status) == ("别人刚改的标题", "pending")


def test_the_audit_entry_names_the_transition_the_note_and_the_actor(toy, users):
    operator = users[Role.OPERATOR]
    run(TOY, "ask", users[Role.MANAGER], toy)
    with acting_as(operator, "web"):
        run(TOY, "send_back", operator, toy, "请补充指标")
    entry = history(toy).first()
    assert entry.actor == operator
    assert entry.changes["status"] == ["pending", "rejected"]
    assert entry.changes["review_note"] == ["", "请补充指标"]
    assert entry.changes["transition"] == "退回"


def test_notifications_are_sent_when_the_step_commits(toy, users, owner, django_capture_on_commit_callbacks):
    operator = users[Role.OPERATOR]
    run(TOY, "ask", users[Role.MANAGER], toy)
    with django_capture_on_commit_callbacks(execute=True):
        run(TOY, "send_back", operator, toy, "请补充指标")
    [notification] = Notification.objects.all()
    assert (notification.recipient, notification.kind, notification.actor) == (
        owner,
        "listing.returned",
        operator,
    )
    assert notification.title == "“玩具需求”被退回" and notification.body == "意见：请补充指标"
    assert notification.url == f"/demands/{toy.pk}/"
    [message] = mail.outbox
    assert message.to == [owner.email] and "请补充指标" in message.body


def test_a_rolled_back_step_notifies_nobody(toy, users, owner, django_capture_on_commit_callbacks):
    run(TOY, "ask", users[Role.MANAGER], toy)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        run(TOY, "send_back", users[Role.OPERATOR], toy, "请补充指标")
        raise RuntimeError("the surrounding change fails")
    toy.refresh_from_db()
    assert toy.status == "pending"
    assert not Notification.objects.exists() and mail.outbox == []


def test_available_lists_the_buttons_a_user_may_press(toy, users):
    operator, manager = users[Role.OPERATOR], users[Role.MANAGER]
    assert [t.name for t in available(TOY, manager, toy)] == ["ask"]
    run(TOY, "ask", manager, toy)
    toy.refresh_from_db()
    assert [t.name for t in available(TOY, manager, toy)] == []
    assert [t.name for t in available(TOY, operator, toy)] == ["send_back"]


def test_a_workflow_naming_an_unknown_state_is_refused():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow("bad", "坏", (State("a", "甲"),), (Transition("go", "走", ("a",), "b", anyone),))


def test_describe_draws_the_diagram_and_the_table():
    text = describe(TOY)
    assert "stateDiagram-v2" in text and "draft --> pending: 提交" in text
    assert "| 退回 | `send_back` | 待审核 | 已退回 | 管委会 | 必填 |  | 条目被退回 |" in text
