"""申报 and 形式审查: every write of an application by its applicant (start, save, bank account, documents, the
承诺书, submit, withdraw) and the operator's formal check (pass, return for correction, reject).

Each service checks who may (PermissionDenied), then the input (ValidationError in Chinese, keyed by the form's
field), then writes in one transaction; a step of the application's course goes through
hardtech.core.workflow.run (grants.workflow.APPLICATION), which audits it and tells the applicant.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.membership import members
from hardtech.catalogue.models import Organisation
from hardtech.catalogue.services import Conflict
from hardtech.core.numbering import save_numbered
from hardtech.core.uploads import display_name, sniff_file
from hardtech.core.workflow import WrongState, available, run
from hardtech.grants import ledger, permissions, validators
from hardtech.grants.assessment import Change, assess, reassess, refresh
from hardtech.grants.choices import LIVE_STATUSES, ApplicationStatus, Mode, Route
from hardtech.grants.models import (
    Application,
    ApplicationDocument,
    ApplicationItem,
    Call,
    PaymentLine,
    RequiredDocument,
)
from hardtech.grants.notifications import GRANT_PAYMENT
from hardtech.grants.payments import UNSETTLED
from hardtech.grants.workflow import APPLICATION
from hardtech.notifications.services import notify

PLEDGE = (
    "本单位郑重承诺：所提交的申报材料及填报数据真实、准确、完整，无虚假记载和重大遗漏；申报事项未重复享受同类财政"
    "资金支持；如有弄虚作假、骗取财政资金等行为，本单位自愿退回全部支持资金，并承担相应的法律责任，"
    "接受相关部门依法依规作出的处理。"
)
MB = 1024 * 1024
# 重新测算 only while nothing is decided on the amounts: later, a notice or an award stands on them.
RECOMPUTABLE = (ApplicationStatus.SUBMITTED, ApplicationStatus.CHECKED, ApplicationStatus.IN_REVIEW)
# 更正收款账户 once support is approved (an offer also once confirmed): the account the next batch pays to.
BANK_CORRECTABLE = (ApplicationStatus.APPROVED, ApplicationStatus.CONFIRMED)


def _deny_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _locked(app: Application) -> Application:
    return Application.objects.select_for_update().select_related("call", "applicant").get(pk=app.pk)


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def closes_at(app: Application) -> datetime | None:
    """Until when the applicant may still change and submit: the call's deadline, or the correction deadline
    of an application returned for correction."""
    if app.status == ApplicationStatus.RETURNED:
        return app.correction_deadline
    return app.call.deadline


def _editable(user, app: Application) -> None:
    """The applicant's users may change a draft while the call accepts, or a returned application until its
    correction deadline."""
    _deny_unless(permissions.is_member(user, app), "只有申报主体的用户可以修改申报")
    if app.route != Route.APPLICATION:
        raise WrongState("免申即享事项请在兑现确认页办理")
    if app.status not in permissions.EDITABLE:
        raise WrongState(f"“{app.get_status_display()}”状态的申报不能修改")
    now = timezone.now()
    if app.status == ApplicationStatus.RETURNED:
        if app.correction_deadline and now > app.correction_deadline:
            raise ValidationError(f"补正期限已于 {_when(app.correction_deadline)} 截止，不能再修改")
    elif not app.call.accepting(now):
        raise ValidationError(f"“{app.call.title}”不在受理期内（申报截止时间 {_when(app.call.deadline)}）")


def may_edit(user, app: Application) -> bool:
    """Whether the user may change the application now (the pages' forms, the API's `missing`)."""
    try:
        _editable(user, app)
    except (PermissionDenied, ValidationError, WrongState):
        return False
    return True


def _applicable(call: Call) -> dict[str, str]:
    """The call's articles one applies for (免申即享 ones are offered, never applied for): number → title."""
    return {a.article: a.title for a in call.articles.exclude(mode=Mode.NO_APPLICATION)}


def taken(call: Call, organisation: Organisation, besides: int | None = None) -> set[str]:
    """The articles the applicant already has in another standing application or offer of the policy year (an
    article pays an applicant once a year): not to be applied for again."""
    return ledger.taken_articles(organisation.pk, call.policy, call.year, besides=besides)


def _taken_refusal(number: str, title: str) -> str:
    return f"第{number}条{title}已在本年度其他申报或兑现中，同一条款每年度只能享受一次"


# --- the applicant ----------------------------------------------------------------------------------------------


def start_application(user, call: Call, organisation: Organisation) -> Application:
    """The applicant's application to the call: its live one if there is one, else a new draft pre-filled with
    every article the engine pays it (amount, explanation, missing data)."""
    _deny_unless(
        organisation in permissions.applicant_organisations(user), f"您不能以{organisation.name}的名义申报"
    )
    live = Application.objects.filter(
        call=call, applicant=organisation, route=Route.APPLICATION, status__in=LIVE_STATUSES
    ).first()
    if live is not None:
        return live
    if not call.accepting():
        raise ValidationError(f"“{call.title}”不在受理期内（申报截止时间 {_when(call.deadline)}）")
    assessment = assess(call, organisation)
    elsewhere = taken(call, organisation)
    now = timezone.now()
    try:
        with transaction.atomic():
            app = Application.objects.create(
                call=call,
                applicant=organisation,
                route=Route.APPLICATION,
                contact_name=(user.get_full_name() or "")[:50],
                created_by=user,
            )
            items = []
            for found in assessment.applicable:
                if found.pays and found.article not in elsewhere:
                    item = ApplicationItem(
                        application=app, article=found.article, title=found.title, mode=found.mode
                    )
                    refresh(item, found, now)
                    items.append(item)
            ApplicationItem.objects.bulk_create(items)
    except IntegrityError:  # started at the same moment in another tab: that one is the application
        return Application.objects.get(
            call=call, applicant=organisation, route=Route.APPLICATION, status__in=LIVE_STATUSES
        )
    return app


def save_application(
    user,
    app: Application,
    *,
    summary: str,
    contact_name: str,
    contact_phone: str,
    articles: Iterable[str],
    version: int | None = None,
) -> Application:
    """Save the draft: the summary reviewers read, the contact, and which open articles are applied for. A draft
    may be incomplete (the phone, if given, must be valid); submit() checks the rest."""
    articles = list(dict.fromkeys(str(a).strip() for a in articles))
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        current = _locked(app)
        _editable(user, current)
        if version is not None and version != current.version:
            raise Conflict(current, version)
        open_articles = _applicable(current.call)
        offered = set(
            current.call.articles.filter(mode=Mode.NO_APPLICATION).values_list("article", flat=True)
        )
        elsewhere = taken(current.call, current.applicant, besides=current.pk)
        for number in articles:
            if number in offered:
                errors.setdefault("articles", []).append(
                    f"第{number}条为免申即享条款，由平台主动兑现，无需申报"
                )
            elif number not in open_articles:
                errors.setdefault("articles", []).append(f"第{number}条不在本通知开放的申报条款内")
            elif number in elsewhere:
                errors.setdefault("articles", []).append(_taken_refusal(number, open_articles[number]))
        phone = (contact_phone or "").strip()
        if phone:
            try:
                phone = validators.validate_phone(phone)
            except ValidationError as exc:
                errors["contact_phone"] = exc.messages
        current.summary = (summary or "").strip()
        current.contact_name = " ".join((contact_name or "").split())
        current.contact_phone = phone
        try:
            current.full_clean(exclude=["call", "applicant", "created_by", "pledged_by"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        _set_items(current, articles, open_articles)
        current.version += 1
        current.save(update_fields=["summary", "contact_name", "contact_phone", "version", "updated_at"])
    return current


def _set_items(app: Application, articles: list[str], open_articles: dict[str, str]) -> None:
    """Items for the chosen articles (new ones with the engine's view now); the others' items go."""
    have = set(app.items.values_list("article", flat=True))
    app.items.exclude(article__in=articles).delete()
    new = [n for n in articles if n not in have]
    if not new:
        return
    assessment = assess(app.call, app.applicant)
    now = timezone.now()
    items = []
    for number in new:
        found = assessment.article(number)
        item = ApplicationItem(
            application=app,
            article=number,
            title=open_articles[number],
            mode=found.mode if found else Mode.INSTANT,
        )
        refresh(item, found, now)
        items.append(item)
    ApplicationItem.objects.bulk_create(items)


def set_bank_account(
    user, app: Application, *, account_name: str, bank_name: str, bank_code: str, account_number: str
) -> Application:
    """收款账户: the applicant's own 对公账户 (户名 = the applicant's name, 联行号 12 digits, 账号 8–32 digits)."""
    with transaction.atomic():
        current = _locked(app)
        _editable(user, current)
        _store_bank(current, account_name, bank_name, bank_code, account_number)
    return current


def _store_bank(
    current: Application, account_name: str, bank_name: str, bank_code: str, account_number: str
) -> None:
    account = validators.bank_account(
        current.applicant.name,
        account_name=account_name,
        bank_name=bank_name,
        bank_code=bank_code,
        account_number=account_number,
    )
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


def may_correct_bank(user, app: Application) -> bool:
    """更正收款账户 (the page's form): the applicant's users and the operator, once support is approved."""
    return app.status in BANK_CORRECTABLE and (
        permissions.is_member(user, app) or permissions.can_manage(user)
    )


def change_bank_account(
    user, app: Application, *, account_name: str, bank_name: str, bank_code: str, account_number: str
) -> Application:
    """更正收款账户 after approval (an application 已确定 or an offer 已确认/已确定): the next payment batch pays to
    the corrected account (a batch copies the account when it is made). Refused while an award of the
    application is on a payment line still awaiting the bank's result. The applicant's users are told when the
    operator changes it."""
    operator = permissions.can_manage(user)
    _deny_unless(operator or permissions.is_member(user, app), "只有申报主体的用户或管委会可以更正收款账户")
    with transaction.atomic():
        current = _locked(app)
        if current.status not in BANK_CORRECTABLE or (
            current.status == ApplicationStatus.CONFIRMED and not current.is_offer
        ):
            raise WrongState(f"“{current.get_status_display()}”状态的{_kind(current)}不能更正收款账户")
        pending = list(
            PaymentLine.objects.filter(UNSETTLED, item__application=current)
            .values_list("batch__number", flat=True)
            .distinct()
        )
        if pending:
            raise ValidationError(
                f"拨付批次 {'、'.join(pending)} 正在向原账户拨付，待银行回执（或批次作废）后才能更正收款账户"
            )
        before = current.bank_account_number
        _store_bank(current, account_name, bank_name, bank_code, account_number)
        if operator and not permissions.is_member(user, current):
            notify(
                members(current.applicant),
                GRANT_PAYMENT.code,
                current,
                f"{_kind(current)} {current.number or current.pk} 的收款账户已由管委会更正",
                f"收款账号由 {_masked(before)} 更正为 {_masked(current.bank_account_number)}"
                f"（{current.bank_name}），此后的拨付汇入更正后的账户",
                reverse("grants:application", args=[current.pk]),
                actor=user,
            )
    return current


def _kind(app: Application) -> str:
    return "免申即享兑现" if app.is_offer else "申报"


def _masked(number: str) -> str:
    return f"尾号 {number[-4:]}" if number else "（空）"


def upload_document(
    user, app: Application, requirement: RequiredDocument, upload: UploadedFile
) -> ApplicationDocument:
    """A document for one of the call's required documents, of an article applied for; its type is read from
    its bytes and must be one the requirement allows, its size within the requirement's limit."""
    name = display_name(upload.name or "")
    with transaction.atomic():
        current = _locked(app)
        _editable(user, current)
        if requirement.article.call_id != current.call_id:
            raise ValidationError({"requirement": ["该材料要求不属于本申报通知"]})
        if not current.items.filter(article=requirement.article.article).exists():
            raise ValidationError(
                {
                    "requirement": [
                        f"请先勾选申报第{requirement.article.article}条，再上传“{requirement.name}”"
                    ]
                }
            )
        if upload.size > requirement.max_mb * MB:
            raise ValidationError(
                {
                    "file": [
                        f"“{name}”大小 {upload.size / MB:.1f} MB，超过“{requirement.name}”的上限 {requirement.max_mb} MB"
                    ]
                }
            )
        content_type = sniff_file(upload)
        if content_type not in requirement.content_types:
            raise ValidationError(
                {
                    "file": [
                        f"“{name}”不是“{requirement.name}”允许的文件类型（{requirement.types_label}，按文件内容识别）"
                    ]
                }
            )
        document = ApplicationDocument(
            application=current,
            requirement=requirement,
            file=upload,
            name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=user,
        )
        document.full_clean(exclude=["file"])
        document.save()
    return document


def remove_document(user, document: ApplicationDocument) -> None:
    with transaction.atomic():
        current = _locked(document.application)
        _editable(user, current)
        document = ApplicationDocument.objects.select_for_update().get(pk=document.pk, application=current)
        stored = document.file
        document.delete()
        # The file goes only once the row is gone for good.
        transaction.on_commit(lambda: stored.delete(save=False))


def pledge(user, app: Application) -> Application:
    """签署承诺书 (PLEDGE) in the applicant's name."""
    with transaction.atomic():
        current = _locked(app)
        _editable(user, current)
        current.pledged_at, current.pledged_by = timezone.now(), user
        current.save(update_fields=["pledged_at", "pledged_by", "updated_at"])
    return current


def missing_for_submit(app: Application) -> dict[str, list[str]]:
    """What still stops the application from being submitted, keyed by the part of the form it concerns (empty
    when it is complete). Reads the items as stored: reassess first for the engine's view now."""
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    items = list(app.items.all())
    if not items:
        add("articles", "请至少选择一项申报条款")
    for item in items:
        if item.computed <= 0:
            why = f"缺少{'、'.join(item.missing)}" if item.missing else "不符合支持条件"
            add(
                "articles",
                f"第{item.article}条{item.title}按现有数据测算金额为 0（{why}），请补充一企一档或取消该条",
            )
    have = set(app.documents.exclude(requirement=None).values_list("requirement_id", flat=True))
    needed = RequiredDocument.objects.filter(
        article__call=app.call_id, article__article__in=[i.article for i in items], required=True
    ).select_related("article")
    for requirement in needed:
        if requirement.pk not in have:
            add("documents", f"第{requirement.article.article}条缺少材料“{requirement.name}”")
    if not app.bank_ready:
        add("bank", "请填写收款账户（户名、开户银行、联行号、账号）")
    if not app.contact_name:
        add("contact_name", "请填写联系人")
    try:
        validators.validate_phone(app.contact_phone)
    except ValidationError as exc:
        errors["contact_phone"] = exc.messages
    if not app.pledged_at:
        add("pledge", "请阅读并签署承诺书")
    return errors


def submit(user, app: Application) -> Application:
    """提交申报: before the call's deadline (or, returned, before the correction deadline), complete, with the
    engine's amounts taken again now as the amounts applied for; the first submission numbers it (受理编号)."""
    with transaction.atomic():
        current = _locked(app)
        _editable(user, current)
        reassess(current)
        errors = missing_for_submit(current)
        elsewhere = taken(current.call, current.applicant, besides=current.pk)
        for item in current.items.all():
            if item.article in elsewhere:
                errors.setdefault("articles", []).append(_taken_refusal(item.article, item.title))
        if errors:
            raise ValidationError(errors)
        for item in current.items.all():
            item.requested = item.computed
            item.save(update_fields=["requested"])
        if not current.number:
            try:
                save_numbered(current, "number", f"SB{current.call.year}")
            except IntegrityError:
                # eight numbers taken meanwhile, one after the other: nothing is written, the applicant retries
                raise ValidationError("受理编号分配冲突，请重新提交") from None
        return run(APPLICATION, "submit", user, current)


def _past_withdrawal(app: Application) -> datetime | None:
    """The deadline that has passed for withdrawing (None: it may still be withdrawn as far as time goes)."""
    deadline = closes_at(app)
    if app.status != ApplicationStatus.DRAFT and deadline and timezone.now() > deadline:
        return deadline
    return None


def may_withdraw(user, app: Application) -> bool:
    """Whether the 撤回申报 button shows: the workflow allows it and the deadline has not passed."""
    if _past_withdrawal(app) is not None:
        return False
    return any(t.name == "withdraw" for t in available(APPLICATION, user, app))


def withdraw(user, app: Application, note: str = "") -> Application:
    """撤回: a draft at any time; a submitted or returned application before its deadline."""
    _deny_unless(permissions.is_member(user, app), "只有申报主体的用户可以撤回申报")
    with transaction.atomic():
        current = _locked(app)
        if deadline := _past_withdrawal(current):
            raise ValidationError(f"已过截止时间 {_when(deadline)}，不能撤回；如需放弃请联系管委会")
        return run(APPLICATION, "withdraw", user, current, note)


# --- the formal check -------------------------------------------------------------------------------------------


def may_recompute(user, app: Application) -> bool:
    """The 重新测算 buttons: the operator while the amounts are not yet decided, or the applicant while it may
    edit the draft."""
    if permissions.can_edit(user, app):
        return True
    return permissions.can_manage(user) and app.status in RECOMPUTABLE


def recompute(user, app: Application) -> list[Change]:
    """重新测算: the items on the applicant's data now — the operator while the application is submitted,
    checked or in review (once decided, a notice or an award stands on the amounts), or the applicant while it
    may edit."""
    _deny_unless(permissions.can_manage(user) or permissions.can_edit(user, app), "无权重新测算该申报")
    with transaction.atomic():
        current = _locked(app)
        if not (permissions.can_edit(user, current) or current.status in RECOMPUTABLE):
            raise WrongState(f"“{current.get_status_display()}”状态的申报已审定金额，不能再重新测算")
        return reassess(current)


def pass_check(user, app: Application, note: str = "") -> Application:
    """形式审查通过: the items are re-evaluated first, so what is decided later starts from the data now."""
    _deny_unless(permissions.can_manage(user), "只有管委会可以进行形式审查")
    with transaction.atomic():
        current = _locked(app)
        if current.status != ApplicationStatus.SUBMITTED:
            raise WrongState(f"“{current.get_status_display()}”状态的申报不能进行形式审查")
        reassess(current)
        return run(APPLICATION, "pass_check", user, current, note)


def return_for_correction(user, app: Application, note: str, deadline: datetime | None) -> Application:
    """退回补正 with what to correct and by when (in the future); the applicant is told both."""
    _deny_unless(permissions.can_manage(user), "只有管委会可以进行形式审查")
    note = (note or "").strip()
    errors = {}
    if not note:
        errors["note"] = ["退回补正时请写明需补正的内容"]
    if deadline is not None and timezone.is_naive(deadline):
        deadline = timezone.make_aware(
            deadline
        )  # a time without a zone is the zone's local time (Asia/Shanghai)
    if deadline is None:
        errors["deadline"] = ["请填写补正截止时间"]
    elif deadline <= timezone.now():
        errors["deadline"] = ["补正截止时间须晚于当前时间"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = _locked(app)
        if current.status != ApplicationStatus.SUBMITTED:
            raise WrongState(f"“{current.get_status_display()}”状态的申报不能退回补正")
        current.correction_deadline = deadline
        current.save(update_fields=["correction_deadline", "updated_at"])
        return run(
            APPLICATION, "return_for_correction", user, current, f"{note}（请于 {_when(deadline)} 前补正）"
        )


def overdue(app: Application) -> bool:
    """A returned application whose correction deadline has passed (逾期未补正): the operator may end it."""
    return (
        app.status == ApplicationStatus.RETURNED
        and app.correction_deadline is not None
        and timezone.now() > app.correction_deadline
    )


def reject(user, app: Application, note: str) -> Application:
    """不予支持, with the reason; a returned application only once its correction deadline has passed."""
    _deny_unless(permissions.can_manage(user), "只有管委会可以作出不予支持的决定")
    with transaction.atomic():
        current = _locked(app)
        if current.status == ApplicationStatus.RETURNED and not overdue(current):
            raise WrongState(
                f"补正期限 {_when(current.correction_deadline)} 未到，申报主体仍可补正，暂不能作出不予支持的决定"
            )
        return run(APPLICATION, "reject", user, current, note)
