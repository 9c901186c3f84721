"""申报通知: the operator opens a call for a policy and a year (create_call), edits it while it is a draft — or,
once published, everything but what applicants have already applied for (update_call, set_article), lists the
documents each article needs with their templates (add_requirement, remove_requirement), publishes it
(publish_call) and ends it after the deadline (close_call).

Also who sees which call (visible_calls: drafts are the operator's) and how long one still takes applications
(Countdown), as the pages and the API show them.

Every write checks who (PermissionDenied), then the call's state (WrongState: an ended call changes no more) and
the input (ValidationError in Chinese, keyed by the form's field), in one transaction; the audit trail records
each row (apps.ready).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from hardtech.accounts.models import User
from hardtech.catalogue.services import Conflict
from hardtech.core.uploads import INLINE_TYPES, display_name, sniff_file
from hardtech.core.workflow import WrongState
from hardtech.engines.policy import Policy, list_policies
from hardtech.grants import permissions
from hardtech.grants.choices import LIVE_STATUSES, CallStatus, Mode
from hardtech.grants.models import DOCUMENT_TYPES, ApplicationItem, Call, CallArticle, RequiredDocument
from hardtech.grants.notifications import GRANT_CALL
from hardtech.grants.permissions import can_manage
from hardtech.notifications.services import notify
from hardtech.policies.views.running import policy_named

TEMPLATE_MAX_MB = 10
# What update_call may change; the policy and the year only while the call is a draft.
CALL_FIELDS = ("title", "description", "opens_at", "deadline", "review_by", "notice_from", "notice_days")
DRAFT_FIELDS = ("policy", "year")


def _deny_unless_operator(user: User) -> None:
    if not can_manage(user):
        raise PermissionDenied("只有管委会可以管理申报通知")


def _policy(name: str) -> Policy:
    if name not in list_policies():
        raise ValidationError({"policy": [f"没有名为“{name}”的政策"]})
    return policy_named(name)


def paying_articles(policy: Policy) -> dict[str, str]:
    """The articles of the policy that pay (条款编号 → 条款名称): what a call may open."""
    return {str(a.number): a.title for a in policy.paying_articles}


def applied_articles(call: Call) -> set[str]:
    """The articles some live application or offer of the call includes: their mode and documents stay put."""
    return set(
        ApplicationItem.objects.filter(
            application__call=call, application__status__in=LIVE_STATUSES
        ).values_list("article", flat=True)
    )


@dataclass
class Countdown:
    """How long a call still takes applications, as the hub and the call page show it."""

    state: str  # draft | upcoming | open | ended (the CSS class)
    label: str

    @classmethod
    def of(cls, call: Call, now: datetime | None = None) -> "Countdown":
        now = now or timezone.now()
        if call.status == CallStatus.DRAFT:
            return cls("draft", "未发布")
        if call.status == CallStatus.CLOSED or now > call.deadline:
            return cls("ended", "申报已截止")
        if now < call.opens_at:
            return cls("upcoming", f"{timezone.localtime(call.opens_at):%Y-%m-%d %H:%M} 开始受理")
        left = call.deadline - now
        if left.days >= 1:
            return cls("open", f"距截止还有 {left.days} 天")
        hours = left.seconds // 3600
        return cls("open", f"距截止还有 {hours} 小时" if hours else "即将截止（不足 1 小时）")


def visible_calls(user) -> QuerySet[Call]:
    """Published and ended calls are public; drafts are the operator's."""
    qs = Call.objects.all()
    return qs if can_manage(user) else qs.exclude(status=CallStatus.DRAFT)


def _check_articles(policy: Policy, articles: Mapping[str, str]) -> dict[str, list[str]]:
    paying = paying_articles(policy)
    errors = []
    if unknown := [a for a in articles if a not in paying]:
        errors.append(f"以下条款不是《{policy.title}》的支持条款：{'、'.join(f'第{a}条' for a in unknown)}")
    if bad := [a for a, mode in articles.items() if mode not in Mode.values]:
        errors.append(f"兑现方式无效：{'、'.join(f'第{a}条' for a in bad)}")
    return {"articles": errors} if errors else {}


def _check_dates(call: Call) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if call.opens_at and call.deadline and call.deadline <= call.opens_at:
        errors["deadline"] = ["申报截止时间须晚于受理开始时间"]
    last_day = timezone.localdate(call.deadline) if call.deadline else None
    if call.review_by and last_day and call.review_by < last_day:
        errors["review_by"] = ["评审完成日期不能早于申报截止日期"]
    if call.notice_from and last_day and call.notice_from < last_day:
        errors["notice_from"] = ["公示开始日期不能早于申报截止日期"]
    elif call.notice_from and call.review_by and call.notice_from < call.review_by:
        errors["notice_from"] = ["公示开始日期不能早于评审完成日期"]
    return errors


def _check_year(policy: Policy, year: int | None) -> dict[str, list[str]]:
    if year is None or not policy.first_year <= year <= policy.last_year:
        return {"year": [f"《{policy.title}》适用于 {policy.first_year}—{policy.last_year} 年度"]}
    return {}


def _clean(call: Call, errors: dict[str, list[str]]) -> None:
    """The model's own checks (lengths, ranges) with ours, raised together."""
    try:
        call.full_clean(exclude=["created_by", "status", "version"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(m for m in messages if m not in errors.get(name, []))
    if errors:
        raise ValidationError(errors)


def _write_articles(call: Call, policy: Policy, articles: Mapping[str, str]) -> None:
    """Make the call's open articles exactly `articles` (number → mode), keeping each kept one's guidance and
    documents; titles come from the policy."""
    titles = paying_articles(policy)
    dropped = call.articles.exclude(article__in=list(articles))
    _drop_templates_on_commit(RequiredDocument.objects.filter(article__in=dropped))
    dropped.delete()
    for number, mode in articles.items():
        CallArticle.objects.update_or_create(
            call=call, article=number, defaults={"mode": mode, "title": titles[number]}
        )


def create_call(
    user: User,
    *,
    policy: str,
    year: int,
    title: str,
    description: str = "",
    opens_at: datetime,
    deadline: datetime,
    review_by: date | None = None,
    notice_from: date | None = None,
    notice_days: int = 7,
    articles: Mapping[str, str],
) -> Call:
    """A draft call (草稿) with its open articles (条款编号 → 兑现方式)."""
    _deny_unless_operator(user)
    rules = _policy(policy)
    articles = {str(k): v for k, v in articles.items()}
    call = Call(
        policy=policy,
        year=year,
        title=" ".join((title or "").split()),
        description=(description or "").strip(),
        opens_at=opens_at,
        deadline=deadline,
        review_by=review_by,
        notice_from=notice_from,
        notice_days=notice_days,
        created_by=user,
    )
    _clean(call, {**_check_year(rules, year), **_check_articles(rules, articles), **_check_dates(call)})
    with transaction.atomic():
        call.save()
        _write_articles(call, rules, articles)
    return call


def update_call(
    user: User,
    call: Call,
    *,
    version: int | None = None,
    articles: Mapping[str, str] | None = None,
    **fields: Any,
) -> Call:
    """Change a call's fields and (when given) its open articles. A draft may change anything; a published call
    keeps its policy, year and the articles applicants have applied for (mode and presence); an ended call
    nothing. Based on an older `version`: Conflict."""
    _deny_unless_operator(user)
    allowed = CALL_FIELDS + DRAFT_FIELDS
    if unknown := set(fields) - set(allowed):
        raise ValidationError({name: ["该字段不能在此修改"] for name in unknown})
    with transaction.atomic():
        current = Call.objects.select_for_update().get(pk=call.pk)
        if version is not None and version != current.version:
            raise Conflict(current, version)
        if current.status == CallStatus.CLOSED:
            raise WrongState("申报通知已结束，不能再修改")
        errors: dict[str, list[str]] = {}
        if current.status != CallStatus.DRAFT:
            for name in DRAFT_FIELDS:
                if name in fields and fields[name] != getattr(current, name):
                    errors[name] = ["通知发布后不能更改政策和申报年度"]
        for name, value in fields.items():
            setattr(current, name, value)
        current.title = " ".join((current.title or "").split())
        current.description = (current.description or "").strip()
        rules = _policy(current.policy)
        errors.update(_check_year(rules, current.year))
        errors.update(_check_dates(current))
        if articles is not None:
            articles = {str(k): v for k, v in articles.items()}
            errors.update(_check_articles(rules, articles))
            errors.update(_check_applied(current, articles))
        elif "policy" in fields:
            kept = set(current.articles.values_list("article", flat=True))
            errors.update(_check_articles(rules, dict.fromkeys(kept, Mode.INSTANT)))
        _clean(current, errors)
        current.version += 1
        current.save()
        if articles is not None:
            _write_articles(current, rules, articles)
    return current


def _check_applied(call: Call, articles: Mapping[str, str]) -> dict[str, list[str]]:
    """A published call's applied-for articles keep their place and their mode."""
    if call.status == CallStatus.DRAFT:
        return {}
    modes = dict(call.articles.values_list("article", "mode"))
    touched = [a for a in sorted(applied_articles(call), key=int) if articles.get(a) != modes.get(a)]
    if touched:
        names = "、".join(f"第{a}条" for a in touched)
        return {"articles": [f"{names}已有申报，不能取消开放或更改兑现方式"]}
    return {}


def set_article(user: User, call: Call, article: str, mode: str, guidance: str = "") -> CallArticle:
    """Open one article (or change its mode and 申报说明); on a published call an applied-for article keeps its
    mode, but its guidance may be corrected."""
    _deny_unless_operator(user)
    article = str(article)
    rules = _policy(call.policy)
    if errors := _check_articles(rules, {article: mode}):
        raise ValidationError(
            {"mode" if article in paying_articles(rules) else "article": errors["articles"]}
        )
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        current = Call.objects.select_for_update().get(pk=call.pk)
        if current.status == CallStatus.CLOSED:
            raise WrongState("申报通知已结束，不能再修改")
        existing = current.articles.filter(article=article).first()
        if (
            existing is not None
            and existing.mode != mode
            and current.status != CallStatus.DRAFT
            and article in applied_articles(current)
        ):
            errors = {"mode": [f"第{article}条已有申报，不能更改兑现方式"]}
        open_article = existing or CallArticle(call=current, article=article)
        open_article.mode = mode
        open_article.title = paying_articles(rules)[article]
        open_article.guidance = (guidance or "").strip()
        try:
            open_article.full_clean(exclude=["call"], validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        open_article.save()
        current.version += 1
        current.save(update_fields=["version"])
    return open_article


def _check_requirement_change(article: CallArticle) -> None:
    """Submitted applications were checked against the documents asked for: those stay as they were."""
    if article.call.status == CallStatus.CLOSED:
        raise WrongState("申报通知已结束，不能再修改")
    if article.call.status != CallStatus.DRAFT and article.article in applied_articles(article.call):
        raise ValidationError(f"第{article.article}条已有申报，不能再更改其申报材料要求")


def add_requirement(
    user: User,
    article: CallArticle,
    *,
    name: str,
    description: str = "",
    required: bool = True,
    types: list[str] | tuple[str, ...] = ("pdf",),
    max_mb: int = 10,
    template: UploadedFile | None = None,
) -> RequiredDocument:
    """申报材料: a document the article needs, the file types accepted (PDF, PNG, JPEG) and the size limit, with
    an optional template the applicants download (PDF, PNG or JPEG by its bytes, at most 10 MB)."""
    _deny_unless_operator(user)
    _check_requirement_change(article)
    errors: dict[str, list[str]] = {}
    types = list(dict.fromkeys(types))
    if not types:
        errors["types"] = ["请至少选择一种允许的文件类型"]
    elif unknown := [t for t in types if t not in DOCUMENT_TYPES]:
        allowed = "、".join(t.upper() for t in DOCUMENT_TYPES)
        errors["types"] = [f"不支持的文件类型：{'、'.join(unknown)}（可选 {allowed}）"]
    requirement = RequiredDocument(
        article=article,
        name=" ".join(name.split()),
        description=" ".join(description.split()),
        required=required,
        types=types,
        max_mb=max_mb,
    )
    if template is not None:
        kind = sniff_file(template)
        if template.size > TEMPLATE_MAX_MB * 1024 * 1024:
            errors["template"] = [f"模板“{display_name(template.name)}”超过 {TEMPLATE_MAX_MB} MB"]
        elif kind not in INLINE_TYPES:
            errors["template"] = [f"模板“{display_name(template.name)}”不是 PDF、PNG 或 JPEG 文件"]
        requirement.template_type = kind
        requirement.template_name = display_name(template.name)
    try:
        requirement.full_clean(exclude=["article", "template"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if template is not None:
            requirement.template = template
        requirement.save()
    return requirement


def remove_requirement(user: User, requirement: RequiredDocument) -> None:
    _deny_unless_operator(user)
    _check_requirement_change(requirement.article)
    with transaction.atomic():
        _drop_templates_on_commit([requirement])
        requirement.delete()


def _drop_templates_on_commit(requirements) -> None:
    """Delete the requirements' template files once the transaction removing their rows has committed (a
    rollback keeps both)."""
    for requirement in requirements:
        if requirement.template:
            name, storage = requirement.template.name, requirement.template.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))


def publish_call(user: User, call: Call) -> Call:
    """草稿 → 已发布: shown on the hub to every applicant; the operators get an inbox notice."""
    _deny_unless_operator(user)
    with transaction.atomic():
        current = Call.objects.select_for_update().get(pk=call.pk)
        if current.status != CallStatus.DRAFT:
            raise WrongState(f"申报通知当前为“{current.get_status_display()}”，只有草稿可以发布")
        errors = []
        if not current.articles.exists():
            errors.append("请至少开放一个条款")
        if current.deadline <= timezone.now():
            errors.append("申报截止时间已过，请先修改截止时间")
        if errors:
            raise ValidationError(errors)
        current.status = CallStatus.PUBLISHED
        current.published_at = timezone.now()
        current.version += 1
        current.save(update_fields=["status", "published_at", "version"])
        operators = permissions.operators().exclude(pk=user.pk)
        notify(
            operators,
            GRANT_CALL.code,
            current,
            title=f"申报通知已发布：{current.title}",
            body=f"申报截止时间 {timezone.localtime(current.deadline):%Y-%m-%d %H:%M}",
            url=reverse("grants:call", args=[current.pk]),
            actor=user,
        )
    return current


def close_call(user: User, call: Call) -> Call:
    """已发布 → 已结束, once the deadline has passed: the call takes no more applications; those already in go on
    through check, review, notice and payment."""
    _deny_unless_operator(user)
    with transaction.atomic():
        current = Call.objects.select_for_update().get(pk=call.pk)
        if current.status != CallStatus.PUBLISHED:
            raise WrongState(f"申报通知当前为“{current.get_status_display()}”，只有已发布的通知可以结束")
        if not current.past_deadline():
            raise ValidationError("申报截止前不能结束通知；如需提前截止，请先修改申报截止时间")
        current.status = CallStatus.CLOSED
        current.version += 1
        current.save(update_fields=["status", "version"])
    return current
