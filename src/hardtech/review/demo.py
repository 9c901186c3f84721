"""The sample zone's review round: four published listings, the default rubric, reviewers chosen by the engine
among the demo experts and the round opened for scoring, so that 专家评审 and 我的评审 are not empty on a fresh
install. Written through the services once; a re-run of `hardtech demo` finds the round and leaves it."""

from django.core.exceptions import ValidationError

from hardtech.accounts.models import User
from hardtech.audit.context import acting_as
from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.models import Achievement, Demand
from hardtech.core.workflow import run

from . import services
from .forms import DEFAULT_RUBRIC
from .models import Round
from .services import CriterionSpec
from .workflow import ROUND

TITLE = "2026 年度示范区科技成果转化项目评审（示例）"
OPERATOR = "demo-operator"


def load_round(users: dict[str, User]) -> None:
    operator = users.get(OPERATOR)
    if operator is None or Round.objects.filter(title=TITLE).exists():
        return
    published = {"status": ListingStatus.PUBLISHED, "is_sample": True}
    records = [
        *Achievement.objects.filter(**published).order_by("external_id")[:2],
        *Demand.objects.filter(**published).order_by("external_id")[:2],
    ]
    if not records:
        return
    with acting_as(operator, "cli"):
        round_ = services.create_round(
            operator,
            title=TITLE,
            description="示例评审轮次：由分配引擎在回避利益冲突的前提下为每项选定 2 位专家。",
            reviewers_per_item=2,
            max_load=4,
            items=records,
            criteria=[
                CriterionSpec(name, weight, anchors=anchors) for name, weight, anchors in DEFAULT_RUBRIC
            ],
        )
        try:
            services.run_assignment(operator, round_)
        except ValidationError:
            return  # too few demo experts without a conflict: the round stays a draft for the operator to fix
        round_.refresh_from_db()
        run(ROUND, "start_scoring", operator, round_)
