"""The listing review (catalogue/workflow.py) tells the owners: approval "条目通过审核", a return "条目被退回" with
the reviewer's note — to the users who answer for the listing and to whoever created it, never to the
reviewer; submitting and withdrawing tell nobody. Its steps are audited with their name (shown in the history),
note and actor, and the buttons follow who may take which step."""

import pytest

from hardtech.accounts.models import Role, User
from hardtech.audit.context import acting_as
from hardtech.audit.recorder import history
from hardtech.catalogue.models import Demand
from hardtech.catalogue.services import transition
from hardtech.catalogue.workflow import REVIEW
from hardtech.core.history import history_rows
from hardtech.core.workflow import available
from hardtech.notifications.models import Notification

OP, MAN, INST, ENT, EXP = Role.OPERATOR, Role.MANAGER, Role.INSTITUTION, Role.ENTERPRISE, Role.EXPERT


@pytest.fixture
def pending(users, enterprise) -> Demand:
    """Filed by the technology manager for the enterprise, waiting for review."""
    return Demand.objects.create(
        title="散热模组",
        field="new_materials",
        enterprise=enterprise,
        problem="热阻高",
        status="pending",
        created_by=users[MAN],
    )


@pytest.fixture
def colleague(enterprise) -> User:
    return User.objects.create_user("enterprise-2", role=ENT, organisation=enterprise)


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_approval_tells_the_owners_and_the_creator(users, pending, colleague):
    transition(users[OP], pending, "approve", "材料完整")
    assert told("listing.approved") == {"enterprise", "enterprise-2", "manager"}
    notice = Notification.objects.get(recipient=users[ENT])
    assert (notice.title, notice.body, notice.actor) == (
        "“散热模组”已通过审核",
        "审核意见：材料完整",
        users[OP],
    )
    assert notice.url == f"/demands/{pending.pk}/"


def test_a_return_tells_them_the_note(users, pending):
    transition(users[OP], pending, "reject", "请补充技术指标")
    assert told("listing.returned") == {"enterprise", "manager"}
    assert Notification.objects.get(recipient=users[ENT]).body == "审核意见：请补充技术指标"


def test_the_reviewer_is_not_told_of_their_own_step(users, enterprise):
    own = Demand.objects.create(
        title="自审",
        field="new_materials",
        enterprise=enterprise,
        problem="x",
        status="pending",
        created_by=users[OP],
    )
    transition(users[OP], own, "approve")
    assert users[OP].username not in told("listing.approved")


def test_submitting_and_withdrawing_tell_nobody(users, pending):
    transition(users[ENT], pending, "withdraw")
    transition(users[ENT], pending, "submit")
    assert not Notification.objects.exists()


def test_a_step_is_audited_with_its_name_note_and_actor(users, pending):
    with acting_as(users[OP], "api"):
        transition(users[OP], pending, "reject", "请补充技术指标")
    entry = history(pending).first()
    assert (entry.actor, entry.channel) == (users[OP], "api")
    assert entry.changes["status"] == ["pending", "rejected"]
    assert entry.changes["review_note"] == ["", "请补充技术指标"]
    assert entry.changes["transition"] == "退回"


@pytest.mark.parametrize(
    ("role", "buttons"),
    [
        (OP, ["approve", "reject", "withdraw"]),
        (MAN, ["withdraw"]),
        (ENT, ["withdraw"]),
        (INST, []),
        (EXP, []),
    ],
)
def test_the_buttons_of_a_pending_demand(users, pending, role, buttons):
    assert [t.name for t in available(REVIEW, users[role], pending)] == buttons


def test_the_history_names_the_step(users, pending):
    transition(users[OP], pending, "reject", "请补充技术指标")
    [row, *_] = history_rows(pending)
    assert ("流程操作", "", "退回") in [(c.label, c.old, c.new) for c in row.changes]
