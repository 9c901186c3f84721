"""公示与异议: the operator publishes a call's decided applications as a public list (applicant, article, amount —
nothing else) for a set number of days; anyone may object while it runs, with contact details; the operator
resolves each objection (异议成立 → the application's entries leave the notice and the objected article goes back
to 待审定; 不成立 → with the reason); once the last day has passed with no open objection the list is final and
each entry becomes an approval in the ledger.

Refusals: PermissionDenied (the operator's steps), WrongState (a notice or objection already closed),
ValidationError in Chinese naming what is wrong; every write is one transaction.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.models import User
from hardtech.core.workflow import WrongState, run
from hardtech.grants import ledger, permissions, validators
from hardtech.grants.choices import (
    ApplicationStatus,
    Decision,
    NoticeStatus,
    ObjectionStatus,
    Route,
)
from hardtech.grants.models import Application, ApplicationItem, Call, Notice, NoticeEntry, Objection
from hardtech.grants.notifications import GRANT_OBJECTION
from hardtech.grants.workflow import APPLICATION
from hardtech.notifications.services import notify

MAX_DAYS = 60


def _require_operator(user, what: str) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied(f"只有管委会可以{what}")


def today() -> date:
    return timezone.localdate()


def publishable(call: Call) -> list[Application]:
    """The call's applications 已审定（待公示）, with their supported items."""
    return list(
        call.applications.filter(status=ApplicationStatus.DECIDED, route=Route.APPLICATION)
        .select_related("applicant")
        .prefetch_related("items")
        .order_by("number", "pk")
    )


def supported(application: Application) -> list[ApplicationItem]:
    return [i for i in application.items.all() if i.decision == Decision.APPROVED]


def publish_notice(user, call: Call, *, title: str, starts_on: date, days: int | None = None) -> Notice:
    """公示: every 已审定 application of the call, its supported items as entries (applicant, article, amount as
    decided), for `days` days from `starts_on` (the call's 公示天数 unless given); the applications are 公示中."""
    _require_operator(user, "发布公示")
    title = (title or "").strip()
    days = call.notice_days if days is None else days
    errors = {}
    if not title:
        errors["title"] = "请填写公示标题"
    if starts_on is None:
        errors["starts_on"] = "请填写公示开始日期"
    elif starts_on < today():
        errors["starts_on"] = f"公示开始日期 {starts_on:%Y-%m-%d} 早于今天，公示期不能倒签"
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = f"公示天数应在 1–{MAX_DAYS} 天之间（实际为 {days}）"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        applications = publishable(call)
        if not applications:
            raise ValidationError("本通知没有已审定待公示的申报")
        notice = Notice(call=call, title=title, starts_on=starts_on, days=days, published_by=user)
        notice.full_clean()
        notice.save()
        NoticeEntry.objects.bulk_create(
            NoticeEntry(
                notice=notice,
                item=item,
                applicant_name=application.applicant.name,
                article=item.article,
                article_title=item.title,
                amount=item.approved_amount,
            )
            for application in applications
            for item in supported(application)
        )
        for application in applications:
            run(APPLICATION, "publish", user, application)
    return notice


def _operators() -> list[User]:
    return list(permissions.operators())


def lodge_objection(
    user,
    notice: Notice,
    *,
    entry: NoticeEntry | None = None,
    name: str,
    phone: str,
    email: str = "",
    content: str,
) -> Objection:
    """异议: anyone (signed in or not) may object to the notice, or to one of its entries, while it runs; the
    contact details are for the operator only. An identical objection lodged again is refused."""
    if not notice.running(today()):
        raise ValidationError(
            f"公示期为 {notice.starts_on:%Y-%m-%d} 至 {notice.ends_on:%Y-%m-%d}"
            f"{'（已结束）' if notice.status == NoticeStatus.FINAL else ''}，现在不能提出异议"
        )
    name, email, content = (name or "").strip(), (email or "").strip(), (content or "").strip()
    errors: dict[str, str] = {}
    if entry is not None and (entry.notice_id != notice.pk or entry.withdrawn):
        errors["entry"] = "异议对象不是本公示中的条目"
    if not name:
        errors["name"] = "请填写异议人姓名或单位名称"
    try:
        phone = validators.validate_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages[0]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = f"电子邮箱“{email}”格式不正确"
    if len(content) < 10:
        errors["content"] = "请写明异议的事实和理由（不少于 10 个字）"
    if errors:
        raise ValidationError(errors)
    signed_in = getattr(user, "is_authenticated", False)
    with transaction.atomic():
        Notice.objects.select_for_update().get(pk=notice.pk)
        if Objection.objects.filter(notice=notice, entry=entry, phone=phone, content=content).exists():
            raise ValidationError("已收到内容相同的异议，请勿重复提交")
        objection = Objection(
            notice=notice,
            entry=entry,
            name=name,
            phone=phone,
            email=email,
            content=content,
            lodged_by=user if signed_in else None,
        )
        objection.full_clean()
        objection.save()
        about = f"（{entry.applicant_name} 第{entry.article}条）" if entry else ""
        notify(
            _operators(),
            GRANT_OBJECTION.code,
            objection,
            f"“{notice.title}”收到异议{about}",
            content[:200],
            reverse("grants:objection_resolve", args=[objection.pk]),
            actor=user if signed_in else None,
        )
    return objection


def resolve_objection(user, objection: Objection, *, upheld: bool, reason: str) -> Objection:
    """处理异议 with the reason. 成立: the objected application's entries leave the notice, the objected article
    goes back to 待审定 and the application back to 审定 (the applicant is told); 不成立: the notice stands."""
    _require_operator(user, "处理公示异议")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写处理意见（异议成立或不成立的理由）"})
    if upheld and objection.entry_id is None:
        raise ValidationError(
            {"upheld": "该异议未指向具体公示条目，不能认定成立；请核实后驳回，或在相应条目上处理"}
        )
    with transaction.atomic():
        objection = Objection.objects.select_for_update().select_related("notice").get(pk=objection.pk)
        if objection.status != ObjectionStatus.OPEN:
            raise WrongState(f"该异议已处理（{objection.get_status_display()}）")
        if objection.notice.status != NoticeStatus.OPEN:
            raise WrongState("公示已结束，不能再处理异议")
        if upheld and not _on_notice(objection):
            raise ValidationError(
                {
                    "upheld": "该条目已撤出本次公示（已撤回，或其申报已不在本公示中），异议不能认定成立；"
                    "请驳回并说明情况"
                }
            )
        objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
        objection.resolution = reason
        objection.resolved_by = user
        objection.resolved_at = timezone.now()
        objection.full_clean()
        objection.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
        if upheld:
            _withdraw(user, objection, reason)
        if objection.lodged_by_id:
            notify(
                [objection.lodged_by],
                GRANT_OBJECTION.code,
                objection,
                f"您对“{objection.notice.title}”的异议已处理：{objection.get_status_display()}",
                reason,
                reverse("grants:notice", args=[objection.notice_id]),
                actor=user,
            )
    return objection


def _on_notice(objection: Objection) -> bool:
    """Whether the objected entry is still on the notice: not withdrawn, its application 公示中 on this very
    notice (an application reopened and published again stands on a newer notice)."""
    entry = NoticeEntry.objects.select_related("item__application").get(pk=objection.entry_id)
    application = entry.item.application
    if entry.withdrawn or application.status != ApplicationStatus.IN_NOTICE:
        return False
    latest = (
        NoticeEntry.objects.filter(item__application=application, withdrawn=False)
        .order_by("-notice_id")
        .values_list("notice_id", flat=True)
        .first()
    )
    return latest == objection.notice_id


def _withdraw(user, objection: Objection, reason: str) -> None:
    """异议成立: only for an application 公示中 on the objection's notice (checked in resolve_objection, under
    the objection's lock)."""
    item = ApplicationItem.objects.select_related("application").get(pk=objection.entry.item_id)
    application = Application.objects.select_for_update().get(pk=item.application_id)
    if not _on_notice(objection):
        raise ValidationError({"upheld": "该条目已撤出本次公示，异议不能认定成立"})
    item.application = application
    NoticeEntry.objects.filter(notice=objection.notice, item__application=application).update(withdrawn=True)
    item.decision = Decision.PENDING
    item.approved_amount = None
    item.decided_by = None
    item.decided_at = None
    item.save(update_fields=["decision", "approved_amount", "decided_by", "decided_at"])
    run(APPLICATION, "reopen", user, application, f"公示异议成立（第{item.article}条）：{reason}")


def finalise_notice(user, notice: Notice) -> Notice:
    """公示结束: after the last day, with no objection open, each entry still on the notice becomes an approval
    in the ledger (payable) and its application is 已确定（待拨付）. Refused as a whole if the ledger refuses one
    (the annual cap)."""
    _require_operator(user, "确定公示结果")
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.status != NoticeStatus.OPEN:
            raise WrongState("公示已确定，不能重复确定")
        if today() <= notice.ends_on:
            raise ValidationError(
                f"公示期至 {notice.ends_on:%Y-%m-%d} 结束，公示期满后（{notice.ends_on:%Y-%m-%d} 之后）才能确定结果"
            )
        waiting = notice.objections.filter(status=ObjectionStatus.OPEN).count()
        if waiting:
            raise ValidationError(f"还有 {waiting} 条异议待处理，处理完毕后才能确定公示结果")
        entries = list(
            notice.entries.filter(withdrawn=False).select_related("item__application__call").order_by("pk")
        )
        applications: dict[int, Application] = {}
        for entry in entries:
            ledger.approve(user, entry.item, entry.amount, memo=f"{notice.title}：{entry}")
            applications.setdefault(entry.item.application_id, entry.item.application)
        for application in applications.values():
            run(APPLICATION, "finalise", user, application)
        notice.status = NoticeStatus.FINAL
        notice.finalised_at = timezone.now()
        notice.save(update_fields=["status", "finalised_at"])
    return notice
