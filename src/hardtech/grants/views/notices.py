"""专家评审、审定、公示与异议 pages. The operator's: a call's review page (checked applications with reviewed
articles sent to a review round with its rubric), an application's decision page (per article the engine's cap,
the review results, approve with an amount or reject, with the reason; then 完成审定), a call's new notice, an
objection's resolution, the notice's finalisation. The public's: the notices and one notice (applicant, article,
amount) with the objection form — these work signed out. Thin views: every write goes through
hardtech.grants.decisions or hardtech.grants.notices; a refusal is shown on the form that was sent."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from hardtech.core.api.throttling import CostlyThrottle
from hardtech.core.views import paginate, refusal_on, require
from hardtech.core.workflow import WrongState
from hardtech.grants import applications, decisions, notices, permissions
from hardtech.grants.choices import ApplicationStatus, Decision, NoticeStatus, ObjectionStatus, Route
from hardtech.grants.models import Application, ApplicationItem, Call, Notice, NoticeEntry, Objection
from hardtech.review.forms import RubricForm
from hardtech.review.models import Anonymity

# --- forms ------------------------------------------------------------------------------------------------------


class ReviewForm(RubricForm):
    applications = forms.MultipleChoiceField(
        label="提交评审的申报（形式审查通过、含评审后兑现条款）", widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label="评审轮次名称", max_length=200)
    reviewers_per_item = forms.IntegerField(label="每项评审专家数", min_value=1, max_value=20, initial=3)
    max_load = forms.IntegerField(label="每位专家最多评审数", min_value=1, max_value=200, initial=5)
    deadline = forms.DateTimeField(
        label="评审截止时间", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    anonymity = forms.ChoiceField(label="匿名规则", choices=Anonymity.choices, initial=Anonymity.ANONYMOUS)

    def __init__(self, *args, candidates: list[Application], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(a.pk): a for a in candidates}
        self.fields["applications"].choices = [
            (str(a.pk), f"{a.number or '—'} {a.applicant.name}（{'、'.join(_reviewed(a))}）")
            for a in candidates
        ]
        self.fields["applications"].initial = list(self.candidates)

    def chosen(self) -> list[Application]:
        return [self.candidates[pk] for pk in self.cleaned_data["applications"]]


def _reviewed(application: Application) -> list[str]:
    return [f"第{i.article}条 {i.title}" for i in decisions.needs_review(application)]


class DecisionForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(
        label="审定",
        choices=[("1", "拟支持"), ("0", "不予支持")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    amount = forms.DecimalField(
        label="核定金额（万元）", max_digits=14, decimal_places=2, min_value=0, required=False
    )
    reason = forms.CharField(label="审定理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class NoticeForm(forms.Form):
    title = forms.CharField(label="公示标题", max_length=200)
    starts_on = forms.DateField(label="公示开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(label="公示天数", min_value=1, max_value=notices.MAX_DAYS)


class ObjectionForm(forms.Form):
    entry = forms.TypedChoiceField(label="异议对象", coerce=int, required=False, empty_value=None)
    name = forms.CharField(label="异议人（姓名或单位）", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=30, help_text="11 位手机号或带区号的固定电话")
    email = forms.CharField(label="电子邮箱", max_length=254, required=False, widget=forms.EmailInput)
    content = forms.CharField(
        label="异议内容",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="请写明事实和理由",
    )

    def __init__(self, *args, entries: list[NoticeEntry], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.entries = {e.pk: e for e in entries}
        self.fields["entry"].choices = [("", "整个公示名单")] + [
            (e.pk, f"{e.applicant_name} · 第{e.article}条 {e.article_title} · {e.amount} 万元")
            for e in entries
        ]


class ResolveForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label="处理结果",
        choices=[("0", "异议不成立（公示继续）"), ("1", "异议成立（该申报撤出公示，条款退回重新审定）")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    reason = forms.CharField(label="处理意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


# --- 专家评审 ----------------------------------------------------------------------------------------------------


def _call(request: HttpRequest, pk: int) -> Call:
    require(permissions.can_manage(request.user))
    return get_object_or_404(Call, pk=pk)


@login_required
def call_review(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    candidates = decisions.reviewable(call)
    form = ReviewForm(
        request.POST or None, candidates=candidates, initial={"title": f"{call.title} 专家评审"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = decisions.send_to_review(
                request.user,
                call,
                form.chosen(),
                title=data["title"],
                reviewers_per_item=data["reviewers_per_item"],
                max_load=data["max_load"],
                deadline=data["deadline"],
                anonymity=data["anonymity"],
                criteria=form.criteria(),
            )
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(
                request,
                f"已创建评审轮次“{round_}”，{round_.items.count()} 份申报进入专家评审；请分配评审专家",
            )
            return redirect("review:round_detail", round_.pk)
    return render(
        request,
        "grants/call_review.html",
        {
            "call": call,
            "form": form,
            "candidates": candidates,
            "rounds": decisions.call_rounds(call),
            "to_decide": call.applications.filter(
                status__in=decisions.DECIDING, route=Route.APPLICATION
            ).select_related("applicant"),
        },
    )


# --- 审定 --------------------------------------------------------------------------------------------------------


def _application(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("call", "applicant"), pk=pk)
    if not permissions.can_view(request.user, application):
        raise Http404
    require(permissions.can_manage(request.user))
    return application


def _decision_rows(application: Application, bound: DecisionForm | None) -> list[dict]:
    rows = []
    for item in application.items.all():
        form = bound if bound is not None and bound["item"].value() == str(item.pk) else None
        if form is None:
            form = DecisionForm(
                prefix="d",
                initial={
                    "item": item.pk,
                    "approve": "0" if item.decision == Decision.REJECTED else "1",
                    "amount": item.approved_amount if item.approved_amount is not None else item.computed,
                    "reason": item.decision_reason,
                },
            )
        rows.append({"item": item, "form": form, "room": decisions.remaining_cap(item)})
    return rows


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if application.is_offer:  # 免申即享 is approved for payment on its offer page, not decided here
        return redirect("grants:offer", application.pk)
    bound = None
    if request.method == "POST":
        bound = DecisionForm(request.POST, prefix="d")
        if bound.is_valid():
            data = bound.cleaned_data
            item = get_object_or_404(ApplicationItem, pk=data["item"], application=application)
            try:
                decisions.decide(
                    request.user, item, approve=data["approve"], amount=data["amount"], reason=data["reason"]
                )
            except WrongState as exc:  # decided meanwhile: the page no longer shows the forms
                messages.error(request, str(exc))
                return redirect("grants:decide", application.pk)
            except ValidationError as exc:
                refusal_on(bound, exc)
            else:
                verdict = "拟支持" if data["approve"] else "不予支持"
                messages.success(request, f"第{item.article}条已审定：{verdict}")
                return redirect("grants:decide", application.pk)
        application.refresh_from_db()
    items = list(application.items.all())
    return render(
        request,
        "grants/decide.html",
        {
            "application": application,
            "rows": _decision_rows(application, bound),
            "summary": decisions.review_summary(application),
            "deciding": application.status in decisions.DECIDING,
            "complete": bool(items) and all(i.decision != Decision.PENDING for i in items),
        },
    )


@require_POST
@login_required
def recompute(request: HttpRequest, pk: int) -> HttpResponse:
    """重新测算 from the decision page: the engine's amounts on the applicant's data now, back to this page."""
    application = _application(request, pk)
    try:
        changes = applications.recompute(request.user, application)
    except WrongState as exc:  # decided meanwhile: the amounts stand
        messages.error(request, str(exc))
        return redirect("grants:decide", application.pk)
    if changes:
        said = "；".join(f"第{c.article}条 {c.before} → {c.after} 万元" for c in changes)
        messages.warning(request, f"已按最新一企一档重新测算：{said}")
    else:
        messages.success(request, "已按最新一企一档重新测算，金额没有变化")
    return redirect("grants:decide", application.pk)


@require_POST
@login_required
def conclude(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    try:
        done = decisions.conclude(request.user, application)
    except (ValidationError, WrongState) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        return redirect("grants:decide", application.pk)
    if done.status == ApplicationStatus.DECIDED:
        messages.success(request, f"申报 {done.number} 已审定，待列入公示")
    else:
        messages.success(request, f"申报 {done.number} {decisions.ALL_REJECTED}，已告知申报主体")
    return redirect("grants:call_review", done.call_id)


# --- 公示 --------------------------------------------------------------------------------------------------------


def notice_list(request: HttpRequest) -> HttpResponse:
    """公示 (public): the open notices first ("open" sorts after "final"), newest first."""
    today = notices.today()
    page = paginate(request, Notice.objects.select_related("call").order_by("-status", "-starts_on", "-pk"))
    return render(
        request,
        "grants/notice_list.html",
        {"page": page, "today": today, "is_operator": permissions.can_manage(request.user)},
    )


def _notice_context(request: HttpRequest, notice: Notice, form: ObjectionForm | None) -> dict:
    is_operator = permissions.can_manage(request.user)
    today = notices.today()
    context = {
        "notice": notice,
        "entries": notice.entries.filter(withdrawn=False).order_by("pk"),
        "running": notice.running(today),
        "upcoming": notice.status == NoticeStatus.OPEN and today < notice.starts_on,
        "is_operator": is_operator,
        "form": form,
    }
    if is_operator:
        context["withdrawn"] = notice.entries.filter(withdrawn=True).order_by("pk")
        context["objections"] = notice.objections.select_related("entry", "resolved_by")
        context["open_objections"] = notice.objections.filter(status=ObjectionStatus.OPEN).count()
        context["may_finalise"] = notice.status == NoticeStatus.OPEN and today > notice.ends_on
    return context


def _too_many(request: HttpRequest) -> bool:
    """The API's limit on anonymous objections (its costly rate, per address) holds on the page too, counted
    together; a signed-in user is not limited."""
    request.auth = request.user  # what the throttle reads
    return not CostlyThrottle().allow_request(request)


def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One notice (public): applicant, article and amount only; the objection form while it runs."""
    notice = get_object_or_404(Notice.objects.select_related("call"), pk=pk)
    entries = list(notice.entries.filter(withdrawn=False).order_by("pk"))
    form = ObjectionForm(request.POST or None, entries=entries, prefix="o")
    if request.method == "POST" and _too_many(request):
        form.add_error(None, "提交过于频繁，请稍后再试")
        return render(
            request, "grants/notice_detail.html", _notice_context(request, notice, form), status=429
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notices.lodge_objection(
                request.user,
                notice,
                entry=form.entries.get(data["entry"]) if data["entry"] else None,
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                content=data["content"],
            )
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, "异议已收到，管委会将核实处理，并通过您留下的联系方式反馈")
            return redirect("grants:notice", notice.pk)
    return render(request, "grants/notice_detail.html", _notice_context(request, notice, form))


@login_required
def notice_new(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    today = notices.today()
    starts = call.notice_from if call.notice_from and call.notice_from >= today else today
    form = NoticeForm(
        request.POST or None,
        initial={"title": f"{call.title}拟支持名单公示", "starts_on": starts, "days": call.notice_days},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = notices.publish_notice(
                request.user, call, title=data["title"], starts_on=data["starts_on"], days=data["days"]
            )
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(
                request, f"公示已发布：{notice.entries.count()} 项，至 {notice.ends_on:%Y-%m-%d}"
            )
            return redirect("grants:notice", notice.pk)
    ready = notices.publishable(call)
    return render(
        request,
        "grants/notice_new.html",
        {
            "call": call,
            "form": form,
            "rows": [(a, notices.supported(a)) for a in ready],
            "notices": call.notices.all(),
        },
    )


@login_required
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage(request.user))
    objection = get_object_or_404(Objection.objects.select_related("notice", "entry", "resolved_by"), pk=pk)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notices.resolve_objection(request.user, objection, upheld=data["upheld"], reason=data["reason"])
        except WrongState as exc:  # resolved or finalised meanwhile: the page no longer shows the form
            messages.error(request, str(exc))
            return redirect("grants:notice", objection.notice_id)
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(
                request,
                "异议已处理" + ("：异议成立，该申报已撤出公示并退回重新审定" if data["upheld"] else ""),
            )
            return redirect("grants:notice", objection.notice_id)
    application = objection.entry.item.application if objection.entry_id else None
    return render(
        request,
        "grants/objection_resolve.html",
        {"objection": objection, "form": form, "application": application},
    )


@require_POST
@login_required
def notice_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage(request.user))
    notice = get_object_or_404(Notice, pk=pk)
    try:
        notice = notices.finalise_notice(request.user, notice)
    except (ValidationError, WrongState) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        if notice.entries.filter(withdrawn=False).exists():
            messages.success(request, "公示结果已确定，支持金额已记入资金台账（应付），可编入拨付批次")
        else:
            messages.success(request, "公示结果已确定：公示条目均已撤出，本次公示无支持事项")
    return redirect("grants:notice", notice.pk)


urls = [
    path("calls/<int:pk>/review/", call_review, name="call_review"),
    path("applications/<int:pk>/decide/", decide, name="decide"),
    path("applications/<int:pk>/conclude/", conclude, name="conclude"),
    path("applications/<int:pk>/decide/recompute/", recompute, name="decide_recompute"),
    path("notices/", notice_list, name="notices"),
    path("notices/<int:pk>/", notice_detail, name="notice"),
    path("calls/<int:pk>/notices/new/", notice_new, name="notice_new"),
    path("notices/<int:pk>/finalise/", notice_finalise, name="notice_finalise"),
    path("objections/<int:pk>/resolve/", objection_resolve, name="objection_resolve"),
]
