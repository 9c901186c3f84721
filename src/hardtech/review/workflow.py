"""A review round's course, declared here and run by hardtech.core.workflow:

    草稿 ──分配专家（services.run_assignment）──▶ 分配专家 ──开始评审──▶ 评审中 ──结束评审──▶ 已结束

The operator (管委会) takes every step; scores are taken only while the round is 评审中, and the calibrated
results are final once it is 已结束.
"""

from django.urls import reverse

from hardtech.core.workflow import State, Transition, Workflow

from . import permissions
from .models import Round, RoundState

DRAFT, ASSIGNING, SCORING, CLOSED = (s.value for s in RoundState)


def may_manage(user, obj: Round) -> bool:
    """管委会"""
    return permissions.can_manage(user, obj)


ROUND = Workflow(
    "review_round",
    "评审轮次",
    states=(
        State(DRAFT, "草稿"),
        State(ASSIGNING, "分配专家"),
        State(SCORING, "评审中"),
        State(CLOSED, "已结束"),
    ),
    transitions=(
        Transition("open_assignment", "分配专家", (DRAFT,), ASSIGNING, who=may_manage),
        Transition(
            "start_scoring", "开始评审", (ASSIGNING,), SCORING, who=may_manage, style="button primary"
        ),
        Transition("close", "结束评审", (SCORING,), CLOSED, who=may_manage, confirm="结束“{obj}”的评审？"),
    ),
    field="state",
    version_field="version",
    page=lambda obj: reverse("review:round_detail", args=[obj.pk]),
)
