"""The grants hub and the call pages: open calls with their countdown for everyone, an applicant's own
applications and offers, the operator's desk links per call; a call's page (articles, modes, documents and
templates, dates, 在线申报); the operator's forms to open, edit, publish and end a call, set an article and list
its documents.

Views parse and render; every write is a call to hardtech.grants.calls, whose refusals reach the user as they
are. A draft call is the operator's alone: for anyone else it is a 404.
"""

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hardtech.catalogue.services import Conflict
from hardtech.core.uploads import file_policy, serve
from hardtech.core.views import form_errors, refusal_on, require
from hardtech.core.workflow import WrongState
from hardtech.engines.policy import list_policies
from hardtech.grants import calls, permissions
from hardtech.grants.calls import Countdown, visible_calls
from hardtech.grants.choices import LIVE_STATUSES, ApplicationStatus, CallStatus, Mode, Route
from hardtech.grants.models import DOCUMENT_TYPES, Application, Call, CallArticle, RequiredDocument
from hardtech.policies.forms import default_year
from hardtech.policies.views.running import policy_named

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ARTICLE_PREFIX = "article_"
CLOSED_SHOWN = 10  # past calls listed on the hub


# --- forms ------------------------------------------------------------------------------------------------------


class CallForm(forms.Form):
    """A call's fields and, per paying article of its policy, whether it is open and how it pays."""

    policy = forms.ChoiceField(label="政策")
    year = forms.IntegerField(label="申报年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="通知标题", max_length=200)
    description = forms.CharField(
        label="通知正文", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    opens_at = forms.DateTimeField(label="受理开始时间", widget=DATETIME)
    deadline = forms.DateTimeField(label="申报截止时间", widget=DATETIME)
    review_by = forms.DateField(label="评审完成日期", required=False, widget=DATE)
    notice_from = forms.DateField(label="公示开始日期", required=False, widget=DATE)
    notice_days = forms.IntegerField(label="公示天数", min_value=1, max_value=60, initial=7)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, policy: str, applied: frozenset[str] = frozenset(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].choices = [(name, policy_named(name).title) for name in list_policies()]
        for number, title in calls.paying_articles(policy_named(policy)).items():
            self.fields[ARTICLE_PREFIX + number] = forms.ChoiceField(
                label=f"第{number}条 {title}",
                required=False,
                choices=[("", "不开放"), *Mode.choices],
                help_text="已有申报：不能取消开放或更改兑现方式" if number in applied else "",
            )

    def article_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(ARTICLE_PREFIX)]

    def articles(self) -> dict[str, str]:
        return {
            name.removeprefix(ARTICLE_PREFIX): mode
            for name, mode in self.cleaned_data.items()
            if name.startswith(ARTICLE_PREFIX) and mode
        }

    def call_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return {k: v for k, v in data.items() if not k.startswith(ARTICLE_PREFIX)}


class ArticleForm(forms.Form):
    mode = forms.ChoiceField(label="兑现方式", choices=Mode.choices)
    guidance = forms.CharField(
        label="申报说明", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequirementForm(forms.Form):
    name = forms.CharField(label="材料名称", max_length=100)
    description = forms.CharField(label="要求说明", required=False, max_length=500)
    required = forms.BooleanField(label="必须提交", required=False, initial=True)
    types = forms.MultipleChoiceField(
        label="允许的文件类型",
        choices=[(t, t.upper()) for t in DOCUMENT_TYPES],
        initial=["pdf"],
        widget=forms.CheckboxSelectMultiple,
    )
    max_mb = forms.IntegerField(label="大小上限（MB）", min_value=1, max_value=50, initial=10)
    template = forms.FileField(label="模板（PDF、PNG 或 JPEG，不超过 10 MB）", required=False)


# --- what the pages show ----------------------------------------------------------------------------------------


def visible_call(request: HttpRequest, pk: int) -> Call:
    return get_object_or_404(visible_calls(request.user), pk=pk)


def _with_countdown(call_list) -> list[Call]:
    now = timezone.now()
    out = list(call_list)
    for call in out:
        call.countdown = Countdown.of(call, now)
    return out


def _with_modes(call_list: list[Call]) -> list[Call]:
    """`modes` on each call: how its articles pay (免申即享, 即申即享, 评审后兑现) with how many articles each."""
    counts = Counter(CallArticle.objects.filter(call__in=call_list).values_list("call_id", "mode").order_by())
    for call in call_list:
        call.modes = [
            (code, label, counts[call.pk, code]) for code, label in Mode.choices if counts[call.pk, code]
        ]
    return call_list


@dataclass(frozen=True)
class RouteCount:
    """How many of a call's applications (or offers) are in one status, and the list that shows them."""

    label: str
    n: int
    url: str


def _status_counts(call_ids: list[int]) -> dict[int, list[tuple[str, list[RouteCount]]]]:
    """Per call, by route (申报, then 免申即享), the count in each status (in the workflow's order, only those
    with some), each linked to its list: applications to the desk filtered by status, offers to the offers page
    (the desk lists applications only)."""
    counts: dict[int, Counter] = {pk: Counter() for pk in call_ids}
    rows = (
        Application.objects.filter(call_id__in=call_ids)
        .values("call_id", "route", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["call_id"]][row["route"], row["status"]] = row["n"]
    out: dict[int, list[tuple[str, list[RouteCount]]]] = {}
    for pk, c in counts.items():
        desk = reverse("grants:desk", args=[pk])
        offers = reverse("grants:call_offers", args=[pk])
        routes = []
        for route, label in ((Route.APPLICATION, "申报"), (Route.OFFER, "免申即享")):
            found = [
                RouteCount(
                    status_label,
                    c[route, code],
                    f"{desk}?status={code}" if route == Route.APPLICATION else offers,
                )
                for code, status_label in ApplicationStatus.choices
                if c[route, code]
            ]
            if found:
                routes.append((label, found))
        out[pk] = routes
    return out


# --- the hub ----------------------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """政策兑现: the calls taking applications, the applicant's own applications and offers, the operator's
    calls with their counts and desk links."""
    user = request.user
    now = timezone.now()
    published = Call.objects.filter(status=CallStatus.PUBLISHED)
    context: dict = {
        "open_calls": _with_modes(
            _with_countdown(published.filter(deadline__gte=now).order_by("deadline", "id"))
        ),
        "past_calls": _with_countdown(
            visible_calls(user)
            .exclude(status=CallStatus.DRAFT)
            .exclude(status=CallStatus.PUBLISHED, deadline__gte=now)[:CLOSED_SHOWN]
        ),
        "is_operator": permissions.can_manage(user),
    }
    organisations = permissions.applicant_organisations(user)
    if organisations:
        mine = list(
            permissions.visible_applications(user)
            .filter(applicant__in=organisations)
            .order_by("-created_at", "-id")
        )
        context["organisations"] = organisations
        context["applications"] = [a for a in mine if a.route == Route.APPLICATION]
        context["offers"] = [a for a in mine if a.route == Route.OFFER]
    if context["is_operator"]:
        all_calls = _with_countdown(Call.objects.all())
        counts = _status_counts([c.pk for c in all_calls])
        for call in all_calls:
            call.status_counts = counts[call.pk]
        context["all_calls"] = all_calls
    return render(request, "grants/index.html", context)


# --- a call's page ----------------------------------------------------------------------------------------------


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = visible_call(request, pk)
    user = request.user
    is_operator = permissions.can_manage(user)
    articles = list(call.articles.prefetch_related("documents"))
    applied = calls.applied_articles(call) if is_operator else set()
    frozen = call.status == CallStatus.CLOSED
    for article in articles:
        article.applied = article.article in applied
        article.locked = frozen or (article.applied and call.status != CallStatus.DRAFT)
        if is_operator and not frozen:
            article.form = ArticleForm(
                initial={"mode": article.mode, "guidance": article.guidance}, prefix=f"a{article.pk}"
            )
            # One form per article, with ids of its own (the fields' names are the same in each).
            article.requirement_form = RequirementForm(auto_id=f"r{article.pk}-%s")
    organisations = permissions.applicant_organisations(user)
    mine = (
        permissions.visible_applications(user)
        .filter(call=call, applicant__in=organisations, status__in=LIVE_STATUSES)
        .order_by("route", "-created_at")
        if organisations
        else []
    )
    return render(
        request,
        "grants/call_detail.html",
        {
            "call": call,
            "policy": policy_named(call.policy),
            "articles": articles,
            "countdown": Countdown.of(call),
            "accepting": call.accepting(),
            "may_apply": bool(organisations),
            "mine": mine,
            "is_operator": is_operator,
            "may_edit": is_operator and not frozen,
            "may_publish": is_operator and call.status == CallStatus.DRAFT,
            "may_close": is_operator and call.status == CallStatus.PUBLISHED and call.past_deadline(),
            "counts": _status_counts([call.pk])[call.pk] if is_operator else [],
        },
    )


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage(request.user))
    names = list_policies()
    wanted = request.POST.get("policy") or request.GET.get("policy", "")
    policy = wanted if wanted in names else names[0]
    if request.method == "POST":
        form = CallForm(request.POST, policy=policy)
        if form.is_valid():
            try:
                call = calls.create_call(request.user, **form.call_fields(), articles=form.articles())
            except ValidationError as exc:
                refusal_on(form, exc)
            else:
                messages.success(request, f"已创建申报通知草稿“{call.title}”")
                return redirect("grants:call", call.pk)
    else:
        now = timezone.localtime().replace(second=0, microsecond=0)
        form = CallForm(
            policy=policy,
            initial={
                "policy": policy,
                "year": default_year(policy_named(policy)),
                "opens_at": now,
                "deadline": now + timezone.timedelta(days=30),
                "notice_days": 7,
            },
        )
    return render(request, "grants/call_form.html", {"form": form})


@login_required
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = visible_call(request, pk)
    require(permissions.can_manage(request.user))
    if call.status == CallStatus.CLOSED:
        messages.error(request, "申报通知已结束，不能再修改")
        return redirect("grants:call", call.pk)
    applied = frozenset(calls.applied_articles(call)) if call.status != CallStatus.DRAFT else frozenset()
    initial = {name: getattr(call, name) for name in ("policy", "year", *calls.CALL_FIELDS, "version")}
    initial["opens_at"] = timezone.localtime(call.opens_at)
    initial["deadline"] = timezone.localtime(call.deadline)
    for article in call.articles.all():
        initial[ARTICLE_PREFIX + article.article] = article.mode
    form = CallForm(request.POST or None, policy=call.policy, applied=applied, initial=initial)
    if call.status != CallStatus.DRAFT:  # a published call keeps its policy and year
        form.fields["policy"].disabled = form.fields["year"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            saved = calls.update_call(
                request.user,
                call,
                version=form.cleaned_data.get("version"),
                articles=form.articles(),
                **form.call_fields(),
            )
        except Conflict as exc:
            data = form.data.copy()
            data["version"] = str(exc.current.version)  # saving again, having looked, applies this input
            form.data = data
            form.add_error(None, f"{exc}。下面保留了您填写的内容，确认后再次保存将以它为准。")
        except WrongState as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, f"已保存申报通知“{saved.title}”")
            return redirect("grants:call", call.pk)
    return render(request, "grants/call_form.html", {"form": form, "call": call})


def _back(call: Call, anchor: str = "") -> HttpResponse:
    return redirect(reverse("grants:call", args=[call.pk]) + (f"#{anchor}" if anchor else ""))


def _take(request: HttpRequest, pk: int, step, done: str) -> HttpResponse:
    """A step on the whole call (publish, close): its refusal or `done` as a message, back to the call."""
    call = visible_call(request, pk)
    try:
        step(request.user, call)
    except WrongState as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done.format(title=call.title))
    return _back(call)


@require_POST
@login_required
def call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _take(request, pk, calls.publish_call, "申报通知“{title}”已发布")


@require_POST
@login_required
def call_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _take(request, pk, calls.close_call, "申报通知“{title}”已结束受理")


@require_POST
@login_required
def call_article(request: HttpRequest, pk: int, article: str) -> HttpResponse:
    """Open an article, or change its mode and 申报说明 (the form of each article on the call's page)."""
    call = visible_call(request, pk)
    require(permissions.can_manage(request.user))
    existing = call.articles.filter(article=article).first()
    form = ArticleForm(request.POST, prefix=f"a{existing.pk}" if existing else None)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return _back(call, f"article-{article}")
    try:
        saved = calls.set_article(request.user, call, article, **form.cleaned_data)
    except WrongState as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已保存 {saved}（{saved.get_mode_display()}）")
    return _back(call, f"article-{article}")


@require_POST
@login_required
def requirement_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(CallArticle.objects.select_related("call"), pk=pk)
    call = visible_call(request, article.call_id)
    require(permissions.can_manage(request.user))
    form = RequirementForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return _back(call, f"article-{article.article}")
    try:
        requirement = calls.add_requirement(request.user, article, **form.cleaned_data)
    except WrongState as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"{article}：已添加申报材料“{requirement.name}”")
    return _back(call, f"article-{article.article}")


@require_POST
@login_required
def requirement_remove(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = get_object_or_404(RequiredDocument.objects.select_related("article__call"), pk=pk)
    call = visible_call(request, requirement.article.call_id)
    try:
        calls.remove_requirement(request.user, requirement)
    except WrongState as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"{requirement.article}：已删除申报材料“{requirement.name}”")
    return _back(call, f"article-{requirement.article.article}")


@file_policy
def template(request: HttpRequest, pk: int) -> FileResponse:
    """A document's template, for whoever may see its call (a draft call's: the operator only)."""
    requirement = get_object_or_404(RequiredDocument.objects.select_related("article"), pk=pk)
    visible_call(request, requirement.article.call_id)
    if not requirement.template:
        raise Http404
    return serve(requirement.template, requirement.template_name, requirement.template_type)


urls = [
    path("", index, name="index"),
    path("calls/new/", call_new, name="call_new"),
    path("calls/<int:pk>/", call_detail, name="call"),
    path("calls/<int:pk>/edit/", call_edit, name="call_edit"),
    path("calls/<int:pk>/publish/", call_publish, name="call_publish"),
    path("calls/<int:pk>/close/", call_close, name="call_close"),
    path("calls/<int:pk>/articles/<slug:article>/", call_article, name="call_article"),
    path("articles/<int:pk>/requirements/", requirement_add, name="requirement_add"),
    path("requirements/<int:pk>/remove/", requirement_remove, name="requirement_remove"),
    path("requirements/<int:pk>/template/", template, name="template"),
]
