"""免申即享 offers (意愿确认): the engine's list for the call's year becomes offers — no application, no documents.

The operator makes the offers: every stored profile is evaluated for the year, and each applicant whose result
pays a 免申即享 article of the call on complete data (the engine's `ready`) gets one offer with those articles,
at the engine's amounts. The applicant confirms (with its 对公收款账户) or declines in one step, before the call's
deadline; the operator then approves the confirmed offer for payment: re-evaluated on the data as it stands, each
article posted to the ledger at the engine's amount — where the annual cap (第五条) is enforced together with
every application of the year.

An applicant is offered once per call: a live offer is not made twice, and a declined or lapsed (不予兑现) one
is the answer for this call, so it is not made again either. An article the applicant already has in another
standing application or offer of the year (ledger.taken_articles) is neither offered nor approved.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.membership import members
from hardtech.core.workflow import WrongState, run
from hardtech.grants import ledger, permissions
from hardtech.grants.assessment import Change, assess, reassess, refresh
from hardtech.grants.choices import ApplicationStatus, Decision, Mode, Route
from hardtech.grants.models import Application, ApplicationItem, Call
from hardtech.grants.notifications import GRANT_OFFER
from hardtech.grants.validators import bank_account
from hardtech.grants.workflow import APPLICATION
from hardtech.notifications.services import notify
from hardtech.policies.models import ApplicantProfile
from hardtech.policies.views.running import evaluate_profiles, money, policy_named

ZERO = Decimal("0.00")
APPROVAL_REASON = "免申即享：按平台数据测算核定"
# An offer's course, in the order the operator's list shows it.
OFFER_STATUSES = [
    (s, s.label)
    for s in (
        ApplicationStatus.OFFERED,
        ApplicationStatus.CONFIRMED,
        ApplicationStatus.APPROVED,
        ApplicationStatus.PAID,
        ApplicationStatus.DECLINED,
        ApplicationStatus.LAPSED,
        ApplicationStatus.REVOKED,
    )
]


def offer_articles(call: Call) -> dict[str, str]:
    """The call's 免申即享 articles: number → title."""
    return dict(call.articles.filter(mode=Mode.NO_APPLICATION).values_list("article", "title"))


def _offer(application: Application) -> None:
    if not application.is_offer:
        raise ValidationError("这不是免申即享兑现确认，请在申报页面办理")


def make_offers(user, call: Call) -> int:
    """生成免申即享名单: one offer per applicant the engine pays a 免申即享 article of the call on complete data;
    returns how many offers were made now. Each applicant's users are told."""
    if not permissions.can_manage(user):
        raise PermissionDenied("只有管委会可以生成免申即享兑现名单")
    articles = offer_articles(call)
    if not articles:
        raise ValidationError("本申报通知没有免申即享条款，无需生成兑现名单")
    if not call.accepting():
        raise ValidationError(
            f"申报通知“{call.title}”不在受理期内（须已发布且在 {timezone.localtime(call.deadline):%Y-%m-%d %H:%M} 截止前），"
            "不能发出免申即享兑现确认"
        )
    with transaction.atomic():
        # One run at a time per call: two operators pressing the button make one set of offers. Every offer of
        # the call counts, whatever its state: a declined or lapsed one is not made again.
        Call.objects.select_for_update().get(pk=call.pk)
        offered = set(
            Application.objects.filter(call=call, route=Route.OFFER).values_list("applicant_id", flat=True)
        )
        profiles = [
            p
            for p in ApplicantProfile.objects.with_records().select_related("organisation")
            if p.applicant_kind is not None and p.organisation_id not in offered
        ]
        results = evaluate_profiles(policy_named(call.policy), profiles, call.year)
        made = 0
        for profile, result in zip(profiles, results, strict=True):
            paying = [n for n in result.ready if n in articles] if result.eligible else []
            if not paying:
                continue
            taken = ledger.taken_articles(profile.organisation_id, call.policy, call.year)
            if paying := [n for n in paying if n not in taken]:
                _make_offer(user, call, profile.organisation, paying)
                made += 1
    return made


def _make_offer(user, call: Call, organisation, numbers: list[str]) -> Application:
    found = assess(call, organisation)
    application = Application.objects.create(
        call=call,
        applicant=organisation,
        route=Route.OFFER,
        status=ApplicationStatus.OFFERED,
        created_by=user,
    )
    now = timezone.now()
    items = []
    for number in numbers:
        article = found.article(number)
        item = ApplicationItem(
            application=application, article=number, title=article.title, mode=article.mode
        )
        refresh(item, article, now)
        item.requested = item.computed
        items.append(item)
    ApplicationItem.objects.bulk_create(items)
    total = sum((i.computed for i in items), ZERO)
    listed = "、".join(f"第{i.article}条{i.title} {money(i.computed)} 万元" for i in items)
    notify(
        members(organisation),
        GRANT_OFFER.code,
        application,
        f"免申即享待确认：{call.title}",
        f"根据平台掌握的数据，贵单位符合{listed}，合计 {money(total)} 万元，无需申报。"
        f"请于 {timezone.localtime(call.deadline):%Y-%m-%d %H:%M} 前确认兑现意愿与收款账户。",
        reverse("grants:offer", args=[application.pk]),
        actor=user,
    )
    return application


def confirm_offer(
    user, application: Application, *, account_name: str, bank_name: str, bank_code: str, account_number: str
) -> Application:
    """确认兑现: the applicant says yes and gives its 对公收款账户, before the call's deadline."""
    if not permissions.is_member(user, application):
        raise PermissionDenied("只有申报主体的用户可以确认免申即享兑现")
    _offer(application)
    call = application.call
    if call.past_deadline():
        raise ValidationError(
            f"免申即享兑现确认已于 {timezone.localtime(call.deadline):%Y-%m-%d %H:%M} 截止，不能再确认"
        )
    account = bank_account(
        application.applicant.name,
        account_name=account_name,
        bank_name=bank_name,
        bank_code=bank_code,
        account_number=account_number,
    )
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status != ApplicationStatus.OFFERED:
            raise WrongState(f"“{current.get_status_display()}”状态不能确认兑现")
        current.bank_account_name = account.account_name
        current.bank_name = account.bank_name
        current.bank_code = account.bank_code
        current.bank_account_number = account.account_number
        current.bank_confirmed_at = timezone.now()
        current.save(
            update_fields=[
                "bank_account_name",
                "bank_name",
                "bank_code",
                "bank_account_number",
                "bank_confirmed_at",
                "updated_at",
            ]
        )
        return run(APPLICATION, "confirm_offer", user, current)


def decline_offer(user, application: Application, note: str = "") -> Application:
    """放弃兑现: the applicant declines this call's offer (it is not offered again)."""
    if not permissions.is_member(user, application):
        raise PermissionDenied("只有申报主体的用户可以放弃免申即享兑现")
    _offer(application)
    return run(APPLICATION, "decline_offer", user, application, note)


def approve_offer(user, application: Application) -> list[Change]:
    """拨付审批: the confirmed offer re-evaluated on the data now and each article that still pays approved in
    the ledger at the engine's amount (refused as a whole, nothing written, when no article pays any more, or when
    the ledger refuses one: the annual cap, or an article the applicant has in another standing application or
    offer of the year); returns the 测算变化 found. A refused offer may be lapsed (lapse_offer)."""
    if not permissions.can_manage(user):
        raise PermissionDenied("只有管委会可以审批免申即享兑现")
    _offer(application)
    with transaction.atomic():
        current = run(APPLICATION, "approve_offer", user, application)
        changes = reassess(current)
        items = list(current.items.select_related("application__call", "application__applicant"))
        if not any(i.computed > ZERO for i in items):
            raise ValidationError(
                "重新测算后各条款均不再符合（"
                + "；".join(change_text(c) for c in changes)
                + "），不能审批兑现"
            )
        now = timezone.now()
        for item in items:
            if item.computed > ZERO:
                ledger.approve(user, item, item.computed, f"{item} 免申即享核定支持")
                item.decision, item.approved_amount = Decision.APPROVED, item.computed
                item.decision_reason = APPROVAL_REASON
            else:
                item.decision, item.approved_amount = Decision.REJECTED, None
                item.decision_reason = "重新测算后不再符合本条款"
            item.decided_by, item.decided_at = user, now
        ApplicationItem.objects.bulk_update(
            items, ["decision", "approved_amount", "decision_reason", "decided_by", "decided_at"]
        )
    return changes


def may_lapse(application: Application) -> bool:
    """An offer confirmed (and not approvable), or one not confirmed by the deadline, may lapse; one the
    applicant may still confirm may not (a lapsed offer is not made again)."""
    if application.status == ApplicationStatus.CONFIRMED:
        return True
    return application.status == ApplicationStatus.OFFERED and application.call.past_deadline()


def lapse_offer(user, application: Application, note: str) -> Application:
    """不予兑现（失效）: the operator ends an offer not confirmed in time or that can no longer be approved (no
    longer paid on the data, the article taken elsewhere, the annual cap), with the reason the applicant is told.
    Nothing was posted to the ledger for it, so nothing is reversed."""
    if not permissions.can_manage(user):
        raise PermissionDenied("只有管委会可以作出不予兑现决定")
    _offer(application)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "不予兑现须填写理由"})
    if application.status == ApplicationStatus.OFFERED and not may_lapse(application):
        raise ValidationError(
            f"确认期限（{timezone.localtime(application.call.deadline):%Y-%m-%d %H:%M}）未到，待确认的兑现不能作废"
        )
    return run(APPLICATION, "lapse_offer", user, application, note)


def change_text(c: Change) -> str:
    """测算变化 as the pages say it."""
    return f"第{c.article}条 {money(c.before)} → {money(c.after)} 万元"


def known_account(organisation) -> dict[str, str]:
    """The 收款账户 the applicant gave last (in any application or offer), to pre-fill a confirmation."""
    last = (
        Application.objects.filter(applicant=organisation)
        .exclude(bank_account_number="")
        .order_by("-updated_at", "-id")
        .first()
    )
    if last is None:
        return {"account_name": organisation.name}
    return {
        "account_name": last.bank_account_name,
        "bank_name": last.bank_name,
        "bank_code": last.bank_code,
        "account_number": last.bank_account_number,
    }
