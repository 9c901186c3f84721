"""The application pages: 在线申报 (the engine's pre-filled view, then the draft), my applications, the central
application page (the applicant fills and submits it; the operator checks it; assigned reviewers read it
without bank details), the printable 受理回执, the permission-checked document download, and the operator's
desk of a call's applications.

Views parse and render; every write is a call to hardtech.grants.applications, whose refusals reach the user
as they are (a form's errors inline, a button's as a message). An application the user may not see is a 404.
"""

from collections import Counter

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hardtech.catalogue.models import Organisation
from hardtech.catalogue.services import Conflict
from hardtech.core.history import history_rows
from hardtech.core.uploads import file_policy, serve
from hardtech.core.views import form_errors, paginate, refusal_on, require
from hardtech.core.workflow import WrongState, available
from hardtech.grants import applications as services
from hardtech.grants import ledger, permissions
from hardtech.grants.assessment import Assessment, assess
from hardtech.grants.choices import LIVE_STATUSES, ApplicationStatus, Mode, Route
from hardtech.grants.models import Application, ApplicationDocument, Call, RequiredDocument
from hardtech.grants.workflow import APPLICATION

# --- forms ------------------------------------------------------------------------------------------------------


class ApplicationForm(forms.Form):
    articles = forms.MultipleChoiceField(
        label="申报条款",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="免申即享条款无需申报",
    )
    summary = forms.CharField(
        label="项目简介",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="评审专家阅读的申报内容：主要研发投入、成果与本年度计划",
    )
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(
        label="联系电话", max_length=30, required=False, help_text="手机或带区号的固定电话"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        call: Call,
        assessment: Assessment | None = None,
        taken: frozenset[str] = frozenset(),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["articles"].choices = [
            (
                a.article,
                f"第{a.article}条 {a.title}（{a.get_mode_display()}）{_amount(assessment, a.article)}"
                + (f"（{TAKEN}）" if a.article in taken else ""),
            )
            for a in call.articles.exclude(mode=Mode.NO_APPLICATION)
        ]


TAKEN = "已在本年度其他申报或兑现中"


def _amount(assessment: Assessment | None, article: str) -> str:
    found = assessment.article(article) if assessment else None
    return f" · 测算 {found.amount} 万元" if found else ""


class BankForm(forms.Form):
    account_name = forms.CharField(
        label="收款户名", max_length=200, help_text="须与申报主体名称一致（对公账户）"
    )
    bank_name = forms.CharField(label="开户银行", max_length=100, help_text="含支行名称")
    bank_code = forms.CharField(label="开户行联行号", max_length=20, help_text="12 位数字")
    account_number = forms.CharField(label="收款账号", max_length=40, help_text="8–32 位数字，可含空格")


class UploadForm(forms.Form):
    requirement = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(label="文件")


class CheckForm(forms.Form):
    ACTIONS = [("pass", "形式审查通过"), ("return", "退回补正"), ("reject", "不予支持")]
    action = forms.ChoiceField(label="审查结论", choices=ACTIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label="审查意见",
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回补正与不予支持须写明理由；申报主体会收到通知",
    )
    deadline = forms.DateTimeField(
        label="补正截止时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="仅退回补正时填写",
    )

    def __init__(self, *args, app: Application, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if app.status == ApplicationStatus.RETURNED:  # 逾期未补正: only ending it is left
            self.fields["action"].choices = [("reject", "不予支持")]
            self.fields["action"].initial = "reject"
            self.fields["note"].initial = "逾期未补正"
            self.fields["note"].help_text = "申报主体未在补正期限内补正；申报主体会收到通知"
            del self.fields["deadline"]


def may_check(user, app: Application) -> bool:
    """The 形式审查 form shows: a submitted application, or a returned one past its correction deadline."""
    return permissions.can_manage(user) and (
        app.status == ApplicationStatus.SUBMITTED or services.overdue(app)
    )


class NoteForm(forms.Form):
    note = forms.CharField(required=False, max_length=500)


class DeskForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False)
    article = forms.ChoiceField(label="条款", required=False)
    q = forms.CharField(label="申报主体或受理编号", required=False, max_length=100)

    def __init__(self, *args, call: Call, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "全部（草稿除外）"), *APPLICATION_STATUSES]
        self.fields["article"].choices = [("", "全部条款")] + [
            (a.article, f"第{a.article}条 {a.title}") for a in call.articles.all()
        ]

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


# The statuses an application (not an offer) goes through, for the desk's filter and counts.
APPLICATION_STATUSES = [
    (code, label)
    for code, label in ApplicationStatus.choices
    if code not in (ApplicationStatus.OFFERED, ApplicationStatus.CONFIRMED, ApplicationStatus.DECLINED)
]


# --- helpers ----------------------------------------------------------------------------------------------------


def visible_application(request: HttpRequest, pk: int) -> Application:
    """The application, or 404 when it does not exist or the user may not see it."""
    app = Application.objects.select_related("call", "applicant", "pledged_by").filter(pk=pk).first()
    if app is None or not permissions.can_view(request.user, app):
        raise Http404
    return app


def back(app: Application, anchor: str = "") -> HttpResponse:
    return redirect(reverse("grants:application", args=[app.pk]) + (f"#{anchor}" if anchor else ""))


def _said(exc: Exception) -> str:
    return "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _application_form(app: Application, assessment: Assessment | None, data=None) -> ApplicationForm:
    taken = frozenset(services.taken(app.call, app.applicant, besides=app.pk))
    initial = {
        "articles": list(app.items.values_list("article", flat=True)),
        "summary": app.summary,
        "contact_name": app.contact_name,
        "contact_phone": app.contact_phone,
        "version": app.version,
    }
    return ApplicationForm(data, call=app.call, assessment=assessment, taken=taken, initial=initial)


def bank_form(app: Application, data=None) -> BankForm:
    initial = {
        "account_name": app.bank_account_name or app.applicant.name,
        "bank_name": app.bank_name,
        "bank_code": app.bank_code,
        "account_number": app.bank_account_number,
    }
    return BankForm(data, initial=initial)


# --- 在线申报 ---------------------------------------------------------------------------------------------------


def _organisation(request: HttpRequest, choices: list[Organisation]) -> Organisation | None:
    wanted = request.POST.get("organisation") or request.GET.get("organisation") or ""
    if len(choices) == 1 and not wanted:
        return choices[0]
    return next((o for o in choices if str(o.pk) == wanted), None)


@login_required
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """The engine's pre-filled view of the call for the applicant, and 开始填报 (a live application resumes)."""
    call = get_object_or_404(Call, pk=pk)
    choices = permissions.applicant_organisations(request.user)
    if not choices:
        messages.error(request, "只有企业、高校院所、投资机构等申报主体的用户可以在线申报")
        return redirect("grants:call", call.pk)
    organisation = _organisation(request, choices)
    if organisation is not None:
        live = Application.objects.filter(
            call=call, applicant=organisation, route=Route.APPLICATION, status__in=LIVE_STATUSES
        ).first()
        if live is not None:
            return back(live)
    if request.method == "POST" and organisation is not None:
        try:
            app = services.start_application(request.user, call, organisation)
        except ValidationError as exc:
            messages.error(request, _said(exc))
        else:
            messages.success(request, "已为您预填申报书：请核对条款、补充材料与收款账户后提交")
            return back(app)
    return render(
        request,
        "grants/apply.html",
        {
            "call": call,
            "choices": choices,
            "organisation": organisation,
            "assessment": assess(call, organisation) if organisation else None,
            "taken": services.taken(call, organisation) if organisation else set(),
            "accepting": call.accepting(),
        },
    )


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """我的申报: the applications the user's organisations made (and, for reviewers, those assigned)."""
    apps = (
        permissions.visible_applications(request.user)
        .filter(route=Route.APPLICATION)
        .order_by("-call__year", "-created_at")
    )
    if permissions.can_manage(request.user):
        apps = apps.exclude(status=ApplicationStatus.DRAFT)
    page = paginate(request, apps)
    return render(
        request,
        "grants/application_list.html",
        {"page": page, "is_operator": permissions.can_manage(request.user)},
    )


# --- the application's page -------------------------------------------------------------------------------------


def _requirements(app: Application, articles: list[str]) -> list[dict]:
    """Per article applied for, its required documents with what was uploaded for each."""
    uploads: dict[int, list[ApplicationDocument]] = {}
    for d in app.documents.select_related("uploaded_by"):
        uploads.setdefault(d.requirement_id, []).append(d)
    requirements = RequiredDocument.objects.filter(
        article__call=app.call_id, article__article__in=articles
    ).select_related("article")
    return [{"requirement": r, "uploads": uploads.get(r.pk, [])} for r in requirements]


def _detail(request: HttpRequest, app: Application, **bound) -> HttpResponse:
    user = request.user
    is_operator = permissions.can_manage(user)
    is_member = permissions.is_member(user, app)
    show_bank = permissions.can_see_bank(user, app)
    editable = services.may_edit(user, app)
    items = list(app.items.all())
    balances = ledger.balances_for(i.pk for i in items)
    # The engine's view now, beside the stored one: what the applicant fills in, and the operator's 测算变化.
    live = assess(app.call, app.applicant) if (editable or is_operator) else None
    rows = []
    for item in items:
        now = live.article(item.article) if live else None
        rows.append({"item": item, "now": now, "balance": balances[item.pk]})
    articles = [i.article for i in items]
    paid = sum((b.paid for b in balances.values()), ledger.ZERO)
    context = {
        "application": app,
        "call": app.call,
        "items": items,
        "rows": rows,
        "balances": balances,
        "paid": paid,
        "is_operator": is_operator,
        "is_member": is_member,
        "show_bank": show_bank,
        "editable": editable,
        "assessment": live,
        "requirements": _requirements(app, articles),
        "missing": services.missing_for_submit(app) if editable else {},
        "closes_at": services.closes_at(app),
        "pledge_text": services.PLEDGE,
        "can_submit": editable and any(t.name == "submit" for t in available(APPLICATION, user, app)),
        "can_withdraw": services.may_withdraw(user, app),
        "can_recompute": services.may_recompute(user, app),
        "can_check": may_check(user, app),
        "can_correct_bank": services.may_correct_bank(user, app),
        "note_label": _note_label(app),
        "has_receipt": bool(app.number) and (is_operator or is_member),
        "history": history_rows(app) if (is_operator or is_member) else None,
        "profile_url": reverse("policies:profile", args=[app.applicant_id]),
        "application_form": bound.get("application_form")
        or (_application_form(app, live) if editable else None),
        "bank_form": bound.get("bank_form") or (bank_form(app) if editable else None),
        "correction_form": bound.get("correction_form")
        or (bank_form(app) if services.may_correct_bank(user, app) else None),
        "check_form": bound.get("check_form") or (CheckForm(app=app) if is_operator else None),
    }
    return render(request, "grants/application_detail.html", context)


def _note_label(app: Application) -> str:
    """What the application's last note is: the workflow keeps the note of the latest step."""
    if app.status == ApplicationStatus.CHECKED:
        reopened = app.items.filter(notice_entries__withdrawn=True).exists()
        return "公示异议处理意见" if reopened else "形式审查意见"
    return {
        ApplicationStatus.WITHDRAWN: "撤回说明",
        ApplicationStatus.REJECTED: "不予支持理由",
    }.get(app.status, "")


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = visible_application(request, pk)
    if app.is_offer:
        return redirect("grants:offer", app.pk)
    return _detail(request, app)


@require_POST
@login_required
def save(request: HttpRequest, pk: int) -> HttpResponse:
    app = visible_application(request, pk)
    form = ApplicationForm(request.POST, call=app.call)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.save_application(
                request.user,
                app,
                summary=data["summary"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                articles=data["articles"],
                version=data["version"],
            )
        except Conflict as exc:
            fresh = form.data.copy()
            fresh["version"] = str(exc.current.version)  # saving again, having looked, applies this input
            form.data = fresh
            form.add_error(None, f"{exc}。下面保留了您填写的内容，确认后再次保存将以它为准。")
        except WrongState as exc:  # no longer a draft: the page no longer has the form
            messages.error(request, f"未能保存：{exc}")
            return back(app)
        except ValidationError as exc:
            refusal_on(form, exc)
        else:
            messages.success(request, "申报书已保存")
            return back(app, "application-form")
    return _detail(request, Application.objects.get(pk=app.pk), application_form=form)


@require_POST
@login_required
def bank(request: HttpRequest, pk: int) -> HttpResponse:
    app = visible_application(request, pk)
    form = BankForm(request.POST)
    if form.is_valid():
        try:
            services.set_bank_account(request.user, app, **form.cleaned_data)
        except ValidationError as exc:
            refusal_on(form, exc)
        except WrongState as exc:  # no longer a draft: the page no longer has the form
            messages.error(request, f"未能保存收款账户：{exc}")
            return back(app)
        else:
            messages.success(request, "收款账户已保存")
            return back(app, "bank")
    return _detail(request, app, bank_form=form)


@require_POST
@login_required
def correct_bank(request: HttpRequest, pk: int) -> HttpResponse:
    """更正收款账户 after approval (the applicant's users or the operator)."""
    app = visible_application(request, pk)
    form = BankForm(request.POST)
    if not services.may_correct_bank(request.user, app):
        messages.error(request, f"“{app.get_status_display()}”状态不能更正收款账户")
        return back(app)
    if form.is_valid():
        try:
            services.change_bank_account(request.user, app, **form.cleaned_data)
        except ValidationError as exc:
            refusal_on(form, exc)
        except (WrongState, PermissionDenied) as exc:
            messages.error(request, str(exc))
            return back(app)
        else:
            messages.success(request, "收款账户已更正，此后的拨付汇入更正后的账户")
            return back(app, "bank")
    if app.is_offer:  # the offer page draws its own form again: the refusal goes there as a message
        messages.error(request, form_errors(form))
        return back(app)
    return _detail(request, app, correction_form=form)


@require_POST
@login_required
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    app = visible_application(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件")
        return back(app, "documents")
    requirement = RequiredDocument.objects.filter(pk=form.cleaned_data["requirement"]).first()
    if requirement is None:
        raise Http404
    try:
        document = services.upload_document(request.user, app, requirement, form.cleaned_data["file"])
    except (ValidationError, WrongState) as exc:
        messages.error(request, _said(exc))
    else:
        messages.success(request, f"已上传“{document.name}”（{requirement.name}）")
    return back(app, "documents")


@require_POST
@login_required
def remove_document(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    app = visible_application(request, pk)
    document = get_object_or_404(ApplicationDocument, pk=document_pk, application=app)
    try:
        services.remove_document(request.user, document)
    except (ValidationError, WrongState) as exc:
        messages.error(request, _said(exc))
    else:
        messages.success(request, f"已删除“{document.name}”")
    return back(app, "documents")


def _step(request: HttpRequest, pk: int, take, done: str, anchor: str = "") -> HttpResponse:
    """A button's step: the service's refusal as a message, its success as another."""
    app = visible_application(request, pk)
    try:
        take(app)
    except (ValidationError, WrongState) as exc:
        messages.error(request, _said(exc))
    else:
        messages.success(request, done)
    return back(app, anchor)


@require_POST
@login_required
def pledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda app: services.pledge(request.user, app), "已签署承诺书", "pledge")


@require_POST
@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    app = visible_application(request, pk)
    try:
        app = services.submit(request.user, app)
    except (ValidationError, WrongState) as exc:
        messages.error(request, "未能提交：" + _said(exc))
        return back(app, "submit")
    messages.success(request, f"申报已提交，受理编号 {app.number}；可打印受理回执")
    return back(app)


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    form = NoteForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    return _step(request, pk, lambda app: services.withdraw(request.user, app, note), "申报已撤回")


@require_POST
@login_required
def recompute(request: HttpRequest, pk: int) -> HttpResponse:
    app = visible_application(request, pk)
    try:
        changes = services.recompute(request.user, app)
    except (ValidationError, WrongState, PermissionDenied) as exc:
        messages.error(request, _said(exc))
        return back(app, "items")
    if changes:
        said = "；".join(f"第{c.article}条 {c.before} → {c.after} 万元" for c in changes)
        messages.warning(request, f"已按最新一企一档重新测算：{said}")
    else:
        messages.success(request, "已按最新一企一档重新测算，金额没有变化")
    return back(app, "items")


@require_POST
@login_required
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """形式审查: pass, return for correction (note and deadline) or reject (note)."""
    app = visible_application(request, pk)
    require(permissions.can_manage(request.user))
    form = CheckForm(request.POST, app=app)
    if not may_check(request.user, app):
        # changed meanwhile (checked in another tab, corrected by the applicant): the page no longer has the form
        messages.error(request, f"申报现为“{app.get_status_display()}”，不能按此提交形式审查结论")
        return back(app)
    if form.is_valid():
        data = form.cleaned_data
        actions = {
            "pass": lambda: services.pass_check(request.user, app, data["note"]),
            "return": lambda: services.return_for_correction(
                request.user, app, data["note"], data.get("deadline")
            ),
            "reject": lambda: services.reject(request.user, app, data["note"]),
        }
        try:
            done = actions[data["action"]]()
        except (ValidationError, WrongState) as exc:
            fresh = Application.objects.get(pk=app.pk)
            if isinstance(exc, WrongState) or not may_check(request.user, fresh):
                messages.error(request, f"未能提交审查结论：{_said(exc)}")
                return back(fresh)
            refusal_on(form, exc)
        else:
            messages.success(request, f"{done.number}：{done.get_status_display()}")
            return back(done)
    return _detail(request, app, check_form=form)


# --- receipt, documents ------------------------------------------------------------------------------------------


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """受理回执 (printable): for the applicant and the operator, once the application has its number."""
    app = visible_application(request, pk)
    if not app.number or not (
        permissions.is_member(request.user, app) or permissions.can_manage(request.user)
    ):
        raise Http404
    return render(
        request,
        "grants/receipt.html",
        {
            "application": app,
            "items": list(app.items.all()),
            "documents": list(app.documents.select_related("requirement")),
            "total": sum((i.requested for i in app.items.all()), ledger.ZERO),
            "printed_at": timezone.now(),
        },
    )


@file_policy
def document(request: HttpRequest, pk: int) -> FileResponse:
    """A document of an application, for those who see it; 404 for everyone else (anonymous included)."""
    doc = get_object_or_404(ApplicationDocument.objects.select_related("application"), pk=pk)
    if not request.user.is_authenticated or not permissions.can_view(request.user, doc.application):
        raise Http404
    return serve(doc.file, doc.name, doc.content_type)


# --- the operator's desk -----------------------------------------------------------------------------------------


@login_required
def desk(request: HttpRequest, pk: int) -> HttpResponse:
    """A call's applications by status, with filters and counts (形式审查 starts here)."""
    require(permissions.can_manage(request.user))
    call = get_object_or_404(Call, pk=pk)
    apps = Application.objects.filter(call=call, route=Route.APPLICATION).select_related("applicant")
    counts = Counter(apps.values_list("status", flat=True))
    form = DeskForm(request.GET, call=call)
    if status := form.value("status"):
        apps = apps.filter(status=status)
    else:
        apps = apps.exclude(status=ApplicationStatus.DRAFT)
    if article := form.value("article"):
        apps = apps.filter(items__article=article)
    if q := form.value("q").strip():
        apps = apps.filter(Q(applicant__name__icontains=q) | Q(number__icontains=q))
    order = "submitted_at" if status == ApplicationStatus.SUBMITTED else "-submitted_at"
    page = paginate(request, apps.prefetch_related("items").order_by(order, "id").distinct())
    for app in page.object_list:
        app.requested_total = sum((i.requested for i in app.items.all()), ledger.ZERO)
        app.computed_total = sum((i.computed for i in app.items.all()), ledger.ZERO)
    return render(
        request,
        "grants/desk.html",
        {
            "call": call,
            "form": form,
            "page": page,
            "counts": [
                (code, label, counts[code]) for code, label in APPLICATION_STATUSES if counts.get(code)
            ],
            "total": sum(counts.values()),
            "now": timezone.now(),
        },
    )


urls = [
    path("calls/<int:pk>/apply/", apply, name="apply"),
    path("calls/<int:pk>/applications/", desk, name="desk"),
    path("applications/", application_list, name="applications"),
    path("applications/<int:pk>/", detail, name="application"),
    path("applications/<int:pk>/save/", save, name="application_save"),
    path("applications/<int:pk>/bank/", bank, name="application_bank"),
    path("applications/<int:pk>/bank/correct/", correct_bank, name="application_bank_correct"),
    path("applications/<int:pk>/documents/", upload, name="application_upload"),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/remove/",
        remove_document,
        name="application_document_remove",
    ),
    path("applications/<int:pk>/pledge/", pledge, name="application_pledge"),
    path("applications/<int:pk>/submit/", submit, name="application_submit"),
    path("applications/<int:pk>/withdraw/", withdraw, name="application_withdraw"),
    path("applications/<int:pk>/recompute/", recompute, name="application_recompute"),
    path("applications/<int:pk>/check/", check, name="application_check"),
    path("applications/<int:pk>/receipt/", receipt, name="receipt"),
    path("documents/<int:pk>/", document, name="document"),
]
