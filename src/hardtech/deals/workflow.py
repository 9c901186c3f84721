"""A deal's course, declared here and run by hardtech.core.workflow:

    对接 → 洽谈 → 签约 → 登记 → 实施/转化 → 落地 → 已完结,  and 终止 (with a reason) from any open stage.

Each step forward needs the current stage's checklist done (hardtech.deals.checklists); the lead technology
manager (or the operator) may move on without it, giving the reason (越过清单). 登记 also needs the deal's
contract registered by the registrar (whose registration takes this step itself), 落地 the form of landing.
Every step leaves a StageVisit (what the conversion and days-per-stage figures read), opens the next stage's
checklist and notifies the team and the parties.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hardtech.core.workflow import Note, Notice, State, Step, Transition, Workflow
from hardtech.deals import permissions
from hardtech.deals.checklists import items_for
from hardtech.deals.choices import PIPELINE, ContractStatus, EndReason, Landing, Stage
from hardtech.deals.models import ChecklistItem, Deal, StageVisit
from hardtech.deals.people import people
from hardtech.notifications.kinds import Delivery, register_kind

DEAL_STAGE = register_kind(
    "deal.stage", "技术转移项目阶段变化", Delivery.EMAIL, "您参与的项目进入新阶段或终止"
)


def may_work(user, deal: Deal) -> bool:
    """项目团队、管委会"""
    return permissions.can_work(user, deal)


def may_lead(user, deal: Deal) -> bool:
    """牵头技术经理人、管委会"""
    return permissions.can_lead(user, deal) and deal.stage not in (Stage.CLOSED, Stage.ENDED)


def may_register(user, deal: Deal) -> bool:
    """项目团队、管委会、技术合同登记员（登记时）"""
    return may_work(user, deal) or permissions.is_registrar(user)


def open_items(deal: Deal, stage: str) -> list[ChecklistItem]:
    """The stage's required checklist items not yet done."""
    return list(deal.checklist.filter(stage=stage, required=True, done_at=None))


def _check_gates(deal: Deal, step: Step, source: str) -> None:
    target = step.transition.target
    if target == Stage.REGISTERED:
        contract = getattr(deal, "contract", None)
        if contract is None or contract.status != ContractStatus.REGISTERED:
            raise ValidationError({"stage": ["技术合同尚未完成认定登记，不能进入“登记”阶段"]})
    if target == Stage.LANDED:
        landing = step.data.get("landing") or deal.landing
        if landing not in Landing.values:
            raise ValidationError(
                {"landing": ["进入“落地”阶段请选择落地形式（成立企业、产线投产或产品上市）"]}
            )
        deal.landing = landing


def _enter(deal: Deal, step: Step, *, source: str, override: bool) -> list[str]:
    """Leave `source` for the transition's target: the checklist (unless overridden), the gates, the visit."""
    if not override and (missing := open_items(deal, source)):
        names = "、".join(item.label for item in missing)
        raise ValidationError({"checklist": [f"“{Stage(source).label}”阶段清单尚未完成：{names}"]})
    _check_gates(deal, step, source)
    now = timezone.now()
    target = step.transition.target
    StageVisit.objects.filter(deal=deal, left_at=None).update(left_at=now)
    StageVisit.objects.create(
        deal=deal,
        stage=target,
        entered_at=now,
        moved_by=step.user if getattr(step.user, "is_authenticated", False) else None,
        note="" if override else step.note,
        override=step.note if override else "",
    )
    open_checklist(deal, target, now.date())
    deal.stage_entered_at = now
    changed = ["stage_entered_at", "landing"]
    if target == Stage.CLOSED:
        deal.closed_at = now
        changed.append("closed_at")
    return changed


def open_checklist(deal: Deal, stage: str, today) -> None:
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            deal=deal,
            stage=stage,
            code=item.code,
            label=item.label,
            required=item.required,
            due_on=today + timezone.timedelta(days=item.days),
        )
        for item in items_for(stage)
    )


def _end(deal: Deal, step: Step) -> list[str]:
    reason = step.data.get("reason", "")
    if reason not in EndReason.values:
        raise ValidationError({"reason": ["请选择终止原因"]})
    now = timezone.now()
    StageVisit.objects.filter(deal=deal, left_at=None).update(left_at=now)
    StageVisit.objects.create(
        deal=deal, stage=Stage.ENDED, entered_at=now, left_at=now, moved_by=step.user, note=step.note
    )
    deal.end_reason, deal.closed_at, deal.stage_entered_at = reason, now, now
    return ["end_reason", "closed_at", "stage_entered_at"]


def _forward(source: str, target: str) -> tuple[Transition, Transition]:
    label = Stage(target).label
    notice = Notice(DEAL_STAGE, people, f"项目“{{obj.title}}”进入“{label}”阶段")
    step = Transition(
        f"to_{target}",
        f"进入{label}",
        (source,),
        target,
        who=may_register if target == Stage.REGISTERED else may_work,
        note=Note.OPTIONAL,
        notices=(notice,),
        effect=lambda deal, s: _enter(deal, s, source=source, override=False),
        style="button primary",
    )
    skip = Transition(
        f"skip_to_{target}",
        f"越过清单进入{label}",
        (source,),
        target,
        who=may_lead,
        note=Note.REQUIRED,
        notices=(notice,),
        effect=lambda deal, s: _enter(deal, s, source=source, override=True),
        confirm=f"“{Stage(source).label}”阶段清单未完成，确定越过清单进入“{label}”？",
    )
    return step, skip


DEAL = Workflow(
    "deal",
    "技术转移项目",
    states=tuple(State(s.value, s.label) for s in Stage),
    transitions=(
        *(
            t
            for source, target in zip(PIPELINE, PIPELINE[1:], strict=False)
            for t in _forward(source, target)
        ),
        Transition(
            "end",
            "终止项目",
            tuple(PIPELINE[:-1]),
            Stage.ENDED,
            who=may_lead,
            note=Note.REQUIRED,
            notices=(Notice(DEAL_STAGE, people, "项目“{obj.title}”已终止"),),
            effect=_end,
            style="button danger",
            confirm="终止项目“{obj}”？",
        ),
    ),
    field="stage",
    note_field="stage_note",
    version_field="version",
    page=lambda obj: reverse("deals:detail", args=[obj.pk]),
)
