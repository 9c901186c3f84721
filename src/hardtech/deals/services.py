"""Every write of a deal, each in one transaction with its audit entry: open a deal (from a match, a demand, an
achievement, an event meeting or by hand), edit it, manage its team, work its checklist, log activity, upload
document versions, move it through its stages (hardtech.deals.workflow), collect feedback, send reminders.
The technology contract's writes are in hardtech.deals.contracts."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from hardtech.accounts import grants
from hardtech.accounts.models import Role, User
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation, validate_attachment
from hardtech.catalogue.services import Conflict
from hardtech.core.numbering import save_numbered
from hardtech.core.uploads import display_name, sniff_file
from hardtech.core.workflow import run
from hardtech.deals import permissions, workflow
from hardtech.deals.choices import OPEN_STAGES, Source, Stage
from hardtech.deals.models import (
    Activity,
    ChecklistItem,
    Deal,
    DealMember,
    Document,
    DocumentVersion,
    Feedback,
    StageVisit,
    TeamRole,
)
from hardtech.deals.people import people, team
from hardtech.deals.permissions import DEAL_LEAD, DEAL_SPECIALIST
from hardtech.notifications import services as notifications
from hardtech.notifications.kinds import Delivery, register_kind

DEAL_TEAM = register_kind("deal.team", "加入技术转移项目团队", Delivery.EMAIL, "您被加入或移出项目团队")
DEAL_REMINDER = register_kind(
    "deal.reminder", "项目事项到期提醒", Delivery.EMAIL, "项目清单事项即将到期或已逾期"
)
DEAL_DOCUMENT = register_kind("deal.document", "项目文档更新", Delivery.INBOX, "项目上传了新文档或新版本")

# The fields a deal's edit form and API may change.
EDITABLE = ("title", "summary", "amount")


def _deny_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _url(deal: Deal) -> str:
    return workflow.DEAL.page(deal)


# --- opening a deal ---------------------------------------------------------------------------------------------


def open_deal(
    user: User,
    *,
    title: str,
    summary: str = "",
    source: str = Source.MANUAL,
    achievements: Iterable[Achievement] = (),
    experts: Iterable[Expert] = (),
    demands: Iterable[Demand] = (),
    sellers: Iterable[Organisation] = (),
    buyers: Iterable[Organisation] = (),
    amount: Decimal | None = None,
    lead: User | None = None,
) -> Deal:
    """Open a deal in 对接. The sellers default to the achievements' and experts' organisations, the buyers to
    the demands' enterprises. A technology manager leads what they open; the operator names the lead."""
    _deny_unless(permissions.can_open(user), "只有技术经理人和管委会可以创建技术转移项目")
    if lead is not None and lead != user and not permissions.is_operator(user):
        raise PermissionDenied("只有管委会可以指定牵头技术经理人")
    achievements, experts, demands = list(achievements), list(experts), list(demands)
    sellers = list(dict.fromkeys([*sellers, *_supply_organisations(achievements, experts)]))
    buyers = list(dict.fromkeys([*buyers, *(d.enterprise for d in demands if d.enterprise_id)]))
    lead = lead or user
    errors: dict[str, list[str]] = {}
    if lead.role != Role.MANAGER or not lead.is_active:
        errors["lead"] = ["牵头人须为在职的技术经理人"]
    if not (achievements or experts or sellers):
        errors["achievements"] = ["请至少关联一项科技成果、一位专家或一个成果方机构"]
    if not (demands or buyers):
        errors["demands"] = ["请至少关联一项技术需求或一个需求方企业"]
    if shared := {o.pk for o in sellers} & {o.pk for o in buyers}:
        names = "、".join(o.name for o in buyers if o.pk in shared)
        errors["buyers"] = [f"买方与卖方不能是同一机构：{names}"]
    if source not in Source.values:
        errors["source"] = ["来源无效"]
    deal = Deal(
        title=" ".join(title.split()), summary=summary.strip(), source=source, amount=amount, lead=lead
    )
    deal.code = "待编号"
    try:
        deal.full_clean(exclude=["code", "lead", "created_by"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        deal.created_by, deal.opened_at, deal.stage_entered_at = user, now, now
        _save_numbered(deal, now.year)
        deal.achievements.set(achievements)
        deal.experts.set(experts)
        deal.demands.set(demands)
        deal.sellers.set(sellers)
        deal.buyers.set(buyers)
        grants.grant(lead, DEAL_LEAD, deal, by=user)
        StageVisit.objects.create(deal=deal, stage=Stage.INTRODUCED, entered_at=now, moved_by=user)
        workflow.open_checklist(deal, Stage.INTRODUCED, now.date())
        notifications.notify(
            [u for u in people(deal) if u.pk != user.pk],
            workflow.DEAL_STAGE.code,
            deal,
            title=f"新的技术转移项目“{deal.title}”",
            body=f"牵头技术经理人：{lead}",
            url=_url(deal),
            actor=user,
        )
    return deal


def _save_numbered(deal: Deal, year: int) -> None:
    """Save a new deal as the year's next number (JY2026000123)."""
    save_numbered(deal, "code", f"JY{year}", message="项目编号分配冲突，请重试")


def _supply_organisations(achievements: list[Achievement], experts: list[Expert]) -> list[Organisation]:
    orgs = [o for a in achievements for o in a.organisations.all()]
    return [*orgs, *(e.organisation for e in experts if e.organisation_id)]


# --- editing ----------------------------------------------------------------------------------------------------


def update_deal(user: User, deal: Deal, changes: Mapping[str, Any], version: int | None = None) -> Deal:
    """Change the deal's title, summary or amount; refused (Conflict) when based on an older version."""
    _deny_unless(permissions.can_work(user, deal), "无权修改该项目")
    if unknown := set(changes) - set(EDITABLE):
        raise ValidationError({name: ["该字段不能在此修改"] for name in unknown})
    with transaction.atomic():
        current = Deal.objects.select_for_update().get(pk=deal.pk)
        if version is not None and version != current.version:
            raise Conflict(current, version)
        changed = [name for name, value in changes.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, changes[name])
        current.full_clean()
        current.version += 1
        current.save(update_fields=[*changed, "version", "updated_at"])
    return current


# --- the team ---------------------------------------------------------------------------------------------------


def add_member(user: User, deal: Deal, member: User, role: TeamRole) -> DealMember:
    """Add a specialist (知识产权、法务、财务 …): a technology manager, with the scoped grant deal.specialist."""
    _deny_unless(permissions.can_lead(user, deal), "只有牵头技术经理人和管委会可以调整项目团队")
    if member.role != Role.MANAGER or not member.is_active:
        raise ValidationError({"user": ["团队成员须为在职的技术经理人"]})
    if member.pk == deal.lead_id:
        raise ValidationError({"user": [f"{member} 已是本项目的牵头技术经理人"]})
    already = ValidationError({"user": [f"{member} 已在项目团队中"]})
    with transaction.atomic():
        if DealMember.objects.filter(deal=deal, user=member).exists():
            raise already
        try:  # two adds at once both pass the check: the second breaks the unique constraint
            with transaction.atomic():
                membership = DealMember.objects.create(deal=deal, user=member, role=role)
        except IntegrityError:
            raise already from None
        grants.grant(member, DEAL_SPECIALIST, deal, by=user)
        _tell(member, deal, user, f"您已加入项目“{deal.title}”团队（{role}）")
    return membership


def remove_member(user: User, membership: DealMember) -> None:
    deal = membership.deal
    _deny_unless(permissions.can_lead(user, deal), "只有牵头技术经理人和管委会可以调整项目团队")
    with transaction.atomic():
        grants.revoke_role(membership.user, DEAL_SPECIALIST, deal)
        membership.delete()
        _tell(membership.user, deal, user, f"您已被移出项目“{deal.title}”团队")


def change_lead(user: User, deal: Deal, new_lead: User) -> Deal:
    """Hand the deal to another technology manager (the lead hands over, or the operator reassigns)."""
    _deny_unless(permissions.can_lead(user, deal), "只有牵头技术经理人和管委会可以更换牵头人")
    if new_lead.role != Role.MANAGER or not new_lead.is_active:
        raise ValidationError({"lead": ["牵头人须为在职的技术经理人"]})
    with transaction.atomic():
        current = Deal.objects.select_for_update().get(pk=deal.pk)
        if current.lead_id == new_lead.pk:
            return current
        grants.revoke_role(current.lead, DEAL_LEAD, current)
        DealMember.objects.filter(deal=current, user=new_lead).delete()
        grants.revoke_role(new_lead, DEAL_SPECIALIST, current)
        grants.grant(new_lead, DEAL_LEAD, current, by=user)
        current.lead = new_lead
        current.version += 1
        current.save(update_fields=["lead", "version", "updated_at"])
        _tell(new_lead, current, user, f"您已成为项目“{current.title}”的牵头技术经理人")
    return current


def _tell(member: User, deal: Deal, actor: User, title: str) -> None:
    if member.pk != actor.pk:
        notifications.notify([member], DEAL_TEAM.code, deal, title=title, url=_url(deal), actor=actor)


# --- the checklist ----------------------------------------------------------------------------------------------


def tick(user: User, item: ChecklistItem, done: bool = True, note: str = "") -> ChecklistItem:
    _deny_unless(permissions.can_work(user, item.deal), "无权更新该项目的清单")
    with transaction.atomic():
        current = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        if done != current.done:  # ticking a done item again (to add a note) keeps who did it and when
            current.done_at = timezone.now() if done else None
            current.done_by = user if done else None
        if note:
            current.note = note.strip()
        current.full_clean()
        current.save()
    return current


def add_item(
    user: User, deal: Deal, label: str, due_on: date | None = None, required: bool = False
) -> ChecklistItem:
    """A task of the team's own, in the deal's current stage."""
    _deny_unless(permissions.can_work(user, deal), "无权更新该项目的清单")
    item = ChecklistItem(
        deal=deal, stage=deal.stage, label=" ".join(label.split()), due_on=due_on, required=required
    )
    item.full_clean()
    item.save()
    return item


def set_due(user: User, item: ChecklistItem, due_on: date | None) -> ChecklistItem:
    _deny_unless(permissions.can_work(user, item.deal), "无权更新该项目的清单")
    item.due_on = due_on
    item.save(update_fields=["due_on"])
    return item


# --- stages -----------------------------------------------------------------------------------------------------


def move(
    user: User, deal: Deal, transition: str, note: str = "", data: Mapping[str, Any] | None = None
) -> Deal:
    """Take a step of the deal's workflow (进入下一阶段, 越过清单, 终止); see hardtech.deals.workflow."""
    try:
        workflow.DEAL.transition(transition)
    except LookupError as exc:
        raise ValidationError({"transition": [f"没有“{transition}”这一步"]}) from exc
    return run(workflow.DEAL, transition, user, deal, note, data)


# --- activity and documents -------------------------------------------------------------------------------------


def log_activity(
    user: User, deal: Deal, kind: str, summary: str, body: str = "", occurred_at: datetime | None = None
) -> Activity:
    _deny_unless(permissions.can_work(user, deal), "只有项目团队可以记录活动")
    activity = Activity(
        deal=deal,
        kind=kind,
        summary=" ".join(summary.split()),
        body=body.strip(),
        occurred_at=occurred_at or timezone.now(),
        author=user,
    )
    activity.full_clean()
    activity.save()
    return activity


def upload_document(
    user: User, deal: Deal, title: str, upload: UploadedFile, note: str = ""
) -> DocumentVersion:
    """A new document, or the next version of the one with this title; typed by its bytes (PDF or images)."""
    _deny_unless(permissions.can_contribute(user, deal), "无权向该项目上传文档")
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": ["请填写文档名称"]})
    validate_attachment(upload)
    with transaction.atomic():
        document, _ = Document.objects.get_or_create(deal=deal, title=title)
        document = Document.objects.select_for_update().get(pk=document.pk)
        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = DocumentVersion(
            document=document,
            number=number,
            file=upload,
            name=display_name(upload.name),
            content_type=sniff_file(upload),
            size=upload.size,
            note=note.strip(),
            uploaded_by=user,
        )
        version.full_clean(exclude=["file"])
        version.save()
        notifications.notify(
            [u for u in people(deal) if u.pk != user.pk],
            DEAL_DOCUMENT.code,
            deal,
            title=f"项目“{deal.title}”文档《{title}》第 {number} 版",
            url=_url(deal),
            actor=user,
        )
    return version


# --- feedback ---------------------------------------------------------------------------------------------------


def give_feedback(user: User, deal: Deal, rating: int, comment: str = "") -> Feedback:
    """A party rates the service once the deal is closed; one rating per side, the latest kept."""
    _deny_unless(permissions.can_give_feedback(user, deal), "项目完结后，由需求方或成果方评价服务")
    side = permissions.feedback_side(user, deal)
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().filter(deal=deal, side=side).first() or Feedback(
            deal=deal, side=side
        )
        feedback.rating, feedback.comment, feedback.author = rating, comment.strip(), user
        feedback.full_clean()
        try:  # two first ratings of a side at once: the second breaks the unique constraint
            with transaction.atomic():
                feedback.save()
        except IntegrityError:
            if feedback.pk is not None:
                raise
            # as in sequence, the latest rating is kept: update the side's rating saved a moment ago
            feedback = Feedback.objects.select_for_update().get(deal=deal, side=side)
            feedback.rating, feedback.comment, feedback.author = rating, comment.strip(), user
            feedback.full_clean()
            feedback.save()
    return feedback


# --- reminders --------------------------------------------------------------------------------------------------


def send_reminders(today: date | None = None) -> int:
    """Remind each open deal's team of checklist items due within DEAL_REMINDER_DAYS or overdue, once a day per
    item; returns how many items were reminded of."""
    today = today or timezone.localdate()
    horizon = today + timezone.timedelta(days=settings.DEAL_REMINDER_DAYS)
    due = (
        ChecklistItem.objects.filter(done_at=None, due_on__lte=horizon, deal__stage__in=OPEN_STAGES)
        .exclude(reminded_on=today)
        .filter(stage=F("deal__stage"))
        .select_related("deal")
    )
    count = 0
    for item in due:
        with transaction.atomic():
            late = item.due_on < today
            when = f"已逾期（{item.due_on}）" if late else f"将于 {item.due_on} 到期"
            notifications.notify(
                team(item.deal),
                DEAL_REMINDER.code,
                item.deal,
                title=f"项目“{item.deal.title}”：{item.label}{when}",
                url=_url(item.deal),
            )
            ChecklistItem.objects.filter(pk=item.pk).update(reminded_on=today)
        count += 1
    return count
